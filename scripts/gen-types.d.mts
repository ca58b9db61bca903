// Types of scripts/gen-types.mjs for the test that keeps the generated types fresh.
export interface GenTarget {
  schema: string;
  out: string;
  name: string;
}
export const TARGETS: GenTarget[];
export function generate(target: GenTarget): Promise<string>;
