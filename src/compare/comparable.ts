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

function inputsHashes(runs: readonly ConversationResult[]): Set<string> {
  return new Set(finishedRuns(runs).flatMap((r) => (r.inputsHash === undefined ? [] : [r.inputsHash])));
}

/**
 * The conversation sends something else now (its inputsHash differs: turn inputs, variables,
 * history, session settings, tool fakes or the simulated user's brief): a changed test, whose new
 * pass rate says nothing about a change of the agent. `rescore` and `run --replay` refuse a
 * recording on the same ground. Runs that recorded no hash (results of schema 2) cannot tell and
 * are compared.
 */
function inputsChanged(
  base: readonly ConversationResult[],
  head: readonly ConversationResult[],
): NotComparedWhy | undefined {
  const [before, after] = [inputsHashes(base), inputsHashes(head)];
  if (before.size === 0 || after.size === 0) return undefined;
  if (before.size === after.size && [...before].every((h) => after.has(h))) return undefined;
  return {
    verdict: 'inputs-changed',
    reason:
      "the conversation's inputs changed (inputsHash: turn inputs, variables, history, session settings, " +
      "tool fakes or the simulated user's brief): the test changed, not only the agent",
  };
}

/** Why the conversation's two sides cannot be compared; undefined when they can. */
export function notComparedWhy(
  base: readonly ConversationResult[],
  head: readonly ConversationResult[],
): NotComparedWhy | undefined {
  return notRun(base, head) ?? inputsChanged(base, head);
}
