// What the payload and citations matchers share: an expected object matched against a list of
// observed ones (subset or exact), counted against `count`, or under `match: strict` with no
// `count`, exactly as often as the expect list names them (listing.ts). A count's maximum is held
// against the lenient tally (count.ts Tally): strict is never weaker than lenient.
import type { JsonObject, JsonValue } from '../model/json.js';
import type { MatchStyle } from '../model/spec.js';
import type { Count } from '../model/spec-expectations.generated.js';
import { countRange, needsLenientTally, onlyAtMost, tallyHolds, type CountRange, type Tally } from './count.js';
import { plural } from './format.js';
import { listedCount, type Claim } from './listing.js';
import { matchValue, modeForStyle, type MatchMode, type ValueMatch } from './match-value.js';
import type { MatchContext } from './types.js';

/** A counted matcher's options: the expected object, how it compares, how often it must occur. */
export interface CountedSpec {
  expected: JsonObject;
  mode: MatchMode;
  /** How a lenient spec compares: the explicit `mode`, else as a subset. */
  lenientMode: MatchMode;
  count?: CountRange;
  /** What the assertion reports as `expected`. */
  options: JsonObject;
}

/**
 * `count` and `mode` around the expected object. Without a `mode` the match style decides, except
 * that an empty expected object stands for any item, and a count that only bounds from above
 * (`0`, `{max: n}`) asks whether the thing happened at all: both compare as a subset.
 */
export function countedSpec(
  o: { mode?: MatchMode; count?: Count },
  expected: JsonObject,
  style: MatchStyle,
  reported: JsonObject,
): CountedSpec {
  const count = countRange(o.count);
  const lenientMode = o.mode ?? 'subset';
  const anyItem = Object.keys(expected).length === 0;
  const mode = o.mode ?? (anyItem || onlyAtMost(count) ? 'subset' : modeForStyle(style));
  return { expected, mode, lenientMode, ...(count ? { count } : {}), options: reported };
}

export interface CountedMatches {
  pass: boolean;
  /** ", and exactly N <noun>s as listed (match: strict)" when the listing applies, else "". */
  asListed: string;
  /** The check's details: how many matched (and leniently, when that differs), and why the others did not. */
  details: { matching: number; leniently?: number; mismatches?: string[] };
}

/** How many of `observed` match under the check's rules, and under lenient ones when the maximum needs them. */
function tallyOf(
  spec: CountedSpec,
  observed: readonly JsonValue[],
  exactScalars: boolean,
): { tally: Tally; results: ValueMatch[] } {
  const results = observed.map((value) => matchValue(spec.expected, value, spec.mode, exactScalars));
  const matching = results.filter((r) => r.ok).length;
  if (!needsLenientTally(spec.count, exactScalars || spec.mode !== spec.lenientMode))
    return { tally: { matching }, results };
  const leniently = observed.filter((value) => matchValue(spec.expected, value, spec.lenientMode, false).ok).length;
  return { tally: { matching, leniently }, results };
}

export function countMatches(
  ctx: MatchContext,
  listing: { key: string; noun: string },
  spec: CountedSpec,
  observed: readonly JsonValue[],
): CountedMatches {
  const { count } = spec;
  const { tally, results } = tallyOf(spec, observed, ctx.exactScalars ?? false);
  const listed = count ? undefined : listedCount(ctx, listing.key);
  const asListed =
    listed === undefined ? '' : `, and exactly ${plural(listed, listing.noun)} as listed (match: strict)`;
  const mismatches = results.flatMap((r, i) => r.mismatches.map((m) => `${listing.noun} ${i}: ${m}`));
  return {
    pass: tallyHolds(count, tally) && (listed === undefined || observed.length === listed),
    asListed,
    details: { ...tally, ...(mismatches.length ? { mismatches } : {}) },
  };
}

/** Strict listing: an expectation claims its exact `count`, or one occurrence. */
export function countedClaim(key: string, count: CountRange | undefined): Claim {
  return { key, times: count ? (count.min === count.max ? count.min : undefined) : 1 };
}
