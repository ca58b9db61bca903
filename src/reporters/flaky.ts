// Flaky conversations: passed only on a retry, or mixed results over repeats. Shown, counted, and
// never hidden behind a pass.
import type { ConversationResult, RunResult } from '../model/result.js';
import { formatPercent } from './format.js';

/** Why a passed run is flaky (it needed a retry), else undefined. */
export function retryFlakiness(c: Pick<ConversationResult, 'status' | 'attempts'>): string | undefined {
  return c.status === 'passed' && c.attempts.length > 1 ? `flaky: passed on attempt ${c.attempts.length}` : undefined;
}

export interface FlakyEntry {
  file: string;
  name: string;
  reason: string;
}

/** One entry per spec conversation, in result order. */
export function flakyConversations(result: Pick<RunResult, 'conversations' | 'repeats'>): FlakyEntry[] {
  const bySpec = new Map<string, FlakyEntry>();
  for (const r of result.repeats) {
    if (r.passed > 0 && r.passed < r.runs)
      bySpec.set(r.specId, {
        file: r.file,
        name: r.name,
        reason: `mixed results: ${r.passed}/${r.runs} runs passed (${formatPercent(r.passRate)})`,
      });
  }
  for (const c of result.conversations) {
    const reason = retryFlakiness(c);
    if (reason && !bySpec.has(c.specId))
      bySpec.set(c.specId, { file: c.file, name: c.name, reason: reason.replace('flaky: ', '') });
  }
  return [...bySpec.values()];
}
