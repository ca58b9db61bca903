// Where something came from in a user's file: every user-facing error names file:line:col.
export interface SourceLocation {
  /** Path as the user gave it (relative to the working directory when possible). */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  col: number;
}

export function formatLocation(loc: SourceLocation | undefined): string {
  return loc ? `${loc.file}:${loc.line}:${loc.col}` : '<unknown>';
}
