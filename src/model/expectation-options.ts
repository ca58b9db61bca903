// Matcher options as written (the schema's types) → as the matchers read them (src/model/spec.ts
// MatcherOptions): each shorthand is written out here, once, so no matcher parses a shorthand again.
// Pure: the loader normalizes through it; the scrapi converters, the recorder and tests build typed
// expectations through it too, and `convert`, the recorder and platform push write shorthands back with it.
import { isJsonObject, type JsonObject } from './json.js';
import type {
  NegatedExpectation,
  PayloadMatcher,
  PayloadOptions,
  VariablesMatcher,
  VariablesOptions,
} from './spec-expectations.generated.js';
import type {
  Expectation,
  ExpectationByMatcher,
  ExpectationOf,
  MatcherName,
  MatcherOptions,
  MatchStyle,
  TextOptions,
} from './spec.js';

/** How a shorthand reads where it is written: the conversation's match style, and turn or conversation level. */
export interface Reading {
  match: MatchStyle;
  scope: 'turn' | 'conversation';
}

/** Each matcher's options as the spec schema lets them be written. */
export type WrittenOptions = { [K in MatcherName]-?: Exclude<NegatedExpectation[K], undefined> };

type Normalizers = {
  [K in MatcherName]: (written: WrittenOptions[K], reading: Reading, negated: boolean) => MatcherOptions[K];
};

const same = <T>(written: T): T => written;

/**
 * `{value: {...}, mode, count}` when `value` is an object (the schema then allows no other key); any
 * other object is the expected payload.
 */
function isPayloadOptions(written: PayloadMatcher): written is PayloadOptions {
  return isJsonObject(written['value']);
}

/** `{values, mode, absent}` when `values` is an object or `absent` a list (the schema then allows no other key). */
function isVariablesOptions(written: VariablesMatcher): written is VariablesOptions {
  return isJsonObject(written['values']) || Array.isArray(written['absent']);
}

/**
 * What a plain `text:` string means: `contains`, except at turn level under `match: strict`, where it
 * is the whole reply (`equals`): a changed sentence fails. A conversation's text is every reply joined,
 * never one sentence, so there it stays `contains`; so does a negated one (`not: {text: "sorry"}`
 * fails on any reply containing "sorry": strict is never weaker than lenient). A `transcript:` string
 * is always `contains`.
 */
function plainTextKey(reading: Reading, negated: boolean): 'equals' | 'contains' {
  return reading.match === 'strict' && reading.scope === 'turn' && !negated ? 'equals' : 'contains';
}

function text(written: WrittenOptions['text'], reading: Reading, negated: boolean): TextOptions {
  if (typeof written !== 'string') return written;
  return plainTextKey(reading, negated) === 'equals' ? { equals: written } : { contains: written };
}

const NORMALIZERS: Normalizers = {
  text,
  transcript: (written) => (typeof written === 'string' ? { contains: written } : written),
  toolCall: (written) => (typeof written === 'string' ? { name: written } : written),
  noToolCalls: same,
  toolSequence: same,
  transfer: (written) => (typeof written === 'string' ? { to: written } : written),
  noTransfer: same,
  payload: (written) => (isPayloadOptions(written) ? written : { value: written }),
  variables: (written) => (isVariablesOptions(written) ? written : { values: written }),
  sessionEnded: same,
  citations: same,
  latency: same,
  custom: same,
  judge: same,
};

/** The options of `matcher` as its matcher reads them. */
function normalizeOptions<K extends MatcherName>(
  matcher: K,
  written: WrittenOptions[K],
  reading: Reading,
  negated: boolean,
): MatcherOptions[K] {
  const normalize: Normalizers[K] = NORMALIZERS[matcher];
  return normalize(written, reading, negated);
}

/** An expectation of `matcher` written with `written` options, not yet located. */
export function expectationOf<K extends MatcherName>(
  matcher: K,
  written: WrittenOptions[K],
  reading: Reading,
  negated = false,
): ExpectationByMatcher[K] {
  const expectation: ExpectationOf<K> = {
    matcher,
    options: normalizeOptions(matcher, written, reading, negated),
    negated,
  };
  // The same type for one K; TypeScript relates a generic K to a member of the union only when reading one.
  return expectation as ExpectationByMatcher[K];
}

/** The value of `options`' one key when that key is `key` and its value a string. */
function onlyString(options: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const entries = Object.entries(options);
  const [only] = entries;
  // An empty shorthand is refused (`text: ""` would read as contains ""): it normalizes to nothing.
  return entries.length === 1 && only?.[0] === key && typeof only[1] === 'string' && only[1] !== ''
    ? only[1]
    : undefined;
}

/** The string that normalizes to `e`'s options where it is read as `reading`, if one does. */
export function shorthandOf(e: Expectation, reading: Reading): string | undefined {
  switch (e.matcher) {
    case 'text':
      return onlyString(e.options, plainTextKey(reading, e.negated));
    case 'transcript':
      return onlyString(e.options, 'contains');
    case 'toolCall':
      return onlyString(e.options, 'name');
    case 'transfer':
      return onlyString(e.options, 'to');
    default:
      return undefined;
  }
}

/**
 * The bare object that normalizes to `e`'s options, if one does: a payload's `value` or the variables'
 * `values` when nothing else is said and the object does not itself read as the options form.
 */
export function bareObjectOf(e: Expectation): JsonObject | undefined {
  if (e.matcher === 'payload') {
    const { value, ...rest } = e.options;
    return Object.keys(rest).length === 0 && !isPayloadOptions(value) ? value : undefined;
  }
  if (e.matcher === 'variables') {
    const { values, ...rest } = e.options;
    return values && Object.keys(rest).length === 0 && !isVariablesOptions(values) ? values : undefined;
  }
  return undefined;
}
