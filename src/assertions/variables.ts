// variables: the session variables the agent updated (this turn, or merged over the conversation)
// match the expected ones as a subset (lenient) or exactly (strict, or `mode: exact`: nothing else
// updated), and the `absent` ones were not updated at all.
import { isJsonObject, type JsonObject, type JsonValue } from '../model/json.js';
import type { MatchStyle } from '../model/spec.js';
import { render, truncate } from './format.js';
import { matchValue, modeForStyle, type MatchMode } from './match-value.js';
import { Options } from './options.js';
import { turnsInScope } from './scope.js';
import type { Check, MatchContext } from './types.js';

const OPTION_KEYS = ['values', 'mode', 'absent'];

interface VariablesSpec {
  values: JsonObject;
  mode: MatchMode;
  absent: string[];
  options: JsonObject;
}

/** `{values, mode, absent}` when `values` is an object or `absent` a list; any other object is the expected values. */
export function parseVariables(options: JsonValue, style: MatchStyle = 'lenient'): VariablesSpec {
  const o = Options.of('variables', options);
  const defaultMode = modeForStyle(style);
  const optionsForm = isJsonObject(o.values['values']) || Array.isArray(o.values['absent']);
  if (!optionsForm) return { values: o.values, mode: defaultMode, absent: [], options: o.values };
  o.only(OPTION_KEYS);
  return {
    values: o.object('values') ?? {},
    mode: o.matchMode('mode', defaultMode),
    absent: o.strings('absent') ?? [],
    options: o.values,
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

export function variables(options: JsonValue, ctx: MatchContext): Check {
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
