// Text similarity for `text: {similar}` and golden text comparison.
import { diffChars } from 'diff';

/** Lower-cases, collapses runs of whitespace and trims, so layout and case do not count as differences. */
function normalizeText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Similarity in [0, 1] of two texts after normalizeText: 2·LCS / (|a| + |b|), where LCS is the
 * number of characters the two share in order (the ratio of Python's difflib.SequenceMatcher,
 * computed exactly with jsdiff's Myers diff). 1 means equal; two empty texts are equal.
 */
export function similarity(a: string, b: string): number {
  const left = normalizeText(a);
  const right = normalizeText(b);
  const total = left.length + right.length;
  if (total === 0) return 1;
  let common = 0;
  for (const part of diffChars(left, right)) {
    if (!part.added && !part.removed) common += part.value.length;
  }
  return (2 * common) / total;
}
