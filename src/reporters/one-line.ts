// Text printed as one line stays one line, and stays text. CI runners read stdout line by line: GitHub
// Actions runs any line starting with `::` as a workflow command, so a line break inside a conversation
// name or an agent's message must never reach the stream raw. Terminals obey control characters: an
// escape sequence in a spec name or an agent's reply could recolour, move the cursor, retitle the
// window or hide text, so every control character is shown as an escape, never sent; in a colour
// terminal only the reporter's own colours are sent, added after the text's controls were escaped.

/** C0 controls but tab, DEL, C1 controls, and the bidirectional overrides that reorder what is shown. */
function isControl(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x09) ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** A colour (SGR) sequence such as `ESC[2m` or `ESC[31;1m`, as the reporters' own colours write them. */
const SGR = /^\[[0-9;]*m/;

function escapeControls(text: string, keepColours: boolean, keepLineBreaks = false): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isControl(code) || (keepLineBreaks && (code === 0x0a || code === 0x0d))) out += text[i];
    else if (keepColours && code === 0x1b && SGR.test(text.slice(i + 1, i + 16))) out += text[i];
    else out += `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return out;
}

/**
 * `\r\n`, `\r` and `\n` shown as the two characters `\n` (the line breaks .NET's ReadLine splits on);
 * any other control character as `\u001b`-style escapes. With `keepColours` (a colour terminal),
 * colour sequences stay: the reporter's own, for it colours its lines; the text it coloured must
 * have gone through `escapeTextControls` first, or a colour from the text (conceal, `ESC[8m`) stays
 * too. Every other sequence is still escaped.
 */
export function escapeLineBreaks(text: string, keepColours = false): string {
  const oneLine = text.replace(/\r\n|\r|\n/g, '\\n');
  // Most lines have no control character: return them as they are, without a copy.
  for (let i = 0; i < oneLine.length; i++) {
    if (isControl(oneLine.charCodeAt(i))) return escapeControls(oneLine, keepColours);
  }
  return oneLine;
}

/**
 * A string from a spec, an agent or a judge, before a reporter colours it: every control character
 * but the line breaks (which `escapeLineBreaks` shows as `\n` once the line is built, and which a
 * golden diff splits on) shown as an escape. The reporter's own colour sequences are added after
 * this, so a colour terminal receives those and nothing the user or the agent wrote (an `ESC[8m`
 * in a name or the judge's reasoning would conceal the rest of the line).
 */
function escapeTextControls(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isControl(code) && code !== 0x0a && code !== 0x0d) return escapeControls(text, false, true);
  }
  return text;
}

/**
 * `escapeTextControls` over every string (and key) of a result, copying only what changed: the
 * same object back when nothing held a control character, as nearly every result does.
 */
export function withTextControlsEscaped<T>(value: T): T {
  if (typeof value === 'string') return escapeTextControls(value) as T;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item: unknown, i) => {
      const escaped = withTextControlsEscaped(item);
      if (escaped !== item) (copy ??= [...value])[i] = escaped;
    });
    return (copy ?? value) as T;
  }
  if (value === null || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const keys = Object.keys(source);
  let copy: Record<string, unknown> | undefined;
  keys.forEach((key, i) => {
    const shownKey = escapeTextControls(key);
    const item = withTextControlsEscaped(source[key]);
    if (!copy && (shownKey !== key || item !== source[key]))
      copy = Object.fromEntries(keys.slice(0, i).map((before) => [before, source[before]]));
    if (copy) copy[shownKey] = item;
  });
  return (copy ?? value) as T;
}

/**
 * Whole lines of console text whose first characters after blanks are `::` (the runner trims
 * leading whitespace, NEL included, before it looks for a command: actions/runner
 * ActionCommand.TryParseV2) get that first colon shown as `\u003a`. A line may be a golden diff's
 * context line (`  ` and then the agent's text), or begin with a name: only the reporters' own
 * annotations (github.ts) may start a command.
 */
export function defuseCommands(text: string): string {
  return text.replace(/^([\s\u0085]*):(?=:)/gm, '$1\\u003a');
}
