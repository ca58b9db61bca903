// proto3 JSON Durations ("1.5s", "0.012300s") of platform results → milliseconds.

/** Milliseconds of a canonical Duration string; undefined when absent or not a Duration. */
export function msOfDuration(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(-?\d+(?:\.\d+)?)s$/.exec(value);
  return m ? Number(m[1]) * 1000 : undefined;
}
