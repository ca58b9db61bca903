// The judge step: after a conversation's turns (and goldens), each `judge` expectation — left by the
// pure assertions as a "needs an LLM judge" placeholder — is asked of the LLM judge (the
// verdict is computed after every step, pipeline.ts). A turn-level judge sees the conversation up to that turn;
// a conversation-level one sees all of it. Fail-closed rules: src/judge/README.md.
import {
  failedJudgeAssertion,
  judgeAssertion,
  judgeCriterion,
  skippedJudgeAssertion,
  type JudgeSetup,
  type TranscriptTurn,
} from '../../judge/index.js';
import type { AssertionResult, ConversationResult, TurnRecord } from '../../model/result.js';
import { assertionStatuses } from '../../model/verdict.js';
import type { Expectation } from '../../model/spec.js';
import type { ConversationPlan } from './conversation.js';
import type { ConversationStep } from './steps.js';

interface Pending {
  /** The array holding the placeholder, and its index there (= the expectation's index). */
  list: AssertionResult[];
  index: number;
  expectation: Expectation;
  /** 0-based spec turn index for turn-level expectations. */
  turn?: number;
}

export function judgeStep(setup: JudgeSetup, signal?: AbortSignal): ConversationStep {
  return { name: 'judge', apply: (result, plan) => applyJudge(result, plan, setup, signal) };
}

async function applyJudge(
  result: ConversationResult,
  plan: ConversationPlan,
  setup: JudgeSetup,
  signal?: AbortSignal,
): Promise<void> {
  const pending = placeholders(result, plan);
  if (pending.length === 0) return;
  if (result.error || result.status === 'interrupted') {
    for (const p of pending)
      p.list[p.index] = skippedJudgeAssertion(p.expectation, 'not judged: the conversation did not complete', p.turn);
    return;
  }
  await Promise.all(
    pending.map(async (p) => {
      p.list[p.index] = await evaluate(p, result.turns, setup, signal);
    }),
  );
  settleVerdict(result, setup);
}

function placeholders(result: ConversationResult, plan: ConversationPlan): Pending[] {
  const out: Pending[] = [];
  const collect = (list: AssertionResult[], expect: readonly Expectation[], turn?: number) => {
    expect.forEach((expectation, index) => {
      if (expectation.matcher === 'judge' && list[index]?.matcher === 'judge')
        out.push({ list, index, expectation, ...(turn !== undefined ? { turn } : {}) });
    });
  };
  for (const record of result.turns)
    collect(record.assertions, plan.spec.turns[record.index]?.expect ?? [], record.index);
  collect(result.assertions, plan.spec.expect);
  return out;
}

async function evaluate(
  p: Pending,
  turns: readonly TurnRecord[],
  setup: JudgeSetup,
  signal?: AbortSignal,
): Promise<AssertionResult> {
  if (setup.kind === 'disabled') return skippedJudgeAssertion(p.expectation, setup.reason, p.turn);
  if (setup.kind === 'unavailable')
    return failedJudgeAssertion(p.expectation, 'JUDGE_NOT_CONFIGURED', setup.reason, p.turn);
  const criterion = judgeCriterion(p.expectation.options);
  if (!criterion)
    return failedJudgeAssertion(p.expectation, 'BAD_OPTIONS', 'judge needs a prompt (a string or {prompt})', p.turn);
  const position = p.turn === undefined ? turns.length : turns.findIndex((t) => t.index === p.turn) + 1;
  const seen: TranscriptTurn[] = turns
    .slice(0, position)
    .map((t) => ({ inputs: t.inputs, ...(t.result ? { result: t.result } : {}) }));
  const outcome = await setup.judge.evaluate({
    criterion: criterion.prompt,
    turns: seen,
    ...(p.turn !== undefined ? { uptoTurn: position } : {}),
    ...(criterion.samples ? { samples: criterion.samples } : {}),
    ...(signal ? { signal } : {}),
  });
  return judgeAssertion(p.expectation, criterion.prompt, outcome, p.turn);
}

/**
 * Why nothing was checked when every expectation ended up skipped. The verdict itself is computed
 * once after every step (pipeline.ts, src/model/verdict.ts); this sets only the skip reason.
 */
export function settleVerdict(result: ConversationResult, setup: JudgeSetup): void {
  const statuses = assertionStatuses(result);
  delete result.skipReason;
  if (statuses.size !== 1 || !statuses.has('skipped')) return;
  result.skipReason =
    setup.kind === 'ready'
      ? 'every expectation was skipped; nothing was checked'
      : `every expectation was skipped (${setup.reason}); nothing was checked`;
}
