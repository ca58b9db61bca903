// The one user-facing error type of spec, config and app files: `file:line:col path: text`.
import { formatLocation, formatVia, oneLine, quoted, type SourceLocation } from '../model/location.js';

/** Stable codes; tests and tools match on these, never on message text. */
export const SPEC_ERROR_CODES = [
  'UNKNOWN_KEY',
  'WRONG_TYPE',
  'MISSING_KEY',
  'TWO_INPUTS',
  'NO_INPUT',
  'BAD_REGEX',
  'ENV_UNSET',
  'YAML_SYNTAX',
  'DUPLICATE_NAME',
  'MISSING_FILE',
  'BAD_VALUE',
  'READ_FAILED',
  'NOT_A_FILE',
  'TOO_LARGE',
  'TOO_DEEP',
  'NOT_YAML',
  'BAD_AUDIO',
  'NOT_UTF8',
  'JSON_SYNTAX',
] as const;
export type SpecErrorCode = (typeof SPEC_ERROR_CODES)[number];

export class SpecError extends Error {
  /**
   * @param path key path of the offending node, `a.b[2].c` ('' for the document root)
   * @param text what is wrong, without location or path
   */
  constructor(
    readonly code: SpecErrorCode | (string & {}),
    readonly loc: SourceLocation,
    readonly path: string,
    readonly text: string,
  ) {
    // Inside a reusable step, the use(s) that brought it in follow the text. One line whatever the
    // user wrote: what a message quotes is `quoted`, and any control character left (a file name, a
    // list of names) is escaped here.
    super(oneLine(`${formatLocation(loc)}${path ? ` ${path}` : ''}: ${text}${formatVia(loc)}`));
    this.name = 'SpecError';
  }
}

/** `['conversations', 2, 'turns']` → `conversations[2].turns`. */
export function formatPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${quoted(seg)}]`;
  }
  return out;
}

/** Errors in reading order: by file, then line, then column. */
export function sortErrors(errors: SpecError[]): SpecError[] {
  return [...errors].sort(
    (a, b) => a.loc.file.localeCompare(b.loc.file) || a.loc.line - b.loc.line || a.loc.col - b.loc.col,
  );
}
