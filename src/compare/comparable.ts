// Whether a conversation in both runs can be compared at all. One that cannot is shown apart with
// the reason and left out of the statistics and the gate: its pass rates would measure something
// other than a change of the agent.
import type { NotCompared } from '../model/comparison.js';
import type { ConversationResult } from '../model/result.js';
import { finishedRuns } from './side.js';

export interface NotComparedWhy {
  verdict: NotCompared;
  reason: string;
}

/**
 * No finished run on a side (every run skipped, interrupted or a simulator fault there): there is
 * no rate to compare.
 */
function notRun(base: readonly ConversationResult[], head: readonly ConversationResult[]): NotComparedWhy | undefined {
  const missing = [
    ...(finishedRuns(base).length === 0 ? ['base'] : []),
    ...(finishedRuns(head).length === 0 ? ['head'] : []),
  ];
  if (missing.length === 0) return undefined;
  return {
    verdict: 'not-run',
    reason: `no finished run in ${missing.join(' or ')} (skipped, interrupted or a simulator fault)`,
  };
}

/** Why the conversation's two sides cannot be compared; undefined when they can. */
export function notComparedWhy(
  base: readonly ConversationResult[],
  head: readonly ConversationResult[],
): NotComparedWhy | undefined {
  return notRun(base, head);
}
