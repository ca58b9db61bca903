// "did you mean" for unknown keys: the closest known key by edit distance, when close enough.
import { quoted } from '../model/location.js';

/**
 * Edit distance where insert, delete, substitute and swapping two adjacent letters each cost 1
 * (optimal string alignment): a swap like `sya` for `say` is one typo, not two.
 */
export function editDistance(a: string, b: string): number {
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, beforePrevious[j - 2]! + 1);
      current[j] = best;
    }
    [beforePrevious, previous] = [previous, current];
  }
  return previous[b.length]!;
}

/**
 * The known key closest to `key`, if the distance is small relative to the key length
 * (a third of it, at least 1), compared case-insensitively so `UseToolFakes` finds `useToolFakes`.
 */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  const limit = Math.max(1, Math.floor(Math.max(key.length, 3) / 3));
  return bestDistance <= limit ? best : undefined;
}

/**
 * One line for a name no option has, with the closest known one when it is close enough
 * (`unknown option "retires" (did you mean "retries"?)`), else, with `listed` (a short list), the
 * names there are (`unknown io member "output" (one of out, warn, env, isTTY, stream)`). A name
 * inside an option object is shown under its path, `under` (`overrides.`), and so is its hint.
 */
export function unknownNameText(
  name: string,
  known: readonly string[],
  what: string,
  listed = false,
  under = '',
): string {
  const near = suggestKey(name, known);
  const hint = near ? ` (did you mean ${quoted(under + near)}?)` : listed ? ` (one of ${known.join(', ')})` : '';
  return `unknown ${what} ${quoted(under + name)}${hint}`;
}
