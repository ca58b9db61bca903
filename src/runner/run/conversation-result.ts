// The parts of a ConversationResult every run of a conversation has (its name, its empty evidence),
// a result for one that never ran, and the failure of a session the agent ended early: shared by
// the runner (conversation.ts), the suite (not-run conversations) and rescore.
import type { AssertionResult, ConversationResult, TurnRecord } from '../../model/result.js';
import type { ConversationPlan } from './conversation.js';
import { conversationInputsHash } from './inputs-hash.js';

/** The failure of a conversation whose agent ended the session before the spec's last turn. */
export function sessionEndedEarly(last: TurnRecord, notSent: number): AssertionResult {
  const metadata = last.result?.endSessionMetadata;
  const stated = metadata?.['reason'];
  const reason = typeof stated === 'string' ? stated : metadata ? JSON.stringify(metadata) : 'none given';
  return {
    matcher: 'sessionEnded',
    negated: false,
    status: 'failed',
    turn: last.index,
    expected: false,
    actual: true,
    ...(last.loc ? { loc: last.loc } : {}),
    message:
      `the agent ended the session at turn ${last.index + 1} (reason: ${reason}); ` +
      `${notSent} more turn${notSent === 1 ? '' : 's'} of the spec ${notSent === 1 ? 'was' : 'were'} not sent`,
  };
}

/** The fields that name a planned run of a conversation, first in every ConversationResult. */
export function namedAs(plan: ConversationPlan) {
  const { spec } = plan;
  return {
    id: plan.id,
    specId: spec.id,
    name: spec.name,
    file: spec.file,
    ...(spec.loc ? { loc: spec.loc } : {}),
    tags: spec.tags,
    runIndex: plan.runIndex,
    repeat: spec.repeat,
  };
}

/**
 * Fields are added to namedAs's object rather than spread into a new literal: on Node 20 a spread
 * followed by more properties cost about 3.5 KB per object, here once per conversation run
 * (bench/runner-overhead; docs/architecture.md "Runner performance").
 */
export function baseResult(plan: ConversationPlan, started: number): ConversationResult {
  const { spec } = plan;
  const result = namedAs(plan) as ConversationResult;
  result.modality = spec.modality;
  result.status = 'error';
  result.startedAt = new Date(started).toISOString();
  result.durationMs = 0;
  result.attempts = [];
  result.turns = [];
  result.assertions = [];
  result.inputsHash = conversationInputsHash(spec);
  return result;
}

/** A result for a conversation that never ran (skipped, interrupted before start, dependency failed). */
export function notRunResult(
  plan: ConversationPlan,
  status: 'skipped' | 'interrupted',
  reason: string,
): ConversationResult {
  const r = baseResult(plan, Date.now());
  r.status = status;
  if (status === 'skipped') r.skipReason = reason;
  else r.error = { code: 'INTERRUPTED', message: reason };
  return r;
}
