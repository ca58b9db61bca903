// citations: cited chunks in scope whose uri / title / text (/ requiresAttribution) match, as a
// subset of the citation (lenient) or exactly (strict, or `mode: exact`), some (default), `count`
// times, or as often as listed (strict). `{count: 0}` asserts there are none.
import type { JsonObject } from '../model/json.js';
import type { CitationsMatcher } from '../model/spec-expectations.generated.js';
import type { MatchStyle } from '../model/spec.js';
import type { Citation } from '../model/turn.js';
import { countPhrase } from './count.js';
import { countedClaim, countedSpec, countMatches, type CountedSpec } from './counted-matches.js';
import { render, truncate } from './format.js';
import type { Claim } from './listing.js';
import { turnsInScope } from './scope.js';
import type { Check, MatchContext } from './types.js';

const FIELDS = ['uri', 'title', 'text', 'requiresAttribution'] as const;
const isField = (key: string): key is (typeof FIELDS)[number] => (FIELDS as readonly string[]).includes(key);
const LISTING_KEY = 'citations';

/**
 * The expected object is the citation fields given. None: any citation, whatever `mode` says
 * (an exact `{}` would match no citation, and `{count: 0}` would hold beside one).
 */
function parseCitations(options: CitationsMatcher, style: MatchStyle = 'lenient'): CountedSpec {
  const fields: JsonObject = {};
  // In the order written: the message renders them so.
  for (const key of Object.keys(options)) {
    const value = isField(key) ? options[key] : undefined;
    if (value !== undefined) fields[key] = value;
  }
  const compared = Object.keys(fields).length ? options : { count: options.count };
  return countedSpec(compared, fields, style, options);
}

/** Strict listing: each citations expectation claims its exact `count`, or one citation. */
export function citationsClaim(options: CitationsMatcher, style: MatchStyle): Claim {
  const { count } = parseCitations(options, style);
  return countedClaim(LISTING_KEY, count);
}

function asJson(c: Citation): JsonObject {
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as JsonObject;
}

function describe(spec: CountedSpec): string {
  const any = Object.keys(spec.expected).length === 0;
  const subject = any
    ? 'a citation'
    : `a citation ${spec.mode === 'exact' ? 'equal to' : 'matching'} ${render(spec.expected)}`;
  return subject + countPhrase(spec.count);
}

export function citations(options: CitationsMatcher, ctx: MatchContext): Check {
  const spec = parseCitations(options, ctx.match);
  const cited = turnsInScope(ctx, 'citations').flatMap((t) => t.citations.map(asJson));
  const counted = countMatches(ctx, { key: LISTING_KEY, noun: 'citation' }, spec, cited);
  const got = `citations: ${cited.length ? truncate(cited.map((c) => render(c)).join(', ')) : 'none'}`;
  return {
    pass: counted.pass,
    message: `expected ${describe(spec)}${counted.asListed}; ${got}`,
    negatedMessage: `expected not ${describe(spec)}; ${got}`,
    expected: spec.options,
    actual: cited,
    details: counted.details,
  };
}
