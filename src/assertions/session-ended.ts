// sessionEnded: whether the agent ended the session (in this turn, or in any turn).
import type { JsonValue } from '../model/json.js';
import { BadOptionsError } from './errors.js';
import { render } from './format.js';
import { turnsInScope } from './scope.js';
import type { Check, MatchContext } from './types.js';

export function sessionEnded(options: JsonValue, ctx: MatchContext): Check {
  if (typeof options !== 'boolean') throw new BadOptionsError(`sessionEnded takes true or false; got ${render(options)}`);
  const ended = turnsInScope(ctx, 'sessionEnded').some((t) => t.sessionEnded);
  const got = ended ? 'the agent ended it' : 'it did not end';
  const want = (end: boolean): string => `expected the session ${end ? 'to end' : 'not to end'}; ${got}`;
  return { pass: ended === options, message: want(options), negatedMessage: want(!options), expected: options, actual: ended };
}
