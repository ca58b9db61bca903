// runAssertions: dispatch each expectation to its matcher and apply `not:` once, here.
import type { AssertionResult, AssertionStatus } from '../model/result.js';
import type { Expectation } from '../model/spec.js';
import { CannotEvaluateError } from './errors.js';
import { countListings } from './listing.js';
import { CLAIMERS, MATCHERS } from './registry.js';
import type { Check, MatchContext, MatcherOutcome } from './types.js';

// Results are built by assignment, in one key order (matcher, negated, loc, turn, status,
// message, expected, actual, details): this runs for every expectation of every turn.
function frame(e: Expectation, ctx: MatchContext, status: AssertionStatus, message: string): AssertionResult {
  const r = { matcher: e.matcher, negated: e.negated } as AssertionResult;
  if (e.loc) r.loc = e.loc;
  if (ctx.scope === 'turn' && ctx.turnIndex !== undefined) r.turn = ctx.turnIndex;
  r.status = status;
  r.message = message;
  return r;
}

/** `not:` flips passed and failed and picks the message written for that direction. */
function fromCheck(e: Expectation, ctx: MatchContext, check: Check): AssertionResult {
  const negated = e.negated;
  const message = negated ? (check.negatedMessage ?? `expected not: ${check.message}`) : check.message;
  const r = frame(e, ctx, check.pass !== negated ? 'passed' : 'failed', message);
  if (check.expected !== undefined) r.expected = check.expected;
  if (check.actual !== undefined) r.actual = check.actual;
  if (check.details) r.details = check.details;
  return r;
}

function fromOutcome(e: Expectation, ctx: MatchContext, outcome: MatcherOutcome): AssertionResult {
  if (!('skipped' in outcome)) return fromCheck(e, ctx, outcome);
  const r = frame(e, ctx, 'skipped', outcome.skipped);
  if (outcome.expected !== undefined) r.expected = outcome.expected;
  return r;
}

/** Why it could not be evaluated; an unexpected exception is a matcher bug, reported as such. */
function errorMessage(e: Expectation, err: unknown): string {
  if (err instanceof CannotEvaluateError) return err.message;
  return `${e.matcher} could not be evaluated: ${err instanceof Error ? err.message : String(err)}`;
}

function runOne(e: Expectation, ctx: MatchContext): AssertionResult | Promise<AssertionResult> {
  const matcher = Object.hasOwn(MATCHERS, e.matcher) ? MATCHERS[e.matcher] : undefined;
  if (!matcher) return frame(e, ctx, 'error', `unknown matcher ${JSON.stringify(e.matcher)}`);
  const settle = (outcome: MatcherOutcome): AssertionResult => fromOutcome(e, ctx, outcome);
  const failure = (err: unknown): AssertionResult =>
    Object.assign(frame(e, ctx, 'error', errorMessage(e, err)), { expected: e.options });
  try {
    const outcome = matcher(e.options, ctx);
    return outcome instanceof Promise ? outcome.then(settle, failure) : settle(outcome);
  } catch (err) {
    return failure(err);
  }
}

/** Evaluates in order (custom matchers may be async); never throws. */
export async function runAssertions(
  expectations: readonly Expectation[],
  ctx: MatchContext,
): Promise<AssertionResult[]> {
  return evaluateAssertions(expectations, ctx);
}

/**
 * runAssertions without a promise when no matcher returns one (every built-in matcher): the
 * runner calls it for every turn. In order; never throws.
 */
export function evaluateAssertions(
  expectations: readonly Expectation[],
  given: MatchContext,
): AssertionResult[] | Promise<AssertionResult[]> {
  const ctx =
    given.match === 'strict' ? { ...given, listed: countListings(expectations, given.scope, CLAIMERS) } : given;
  const results: AssertionResult[] = [];
  for (let i = 0; i < expectations.length; i++) {
    const result = runOne(expectations[i]!, ctx);
    if (result instanceof Promise) return finishAsync(expectations, ctx, results, i, result);
    results.push(result);
  }
  return results;
}

async function finishAsync(
  expectations: readonly Expectation[],
  ctx: MatchContext,
  results: AssertionResult[],
  from: number,
  pending: Promise<AssertionResult>,
): Promise<AssertionResult[]> {
  results.push(await pending);
  for (let i = from + 1; i < expectations.length; i++) {
    const result = runOne(expectations[i]!, ctx);
    results.push(result instanceof Promise ? await result : result);
  }
  return results;
}
