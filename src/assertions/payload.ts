// payload: custom payloads in scope matching an expected object, as a subset (lenient) or
// exactly (strict, or `mode: exact`), some (default), `count` times, or as often as listed (strict).
import { isJsonObject, type JsonValue } from '../model/json.js';
import type { MatchStyle } from '../model/spec.js';
import { countPhrase } from './count.js';
import { countedClaim, countedSpec, countMatches, type CountedSpec } from './counted-matches.js';
import { render, truncate } from './format.js';
import type { Claim } from './listing.js';
import { modeForStyle } from './match-value.js';
import { Options } from './options.js';
import { turnsInScope } from './scope.js';
import type { Check, MatchContext } from './types.js';

const OPTION_KEYS = ['value', 'mode', 'count'];
const LISTING_KEY = 'payload';

/** `{value: {...}, mode, count}` when `value` is an object; any other object is the expected payload itself. */
export function parsePayload(options: JsonValue, style: MatchStyle = 'lenient'): CountedSpec {
  const o = Options.of('payload', options);
  if (!isJsonObject(o.values['value'])) return { expected: o.values, mode: modeForStyle(style), options: o.values };
  o.only(OPTION_KEYS, ' next to value');
  return countedSpec(o, o.object('value')!, style);
}

/** Strict listing: each payload expectation claims its exact `count`, or one payload. */
export function payloadClaim(options: JsonValue, style: MatchStyle): Claim {
  const { count } = parsePayload(options, style);
  return countedClaim(LISTING_KEY, count);
}

export function payload(options: JsonValue, ctx: MatchContext): Check {
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
