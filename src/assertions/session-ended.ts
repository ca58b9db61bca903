// sessionEnded: whether the agent ended the session (in this turn, or in any turn); with
// `{metadata}`, it ended and its end-session metadata matches (subset, or `mode: exact`).
import { isJsonObject, type JsonObject, type JsonValue } from '../model/json.js';
import { BadOptionsError } from './errors.js';
import { render, truncate } from './format.js';
import { matchValueAt, type MatchMode } from './match-value.js';
import { Options } from './options.js';
import { turnsInScope } from './scope.js';
import type { Check, MatchContext } from './types.js';

interface EndSpec {
  metadata: JsonObject;
  mode: MatchMode;
  options: JsonObject;
}

function parseEnd(options: JsonValue): boolean | EndSpec {
  if (typeof options === 'boolean') return options;
  if (!isJsonObject(options))
    throw new BadOptionsError(`sessionEnded takes true, false or {metadata}; got ${render(options)}`);
  const o = Options.of('sessionEnded', options);
  o.only(['metadata', 'mode']);
  const metadata = o.object('metadata');
  if (!metadata) return o.fail('metadata', 'an object');
  return { metadata, mode: o.matchMode('mode', 'subset'), options: o.values };
}

export function sessionEnded(options: JsonValue, ctx: MatchContext): Check {
  const want = parseEnd(options);
  const ending = turnsInScope(ctx, 'sessionEnded').find((t) => t.sessionEnded);
  const got = ending ? 'the agent ended it' : 'it did not end';
  if (typeof want === 'boolean') {
    const phrase = (end: boolean): string => `expected the session ${end ? 'to end' : 'not to end'}; ${got}`;
    return {
      pass: !!ending === want,
      message: phrase(want),
      negatedMessage: phrase(!want),
      expected: want,
      actual: !!ending,
    };
  }
  const metadata = ending ? (ending.endSessionMetadata ?? {}) : undefined;
  const mismatches = ending
    ? matchValueAt(want.metadata, metadata!, want.mode, 'metadata', ctx.exactScalars ?? false).mismatches
    : [];
  const what = `the session to end with ${want.mode === 'exact' ? 'exactly ' : ''}metadata ${render(want.metadata)}`;
  const actual = ending ? `${got} with metadata ${truncate(render(metadata))}` : got;
  return {
    pass: !!ending && mismatches.length === 0,
    message: `expected ${what}; ${actual}`,
    negatedMessage: `expected not ${what}; ${actual}`,
    expected: want.options,
    actual: ending ? { ended: true, metadata: metadata! } : { ended: false },
    ...(mismatches.length ? { details: { mismatches } } : {}),
  };
}
