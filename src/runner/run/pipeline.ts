// The end of one conversation's pipeline (README.md "Pipeline"): after the driver has run its turns
// (each evaluated as it ends), conversation steps run in order — goldens, the LLM judge, any
// further asynchronous evaluation — and only then is the verdict computed, once.
import type { ConversationResult } from '../../model/result.js';
import { conversationVerdict } from '../../model/verdict.js';
import type { ConversationPlan } from './conversation.js';
import type { ConversationStep } from './steps.js';

const ALL_SKIPPED = 'every expectation was skipped (needs an LLM judge); nothing was checked';

/** Runs the conversation steps in order, then fixes the verdict. A step that throws is an `error`. */
export async function finishConversation(
  result: ConversationResult,
  plan: ConversationPlan,
  steps: readonly ConversationStep[],
  signal: AbortSignal,
): Promise<void> {
  for (const step of steps) {
    try {
      await step.apply(result, plan, signal);
    } catch (err) {
      const message = `${step.name}: ${err instanceof Error ? err.message : String(err)}`;
      result.error ??= { code: 'STEP_FAILED', message };
    }
  }
  result.status = conversationVerdict(result);
  if (result.status === 'skipped') result.skipReason ??= ALL_SKIPPED;
  else delete result.skipReason;
  // The attempt that produced this result shares its final verdict: a copy, as one an observer was
  // handed as discarded (then the last) stays as it was handed (model/observer.ts).
  const last = result.attempts.at(-1);
  if (last && last.status !== 'interrupted' && last.status !== result.status)
    result.attempts[result.attempts.length - 1] = { ...last, status: result.status };
}
