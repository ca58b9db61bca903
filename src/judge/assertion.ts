// Judge outcomes as assertion results. `not:` flips passed ⇄ failed only: an error stays an error.
import type { JsonObject, JsonValue } from '../model/json.js';
import type { CalibrationStatus } from '../model/calibration.js';
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

/**
 * The judge's outcome as a check: `pass` and the message for either direction (`not:` is applied
 * once, by src/assertions runAssertions, to this like to any matcher's check), or an error, which
 * `not:` never flips.
 */
export type JudgeVerdict =
  | { pass: boolean; message: string; negatedMessage: string; expected: JsonValue; actual: string; details: JsonObject }
  | { error: string; expected: JsonValue; actual?: JsonValue; details: JsonObject };

export function judgeVerdict(criterion: string, outcome: JudgeOutcome, options: JsonValue): JudgeVerdict {
  const details: JsonObject = {
    calls: outcome.calls as unknown as JsonValue[],
    cached: outcome.calls.length > 0 && outcome.calls.every((c) => c.cached),
  };
  if (outcome.votes !== undefined) details['votes'] = outcome.votes;
  if (outcome.status === 'error') {
    details['code'] = outcome.code;
    const error = `judge error (${outcome.code}): ${outcome.reason}`;
    return { error, expected: options, ...(outcome.raw !== undefined ? { actual: outcome.raw } : {}), details };
  }
  details['evidenceTurns'] = outcome.evidenceTurns;
  const held = outcome.status === 'passed';
  const evidence = outcome.evidenceTurns.length ? `, evidence turns ${outcome.evidenceTurns.join(', ')}` : '';
  const cached = details['cached'] ? ', cached' : '';
  const says = `judge says the criterion ${held ? 'holds' : 'does not hold'}`;
  const verdict = `${says} (${outcome.votes}${cached}${evidence}): ${outcome.reason}`;
  return {
    pass: held,
    message: `expected "${criterion}"; ${verdict}`,
    negatedMessage: `expected not: "${criterion}"; ${verdict}`,
    expected: options,
    actual: outcome.reason,
    details,
  };
}

/**
 * A simulation goal's grade as an assertion result (goals are never negated); with `calibration`,
 * it says whether the goal's criterion is calibrated, like any judge verdict.
 */
export function judgeAssertion(
  e: Expectation,
  criterion: string,
  outcome: JudgeOutcome,
  calibration?: CalibrationStatus,
): AssertionResult {
  const judged = judgeVerdict(criterion, outcome, e.options);
  const v = calibration ? withCalibration(judged, calibration) : judged;
  const r =
    'error' in v ? frame(e, undefined, 'error', v.error) : frame(e, undefined, v.pass ? 'passed' : 'failed', v.message);
  if (v.actual !== undefined) r.actual = v.actual;
  r.details = v.details;
  return r;
}

/**
 * Says in the verdict whether its criterion is calibrated (details.calibration, and the message of a
 * pass or fail), so every report shows it.
 */
export function withCalibration(v: JudgeVerdict, status: CalibrationStatus): JudgeVerdict {
  const details = { ...v.details, calibration: status as unknown as JsonValue };
  if ('error' in v) return { ...v, details };
  return {
    ...v,
    message: `${v.message} [${status.summary}]`,
    negatedMessage: `${v.negatedMessage} [${status.summary}]`,
    details,
  };
}

/** A judge expectation whose criterion is not calibrated, under `judge.calibration.require`. */
export function notCalibrated(status: CalibrationStatus, options: JsonValue): JudgeVerdict {
  const why = status.summary.replace(/^not calibrated: /, '');
  return {
    error: `judge error (JUDGE_NOT_CALIBRATED): judge not calibrated for this criterion: ${why}`,
    expected: options,
    details: { code: 'JUDGE_NOT_CALIBRATED', calibration: status as unknown as JsonValue },
  };
}
