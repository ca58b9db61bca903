// payload: custom payloads in scope matching an expected object, as a subset (lenient) or
// exactly (strict, or `mode: exact`), some (default), `count` times, or as often as listed (strict).
import type { PayloadOptions } from '../model/spec-expectations.generated.js';
import type { MatchStyle } from '../model/spec.js';
import { countPhrase } from './count.js';
import { countedClaim, countedSpec, countMatches, type CountedSpec } from './counted-matches.js';
import { render, truncate } from './format.js';
import type { Claim } from './listing.js';
import { turnsInScope } from './scope.js';
import type { Check, MatchContext } from './types.js';

const LISTING_KEY = 'payload';

/**
 * The expected payload, how it compares and how often (the loader made a bare payload `{value}`).
 * The assertion's `expected` is the payload itself when nothing else is said, as it is written most.
 */
function parsePayload(options: PayloadOptions, style: MatchStyle = 'lenient'): CountedSpec {
  const reported = options.mode === undefined && options.count === undefined ? options.value : options;
  return countedSpec(options, options.value, style, reported);
}

/** Strict listing: each payload expectation claims its exact `count`, or one payload. */
export function payloadClaim(options: PayloadOptions, style: MatchStyle): Claim {
  const { count } = parsePayload(options, style);
  return countedClaim(LISTING_KEY, count);
}

export function payload(options: PayloadOptions, ctx: MatchContext): Check {
  const spec = parsePayload(options, ctx.match);
  const payloads = turnsInScope(ctx, 'payload').flatMap((t) => t.payloads);
  const counted = countMatches(ctx, { key: LISTING_KEY, noun: 'payload' }, spec, payloads);
  const got = `payloads: ${payloads.length ? truncate(payloads.map((p) => render(p)).join(', ')) : 'none'}`;
  const relation = spec.mode === 'exact' ? 'equal to' : 'matching';
  const what = `a payload ${relation} ${render(spec.expected)}${countPhrase(spec.count)}`;
  return {
    pass: counted.pass,
    message: `expected ${what}${counted.asListed}; ${got}`,
    negatedMessage: `expected ${spec.count ? `not ${what}` : `no ${what.slice(2)}`}; ${got}`,
    expected: spec.options,
    actual: payloads,
    details: counted.details,
  };
}
