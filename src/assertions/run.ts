// runAssertions: dispatch each expectation to its matcher and apply `not:` once, here.
import { isPromiseLike } from '../model/promise.js';
import type { AssertionResult, AssertionStatus } from '../model/result.js';
import type { Expectation, ExpectationOf, MatcherName } from '../model/spec.js';
import { CannotEvaluateError } from './errors.js';
import { countListings } from './listing.js';
import { CLAIMERS, MATCHERS } from './registry.js';
import type { Check, MatchContext, Matcher, MatcherOutcome } from './types.js';

// Results are built in one key order (matcher, negated, loc, turn, status, message, expected,
// actual, details), so every report lists an assertion's fields the same way.
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

/** A skip or an error is never flipped by `not:`. */
function fromOutcome(e: Expectation, ctx: MatchContext, outcome: MatcherOutcome): AssertionResult {
  if ('pass' in outcome) return fromCheck(e, ctx, outcome);
  const r = 'error' in outcome ? frame(e, ctx, 'error', outcome.error) : frame(e, ctx, 'skipped', outcome.skipped);
  if (outcome.expected !== undefined) r.expected = outcome.expected;
  if ('error' in outcome) {
    if (outcome.actual !== undefined) r.actual = outcome.actual;
    if (outcome.details) r.details = outcome.details;
  }
  return r;
}

/** Why it could not be evaluated; an unexpected exception is a matcher bug, reported as such. */
function errorMessage(e: Expectation, err: unknown): string {
  if (err instanceof CannotEvaluateError) return err.message;
  return `${e.matcher} could not be evaluated: ${err instanceof Error ? err.message : String(err)}`;
}

/** The expectation's own matcher, with its typed options. */
function evaluate<K extends MatcherName>(e: ExpectationOf<K>, ctx: MatchContext): ReturnType<Matcher<K>> {
  const matcher: Matcher<K> = MATCHERS[e.matcher];
  return matcher(e.options, ctx);
}

function failed(e: Expectation, ctx: MatchContext, err: unknown): AssertionResult {
  return Object.assign(frame(e, ctx, 'error', errorMessage(e, err)), { expected: e.options });
}

/**
 * One expectation's result: at once for a matcher that answers at once (every built-in), a promise
 * only for one that returns a promise (custom matchers, the judge). It runs for every expectation
 * of every turn, and an async frame and await each time were allocations bench/runner-overhead
 * paid for nothing.
 */
function runOne(e: Expectation, ctx: MatchContext): AssertionResult | Promise<AssertionResult> {
  // The types rule an unknown name out; a JavaScript caller can still pass one.
  if (!Object.hasOwn(MATCHERS, e.matcher))
    return frame(e, ctx, 'error', `unknown matcher ${JSON.stringify(e.matcher)}`);
  try {
    const outcome = evaluate(e, ctx);
    if (!isPromiseLike(outcome)) return fromOutcome(e, ctx, outcome);
    // As `try { fromOutcome(await outcome) } catch`: a malformed outcome is an error result too.
    return Promise.resolve(outcome)
      .then((settled) => fromOutcome(e, ctx, settled))
      .catch((err: unknown) => failed(e, ctx, err));
  } catch (err) {
    return failed(e, ctx, err);
  }
}

/**
 * The context a `not:` is evaluated in. A negation asks whether the thing happened at all, so under
 * `match: strict` it is evaluated as lenient (objects as subsets, a number matching its numeric
 * string, no listing): an exact `{authenticated: true}` would match no update, and its negation
 * would pass although `authenticated` was set. Strict is never weaker than lenient.
 */
function negatedContext(ctx: MatchContext): MatchContext {
  return ctx.match === 'strict' || ctx.exactScalars ? { ...ctx, match: 'lenient', exactScalars: false } : ctx;
}

/**
 * Evaluates in order (custom matchers may be async); never throws. Async, but a matcher that
 * answers at once is not awaited (runOne; docs/architecture.md "Runner performance"). Deferred
 * checks (the LLM judge, `ctx.judge`) run side by side; the results come back in spec order once
 * every one is in, so a caller reports them final, never as placeholders.
 */
export async function runAssertions(
  expectations: readonly Expectation[],
  given: MatchContext,
): Promise<AssertionResult[]> {
  const ctx =
    given.match === 'strict' ? { ...given, listed: countListings(expectations, given.scope, CLAIMERS) } : given;
  const negated = negatedContext(given);
  const contextOf = (e: Expectation): MatchContext => (e.negated ? negated : ctx);
  if (!ctx.judge) {
    // Sized up front: the results are kept to the end of the run, and an array grown by push from
    // empty keeps room for 17 (bench/runner-overhead; docs/architecture.md "Runner performance").
    const results = new Array<AssertionResult>(expectations.length);
    for (let i = 0; i < expectations.length; i++) {
      const e = expectations[i]!;
      const result = runOne(e, contextOf(e));
      results[i] = isPromiseLike(result) ? await result : result;
    }
    return results;
  }
  const results: Array<AssertionResult | Promise<AssertionResult>> = [];
  for (const e of expectations) {
    const result = runOne(e, contextOf(e));
    results.push(e.matcher === 'judge' || !isPromiseLike(result) ? result : await result);
  }
  return Promise.all(results);
}
