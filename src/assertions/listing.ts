// Strict matching counts tool calls, payloads and citations "exactly as often as listed": the
// expectations of one list (a turn's `expect`, or the conversation's) claim so many of each, and
// each such expectation without its own `count` also checks that the total is what was claimed.
import type { Expectation, ExpectationOf, MatcherName, MatcherOptions, MatchStyle } from '../model/spec.js';
import type { MatchContext, Scope } from './types.js';

/** What one expectation claims: `times` of `key`; undefined `times` (a count range) turns the rule off for that key. */
export interface Claim {
  key: string;
  times: number | undefined;
}

/** What an expectation of `K` claims under strict (only toolCall, payload and citations claim). */
type Claimer<K extends MatcherName> = (
  options: MatcherOptions[K],
  style: MatchStyle,
  scope: Scope,
) => Claim | undefined;
export type Claimers = { readonly [K in MatcherName]?: Claimer<K> };

/** Sums the claims of the non-negated expectations; a key with a range claim maps to NaN. */
export function countListings(
  expectations: readonly Expectation[],
  scope: Scope,
  claimers: Claimers,
): Map<string, number> {
  const listed = new Map<string, number>();
  for (const e of expectations) {
    const claim = e.negated ? undefined : claimOf(e, scope, claimers);
    if (claim) listed.set(claim.key, (listed.get(claim.key) ?? 0) + (claim.times ?? Number.NaN));
  }
  return listed;
}

/** Options a claimer cannot read claim nothing here: their own matcher reports them as an error. */
function claimOf<K extends MatcherName>(e: ExpectationOf<K>, scope: Scope, claimers: Claimers): Claim | undefined {
  const claimer: Claimer<K> | undefined = claimers[e.matcher];
  try {
    return claimer?.(e.options, 'strict', scope);
  } catch {
    return undefined;
  }
}

/** How many of `key` the list claims, when the strict listing rule applies. */
export function listedCount(ctx: MatchContext, key: string): number | undefined {
  const n = ctx.match === 'strict' ? ctx.listed?.get(key) : undefined;
  return n === undefined || Number.isNaN(n) ? undefined : n;
}
