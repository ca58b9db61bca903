// sessionEnded: whether the agent ended the session (in this turn, or in any turn); with
// `{metadata}`, it ended and its end-session metadata matches (subset, or `mode: exact`).
import type { JsonObject } from '../model/json.js';
import type { SessionEndedMatcher } from '../model/spec-expectations.generated.js';
import { render, truncate } from './format.js';
import { matchValueAt, type MatchMode } from './match-value.js';
import { turnsInScope } from './scope.js';
import type { Check, MatchContext } from './types.js';

interface EndSpec {
  metadata: JsonObject;
  mode: MatchMode;
  options: JsonObject;
}

function parseEnd(options: SessionEndedMatcher): boolean | EndSpec {
  if (typeof options === 'boolean') return options;
  return { metadata: options.metadata, mode: options.mode ?? 'subset', options };
}

export function sessionEnded(options: SessionEndedMatcher, ctx: MatchContext): Check {
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
