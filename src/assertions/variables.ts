// variables: the session variables the agent updated (this turn, or merged over the conversation)
// match the expected ones as a subset (lenient) or exactly (strict, or `mode: exact`: nothing else
// updated), and the `absent` ones were not updated at all.
import type { JsonObject } from '../model/json.js';
import type { VariablesOptions } from '../model/spec-expectations.generated.js';
import type { MatchStyle } from '../model/spec.js';
import { render, truncate } from './format.js';
import { matchValue, modeForStyle, type MatchMode } from './match-value.js';
import { turnsInScope } from './scope.js';
import type { Check, MatchContext } from './types.js';

interface VariablesSpec {
  values: JsonObject;
  mode: MatchMode;
  absent: string[];
  /** What the assertion reports as `expected`: the values themselves when nothing else is said. */
  options: JsonObject;
}

/** The expected values, how they compare, and which must not be updated (the loader made bare values `{values}`). */
function parseVariables(options: VariablesOptions, style: MatchStyle = 'lenient'): VariablesSpec {
  const values = options.values ?? {};
  const alone = options.mode === undefined && options.absent === undefined;
  return {
    values,
    mode: options.mode ?? modeForStyle(style),
    absent: options.absent ?? [],
    options: alone ? values : options,
  };
}

/** Later turns win, as they do on the server. */
function mergedUpdates(ctx: MatchContext): JsonObject {
  return Object.assign({}, ...turnsInScope(ctx, 'variables').map((t) => t.updatedVariables)) as JsonObject;
}

function describe(spec: VariablesSpec, negated: boolean): string {
  const values = `${negated ? 'not ' : ''}${spec.mode === 'exact' ? 'exactly ' : ''}${render(spec.values)}`;
  const absent = spec.absent.length ? ` and none of ${spec.absent.join(', ')} updated` : '';
  return `variables ${values}${absent}`;
}

export function variables(options: VariablesOptions, ctx: MatchContext): Check {
  const spec = parseVariables(options, ctx.match);
  const updated = mergedUpdates(ctx);
  const { mismatches } = matchValue(spec.values, updated, spec.mode, ctx.exactScalars ?? false);
  for (const name of spec.absent) {
    if (Object.hasOwn(updated, name))
      mismatches.push(`${name}: expected not updated, got ${truncate(render(updated[name]), 120)}`);
  }
  const got = `updated: ${truncate(render(updated))}`;
  return {
    pass: mismatches.length === 0,
    message: `expected ${describe(spec, false)}; ${got}`,
    negatedMessage: `expected ${describe(spec, true)}; ${got}`,
    expected: spec.options,
    actual: updated,
    ...(mismatches.length ? { details: { mismatches } } : {}),
  };
}
