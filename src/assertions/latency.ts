// latency: upper bounds on a turn's timings; at conversation level every measured turn must satisfy them.
import type { JsonObject } from '../model/json.js';
import type { LatencyMatcher } from '../model/spec-expectations.generated.js';
import type { TurnLatency, TurnResult } from '../model/turn.js';
import { BadOptionsError, CannotEvaluateError } from './errors.js';
import { render } from './format.js';
import { turnsInScope } from './scope.js';
import type { Check, MatchContext } from './types.js';

/** Option name → the TurnLatency field it bounds. */
const LIMITS = {
  maxMs: 'totalMs',
  firstOutputMs: 'firstOutputMs',
  firstAudioMs: 'firstAudioMs',
} as const satisfies Record<string, keyof TurnLatency>;
type LimitName = keyof typeof LIMITS;

interface Measured {
  limit: LimitName;
  max: number;
  worst: number;
  turn: number;
  pass: boolean;
}

const LIMIT_NAMES = Object.keys(LIMITS) as LimitName[];

/** The bounds given; the schema asks for one at least (a hand-built expectation may give none). */
function parseLimits(options: LatencyMatcher): Array<[LimitName, number]> {
  const limits = LIMIT_NAMES.flatMap((k): Array<[LimitName, number]> => {
    const n = options[k];
    return n === undefined ? [] : [[k, n]];
  });
  if (limits.length === 0)
    throw new BadOptionsError(`latency needs one of ${Object.keys(LIMITS).join(', ')}; got ${render(options)}`);
  return limits;
}

/** The slowest turn that has this measurement; none at all cannot be evaluated. */
function measure(limit: LimitName, max: number, turns: TurnResult[], ctx: MatchContext): Measured {
  const field = LIMITS[limit];
  let worst: { value: number; turn: number } | undefined;
  turns.forEach((t, i) => {
    const value = t.latency[field];
    if (value !== undefined && (!worst || value > worst.value))
      worst = { value, turn: ctx.scope === 'turn' ? (ctx.turnIndex ?? 0) : i };
  });
  if (!worst)
    throw new CannotEvaluateError(
      `latency.${limit}: no ${field} was measured ${ctx.scope === 'turn' ? 'in this turn' : 'in any turn'}` +
        ' (firstOutputMs needs streaming, firstAudioMs audio)',
    );
  return { limit, max, worst: worst.value, turn: worst.turn, pass: worst.value <= max };
}

/**
 * A measured latency for the message, in whole ms: a platform's turnLatency ("0.074042863s") becomes a
 * float with a long tail. Shown as measured when rounding would hide why it failed (50.4 against 50).
 */
function shownMs(r: Measured): string {
  const whole = Math.round(r.worst);
  return whole === r.max && r.worst !== r.max ? String(r.worst) : String(whole);
}

export function latency(options: LatencyMatcher, ctx: MatchContext): Check {
  const limits = parseLimits(options);
  const turns = turnsInScope(ctx, 'latency');
  const results = limits.map(([limit, max]) => measure(limit, max, turns, ctx));
  const bounds = results.map((r) => `${r.limit} <= ${r.max} ms`).join(' and ');
  const where = (r: Measured): string => (ctx.scope === 'conversation' ? ` (slowest: turn ${r.turn + 1})` : '');
  const got = `got ${results.map((r) => `${r.limit} ${shownMs(r)} ms${where(r)}`).join(', ')}`;
  const details: JsonObject = Object.fromEntries(results.map((r) => [r.limit, { worstMs: r.worst, turn: r.turn }]));
  return {
    pass: results.every((r) => r.pass),
    message: `expected latency ${bounds}; ${got}`,
    negatedMessage: `expected latency not within ${bounds}; ${got}`,
    expected: Object.fromEntries(limits),
    actual: Object.fromEntries(results.map((r) => [r.limit, r.worst])),
    details,
  };
}
