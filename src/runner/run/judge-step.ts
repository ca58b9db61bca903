// After a conversation's judge expectations were checked (each a deferred check inside its turn's or
// the conversation's assertions, run/judge-check.ts), this step only says why nothing was checked
// when every expectation ended up skipped (e.g. --no-judge). The verdict itself is computed once
// after every step (pipeline.ts, src/model/verdict.ts).
import type { JudgeSetup } from '../../judge/index.js';
import type { ConversationResult } from '../../model/result.js';
import { assertionStatuses } from '../../model/verdict.js';
import type { ConversationStep } from './steps.js';

export function judgeStep(setup: JudgeSetup): ConversationStep {
  return { name: 'judge', apply: async (result) => settleVerdict(result, setup) };
}

/** Why nothing was checked when every expectation was skipped: the skip reason only. */
export function settleVerdict(result: ConversationResult, setup: JudgeSetup): void {
  const statuses = assertionStatuses(result);
  delete result.skipReason;
  if (statuses.size !== 1 || !statuses.has('skipped')) return;
  result.skipReason =
    setup.kind === 'ready'
      ? 'every expectation was skipped; nothing was checked'
      : `every expectation was skipped (${setup.reason}); nothing was checked`;
}
