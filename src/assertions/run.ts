// runAssertions: dispatch each expectation to its matcher and apply `not:` once, here.
import type { AssertionResult, AssertionStatus } from '../model/result.js';
import type { Expectation } from '../model/spec.js';
import { CannotEvaluateError } from './errors.js';
import { MATCHERS } from './registry.js';
import type { Check, MatchContext, MatcherOutcome } from './types.js';

function frame(e: Expectation, ctx: MatchContext): Pick<AssertionResult, 'matcher' | 'negated' | 'loc' | 'turn'> {
  return {
    matcher: e.matcher, negated: e.negated,
    ...(e.loc ? { loc: e.loc } : {}),
    ...(ctx.scope === 'turn' && ctx.turnIndex !== undefined ? { turn: ctx.turnIndex } : {}),
  };
}

/** `not:` flips passed and failed and picks the message written for that direction. */
function fromCheck(check: Check, negated: boolean): Omit<AssertionResult, 'matcher' | 'negated'> {
  const status: AssertionStatus = check.pass !== negated ? 'passed' : 'failed';
  const message = negated ? (check.negatedMessage ?? `expected not: ${check.message}`) : check.message;
  return {
    status, message,
    ...(check.expected !== undefined ? { expected: check.expected } : {}),
    ...(check.actual !== undefined ? { actual: check.actual } : {}),
    ...(check.details ? { details: check.details } : {}),
  };
}

function fromOutcome(outcome: MatcherOutcome, negated: boolean): Omit<AssertionResult, 'matcher' | 'negated'> {
  if ('skipped' in outcome) {
    return { status: 'skipped', message: outcome.skipped, ...(outcome.expected !== undefined ? { expected: outcome.expected } : {}) };
  }
  return fromCheck(outcome, negated);
}

/** Why it could not be evaluated; an unexpected exception is a matcher bug, reported as such. */
function errorMessage(e: Expectation, err: unknown): string {
  if (err instanceof CannotEvaluateError) return err.message;
  return `${e.matcher} could not be evaluated: ${err instanceof Error ? err.message : String(err)}`;
}

async function runOne(e: Expectation, ctx: MatchContext): Promise<AssertionResult> {
  const base = frame(e, ctx);
  const matcher = Object.hasOwn(MATCHERS, e.matcher) ? MATCHERS[e.matcher] : undefined;
  if (!matcher) return { ...base, status: 'error', message: `unknown matcher ${JSON.stringify(e.matcher)}` };
  try {
    return { ...base, ...fromOutcome(await matcher(e.options, ctx), e.negated) };
  } catch (err) {
    return { ...base, status: 'error', message: errorMessage(e, err), expected: e.options };
  }
}

/** Evaluates in order (custom matchers may be async); never throws. */
export async function runAssertions(expectations: readonly Expectation[], ctx: MatchContext): Promise<AssertionResult[]> {
  const results: AssertionResult[] = [];
  for (const e of expectations) results.push(await runOne(e, ctx));
  return results;
}
