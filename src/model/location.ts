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
    uses.push(`in step "${via.step}" used at ${formatLocation(via.loc)}`);
  return uses.length ? ` (${uses.join(', ')})` : '';
}

/** The location with the uses of the steps it was written in: what reports show. */
export function describeLocation(loc: SourceLocation | undefined): string {
  return formatLocation(loc) + formatVia(loc);
}
