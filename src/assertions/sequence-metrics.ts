// Comparing an expected list of names with what happened: order modes, precision and recall.

/** Does `actual` (one entry's names) answer to `wanted`? */
export type NameTest = (wanted: string, actualIndex: number) => boolean;

export interface SequenceScores {
  /** Multiset overlap: how many expected names were matched by distinct actual entries. */
  matched: number;
  /** matched / actual entries (1 when both are empty, 0 when only actual is). */
  precision: number;
  /** matched / expected names (1 when nothing was expected). */
  recall: number;
}

export function scoreSequence(expected: readonly string[], actualCount: number, same: NameTest): SequenceScores {
  const used = new Set<number>();
  let matched = 0;
  for (const wanted of expected) {
    for (let i = 0; i < actualCount; i++) {
      if (used.has(i) || !same(wanted, i)) continue;
      used.add(i);
      matched += 1;
      break;
    }
  }
  const precision = actualCount === 0 ? (expected.length === 0 ? 1 : 0) : matched / actualCount;
  const recall = expected.length === 0 ? 1 : matched / expected.length;
  return { matched, precision, recall };
}

/** Expected names appear in this order, possibly with other entries between them. */
export function isSubsequence(expected: readonly string[], actualCount: number, same: NameTest): boolean {
  let i = 0;
  for (const wanted of expected) {
    while (i < actualCount && !same(wanted, i)) i += 1;
    if (i === actualCount) return false;
    i += 1;
  }
  return true;
}

export function isExactSequence(expected: readonly string[], actualCount: number, same: NameTest): boolean {
  return expected.length === actualCount && expected.every((wanted, i) => same(wanted, i));
}
