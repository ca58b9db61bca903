// What the payload and citations matchers share: an expected object matched against a list of
// observed ones (subset or exact), counted against `count`, or under `match: strict` with no
// `count`, exactly as often as the expect list names them (listing.ts).
import type { JsonObject, JsonValue } from '../model/json.js';
import type { MatchStyle } from '../model/spec.js';
import type { Count } from '../model/spec-expectations.generated.js';
import { countRange, inRange, type CountRange } from './count.js';
import { plural } from './format.js';
import { listedCount, type Claim } from './listing.js';
import { matchValue, modeForStyle, type MatchMode } from './match-value.js';
import type { MatchContext } from './types.js';

/** A counted matcher's options: the expected object, how it compares, how often it must occur. */
export interface CountedSpec {
  expected: JsonObject;
  mode: MatchMode;
  count?: CountRange;
  /** What the assertion reports as `expected`. */
  options: JsonObject;
}

/** `count` and `mode` (default: from the match style), around the expected object. */
export function countedSpec(
  o: { mode?: MatchMode; count?: Count },
  expected: JsonObject,
  style: MatchStyle,
  reported: JsonObject,
): CountedSpec {
  const count = countRange(o.count);
  return { expected, mode: o.mode ?? modeForStyle(style), ...(count ? { count } : {}), options: reported };
}

export interface CountedMatches {
  pass: boolean;
  /** ", and exactly N <noun>s as listed (match: strict)" when the listing applies, else "". */
  asListed: string;
  /** The check's details: how many matched, and why the others did not. */
  details: { matching: number; mismatches?: string[] };
}

export function countMatches(
  ctx: MatchContext,
  listing: { key: string; noun: string },
  spec: CountedSpec,
  observed: readonly JsonValue[],
): CountedMatches {
  const { count } = spec;
  const results = observed.map((value) => matchValue(spec.expected, value, spec.mode, ctx.exactScalars ?? false));
  const matching = results.filter((r) => r.ok).length;
  const listed = count ? undefined : listedCount(ctx, listing.key);
  const countOk = count ? inRange(count, matching) : matching >= 1;
  const asListed =
    listed === undefined ? '' : `, and exactly ${plural(listed, listing.noun)} as listed (match: strict)`;
  const mismatches = results.flatMap((r, i) => r.mismatches.map((m) => `${listing.noun} ${i}: ${m}`));
  return {
    pass: countOk && (listed === undefined || observed.length === listed),
    asListed,
    details: { matching, ...(mismatches.length ? { mismatches } : {}) },
  };
}

/** Strict listing: an expectation claims its exact `count`, or one occurrence. */
export function countedClaim(key: string, count: CountRange | undefined): Claim {
  return { key, times: count ? (count.min === count.max ? count.min : undefined) : 1 };
}
