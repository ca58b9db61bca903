// JSON with comments (`//`, `/* */`) and trailing commas, as VS Code writes settings.json: read only
// (init cannot write such a file back without losing the comments). Strings are kept as written, so
// a "//" inside one is text, not a comment.

/** The parsed value of a JSONC text; throws SyntaxError when it is not JSON even without comments. */
export function parseJsonc(text: string): unknown {
  return JSON.parse(withoutTrailingCommas(withoutComments(text)));
}

/** Whether the text has comments or trailing commas (plain JSON.parse would refuse it). */
export function isJsonc(text: string): boolean {
  return withoutTrailingCommas(withoutComments(text)) !== text;
}

/** Index just past the string literal that opens at `start` (a `"`), escapes included. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

/** Each comment replaced by a space (a comment separates tokens). */
function withoutComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
    } else if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
      out += ' ';
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      out += ' ';
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** White space, then the end of an object or array: what makes the comma before it trailing. */
const CLOSES = /\s*[}\]]/y;

/** A comma followed (after white space) by `}` or `]` dropped; text without comments. */
function withoutTrailingCommas(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
      continue;
    }
    i++;
    CLOSES.lastIndex = i;
    if (c === ',' && CLOSES.test(text)) continue;
    out += c;
  }
  return out;
}
