// What the page needs to show a mismatch at a glance: word-level differences and a one-line reason per
// row. Messages are shown as written: they quote the agent's and the spec's text, whose numbers (an
// amount, an IP address, a version) must never be changed; the matchers round their own figures.
import { diffWordsWithSpace } from 'diff';
import type { ConversationResult } from '../../model/result.js';
import { failureMessage } from '../junit-text.js';

/** `['=', text]` in both, `['-', text]` only in the expected, `['+', text]` only in the actual. */
export type WordPart = ['=' | '-' | '+', string];

export function wordDiff(expected: string, actual: string): WordPart[] {
  return diffWordsWithSpace(expected, actual).map((p) => [p.removed ? '-' : p.added ? '+' : '=', p.value]);
}

/**
 * The row's one-line reason: the first failed assertion (or the error), where it is written; why a
 * conversation was skipped or cut short. Only a passed row has none.
 */
export function rowReason(c: ConversationResult): string | undefined {
  if (c.status === 'skipped') return c.skipReason ? `skipped: ${c.skipReason}` : undefined;
  if (c.status === 'interrupted') return c.error ? `interrupted: ${c.error.message}` : 'interrupted';
  if (c.status !== 'failed' && c.status !== 'error') return undefined;
  return failureMessage(c);
}
