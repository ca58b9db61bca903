// payload: custom payloads in scope matching an expected object, as a subset (lenient) or
// exactly (strict, or `mode: exact`), some (default), `count` times, or as often as listed (strict).
import { isJsonObject, type JsonObject, type JsonValue } from '../model/json.js';
import type { MatchStyle } from '../model/spec.js';
import { countPhrase, inRange, parseCount, type CountRange } from './count.js';
import { BadOptionsError } from './errors.js';
import { plural, render, truncate } from './format.js';
import { listedCount, type Claim } from './listing.js';
import { matchValue, type MatchMode } from './match-value.js';
import { Options } from './options.js';
import { turnsInScope } from './scope.js';
import type { Check, MatchContext } from './types.js';

const OPTION_KEYS = ['value', 'mode', 'count'];
const LISTING_KEY = 'payload';

interface PayloadSpec {
  value: JsonObject;
  mode: MatchMode;
  count?: CountRange;
  options: JsonObject;
}

/** `{value: {...}, mode, count}` when `value` is an object; any other object is the expected payload itself. */
export function parsePayload(options: JsonValue, style: MatchStyle = 'lenient'): PayloadSpec {
  const o = Options.of('payload', options);
  const defaultMode: MatchMode = style === 'strict' ? 'exact' : 'subset';
  if (!isJsonObject(o.values['value'])) return { value: o.values, mode: defaultMode, options: o.values };
  const unknown = Object.keys(o.values).filter((k) => !OPTION_KEYS.includes(k));
  if (unknown.length)
    throw new BadOptionsError(
      `payload: unknown option ${unknown.join(', ')} next to value (options: ${OPTION_KEYS.join(', ')})`,
    );
  const count = parseCount(o);
  return {
    value: o.object('value')!,
    mode: o.oneOf('mode', ['subset', 'exact'] as const) ?? defaultMode,
    ...(count ? { count } : {}),
    options: o.values,
  };
}

/** Strict listing: each payload expectation claims its exact `count`, or one payload. */
export function payloadClaim(options: JsonValue, style: MatchStyle): Claim {
  const { count } = parsePayload(options, style);
  return { key: LISTING_KEY, times: count ? (count.min === count.max ? count.min : undefined) : 1 };
}

export function payload(options: JsonValue, ctx: MatchContext): Check {
  const spec = parsePayload(options, ctx.match);
  const payloads = turnsInScope(ctx, 'payload').flatMap((t) => t.payloads);
  const results = payloads.map((p) => matchValue(spec.value, p, spec.mode));
  const matching = results.filter((r) => r.ok).length;
  const listed = spec.count ? undefined : listedCount(ctx, LISTING_KEY);
  const got = `payloads: ${payloads.length ? truncate(payloads.map((p) => render(p)).join(', ')) : 'none'}`;
  const mismatches = results.flatMap((r, i) => r.mismatches.map((m) => `payload ${i}: ${m}`));
  const relation = spec.mode === 'exact' ? 'equal to' : 'matching';
  const what = `a payload ${relation} ${render(spec.value)}${countPhrase(spec.count)}`;
  const asListed = listed === undefined ? '' : `, and exactly ${plural(listed, 'payload')} as listed (match: strict)`;
  const countOk = spec.count ? inRange(spec.count, matching) : matching >= 1;
  return {
    pass: countOk && (listed === undefined || payloads.length === listed),
    message: `expected ${what}${asListed}; ${got}`,
    negatedMessage: `expected ${spec.count ? `not ${what}` : `no ${what.slice(2)}`}; ${got}`,
    expected: spec.options,
    actual: payloads,
    details: { matching, ...(mismatches.length ? { mismatches } : {}) },
  };
}
