// Types of scripts/gen-types.mjs for the test that keeps the generated types fresh.
export interface GenTarget {
  schema: string;
  out: string;
  name: string;
  /** Declarations whose names match go to a second file, re-exported by `out`. */
  split?: { out: string; names: RegExp };
}
export interface GeneratedFile {
  out: string;
  text: string;
}
export const TARGETS: GenTarget[];
/** The target's files, its own (`out`) first. */
export function generate(target: GenTarget): Promise<GeneratedFile[]>;
