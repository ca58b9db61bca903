// What the page needs to show a mismatch at a glance: word-level differences, a one-line reason per
// row, and numbers a person can read (74.04286300000012 → 74).
import { diffWordsWithSpace } from 'diff';
import type { ConversationResult } from '../../model/result.js';
import { failureMessage } from '../junit-text.js';

/** `['=', text]` in both, `['-', text]` only in the expected, `['+', text]` only in the actual. */
export type WordPart = ['=' | '-' | '+', string];

export function wordDiff(expected: string, actual: string): WordPart[] {
  return diffWordsWithSpace(expected, actual).map((p) => [p.removed ? '-' : p.added ? '+' : '=', p.value]);
}

/** Long float tails from arithmetic (latency sums, similarity scores) rounded for reading. */
export function roundNumbers(text: string): string {
  return text.replace(/\d+\.\d{3,}/g, (m) => {
    const n = Number(m);
    return String(Number(n.toFixed(Math.abs(n) < 10 ? 2 : 0)));
  });
}

/**
 * The row's one-line reason: the first failed assertion (or the error), where it is written; why a
 * conversation was skipped or cut short. Only a passed row has none.
 */
export function rowReason(c: ConversationResult): string | undefined {
  if (c.status === 'skipped') return c.skipReason ? `skipped: ${c.skipReason}` : undefined;
  if (c.status === 'interrupted') return roundNumbers(c.error ? `interrupted: ${c.error.message}` : 'interrupted');
  if (c.status !== 'failed' && c.status !== 'error') return undefined;
  return roundNumbers(failureMessage(c));
}
