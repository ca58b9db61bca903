// variables: the session variables the agent updated (merged over the conversation) match a subset.
import type { JsonObject, JsonValue } from '../model/json.js';
import { render, truncate } from './format.js';
import { matchValue } from './match-value.js';
import { Options } from './options.js';
import { turnsInScope } from './scope.js';
import type { Check, MatchContext } from './types.js';

/** Later turns win, as they do on the server. */
function mergedUpdates(ctx: MatchContext): JsonObject {
  return Object.assign({}, ...turnsInScope(ctx, 'variables').map((t) => t.updatedVariables)) as JsonObject;
}

export function variables(options: JsonValue, ctx: MatchContext): Check {
  const expected = Options.of('variables', options).values;
  const updated = mergedUpdates(ctx);
  const { ok, mismatches } = matchValue(expected, updated, 'subset');
  const got = `updated: ${truncate(render(updated))}`;
  return {
    pass: ok,
    message: `expected variables ${render(expected)}; ${got}`,
    negatedMessage: `expected variables not ${render(expected)}; ${got}`,
    expected, actual: updated,
    ...(mismatches.length ? { details: { mismatches } } : {}),
  };
}
