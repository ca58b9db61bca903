// Where something came from in a user's file: every user-facing error names file:line:col.
export interface SourceLocation {
  /** Path as the user gave it (relative to the working directory when possible). */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  col: number;
  /**
   * Set when this was written in a reusable step (`steps:`): the `use:` that brought it into the
   * conversation (whose own location may in turn be inside another step).
   */
  via?: StepUse;
}

/** A `use: <step>` turn: which step, and where the use was written. */
export interface StepUse {
  step: string;
  loc: SourceLocation;
}

export function formatLocation(loc: SourceLocation | undefined): string {
  return loc ? `${loc.file}:${loc.line}:${loc.col}` : '<unknown>';
}

/** ` (in step "login" used at spec.yaml:12:7)`, innermost use first; '' outside steps. */
export function formatVia(loc: SourceLocation | undefined): string {
  const uses: string[] = [];
  for (let via = loc?.via; via; via = via.loc.via)
    uses.push(`in step ${quoted(via.step)} used at ${formatLocation(via.loc)}`);
  return uses.length ? ` (${uses.join(', ')})` : '';
}

/** The location with the uses of the steps it was written in: what reports show. */
export function describeLocation(loc: SourceLocation | undefined): string {
  return formatLocation(loc) + formatVia(loc);
}

/**
 * Controls JSON.stringify leaves as they are: DEL and the C1 controls (0x9b starts a terminal escape
 * sequence as ESC [ does), the Unicode line and paragraph separators, and the bidirectional
 * overrides that reorder what is shown.
 */
const UNESCAPED_CONTROLS = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const unicodeEscape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * User text (a key, a name, a path as written) quoted for a one-line message: `"tur\nns"`. Line
 * breaks, quotes and every control character are escaped as in JSON, so a message stays one line
 * and no escape sequence reaches a terminal.
 */
export function quoted(text: string): string {
  return JSON.stringify(text).replace(UNESCAPED_CONTROLS, unicodeEscape);
}

// eslint-disable-next-line no-control-regex
const C0_CONTROLS = /[\u0000-\u001f]/g;

/** Every control character and line break of `text` escaped (`\n`, `\u001b`), the rest as it is. */
export function oneLine(text: string): string {
  return text.replace(C0_CONTROLS, (c) => JSON.stringify(c).slice(1, -1)).replace(UNESCAPED_CONTROLS, unicodeEscape);
}

/**
 * A value as a one-line message shows it: a string quoted (so "2" is not read as 2), a number as a
 * number (NaN too), anything else as JSON where it can be.
 */
export function shown(value: unknown): string {
  if (typeof value === 'string') return quoted(value);
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  try {
    return oneLine(JSON.stringify(value) ?? String(value));
  } catch {
    return oneLine(String(value));
  }
}
