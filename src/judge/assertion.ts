// Judge outcomes as assertion results. `not:` flips passed ⇄ failed only: an error stays an error.
import type { JsonObject, JsonValue } from '../model/json.js';
import type { AssertionResult } from '../model/result.js';
import type { Expectation } from '../model/spec.js';
import type { JudgeOutcome } from './judge.js';

export interface JudgeCriterion {
  prompt: string;
  samples?: number;
}

/** `judge: "text"` or `judge: {prompt, samples?}`; undefined when the options are malformed. */
export function judgeCriterion(options: JsonValue): JudgeCriterion | undefined {
  if (typeof options === 'string') return options ? { prompt: options } : undefined;
  if (!options || typeof options !== 'object' || Array.isArray(options)) return undefined;
  const { prompt, samples } = options;
  if (typeof prompt !== 'string' || !prompt) return undefined;
  return typeof samples === 'number' && Number.isInteger(samples) && samples >= 1 ? { prompt, samples } : { prompt };
}

function frame(
  e: Expectation,
  turn: number | undefined,
  status: AssertionResult['status'],
  message: string,
): AssertionResult {
  const r: AssertionResult = { matcher: 'judge', negated: e.negated, status, message, expected: e.options };
  if (e.loc) r.loc = e.loc;
  if (turn !== undefined) r.turn = turn;
  return r;
}

export function judgeAssertion(
  e: Expectation,
  criterion: string,
  outcome: JudgeOutcome,
  turn?: number,
): AssertionResult {
  const details: JsonObject = {
    calls: outcome.calls as unknown as JsonValue[],
    cached: outcome.calls.length > 0 && outcome.calls.every((c) => c.cached),
  };
  if (outcome.votes !== undefined) details['votes'] = outcome.votes;
  if (outcome.status === 'error') {
    details['code'] = outcome.code;
    const r = frame(e, turn, 'error', `judge error (${outcome.code}): ${outcome.reason}`);
    if (outcome.raw !== undefined) r.actual = outcome.raw;
    r.details = details;
    return r;
  }
  details['evidenceTurns'] = outcome.evidenceTurns;
  const held = outcome.status === 'passed';
  const status = held !== e.negated ? 'passed' : 'failed';
  const evidence = outcome.evidenceTurns.length ? `, evidence turns ${outcome.evidenceTurns.join(', ')}` : '';
  const cached = details['cached'] ? ', cached' : '';
  const says = `judge says the criterion ${held ? 'holds' : 'does not hold'}`;
  const verdict = `${says} (${outcome.votes}${cached}${evidence}): ${outcome.reason}`;
  const r = frame(e, turn, status, `expected ${e.negated ? 'not: ' : ''}"${criterion}"; ${verdict}`);
  r.actual = outcome.reason;
  r.details = details;
  return r;
}

/** --no-judge / backend none: skipped with the reason. Never passed, never flipped. */
export function skippedJudgeAssertion(e: Expectation, reason: string, turn?: number): AssertionResult {
  return frame(e, turn, 'skipped', reason);
}

/** Judging was asked for but cannot happen (no judge configured, bad options): an error. */
export function failedJudgeAssertion(e: Expectation, code: string, reason: string, turn?: number): AssertionResult {
  const r = frame(e, turn, 'error', `judge error (${code}): ${reason}`);
  r.details = { code };
  return r;
}
