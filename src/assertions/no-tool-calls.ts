// noToolCalls: no tool was called in this turn (or, at conversation level, at all).
import type { JsonValue } from '../model/json.js';
import { BadOptionsError } from './errors.js';
import { render } from './format.js';
import { Options } from './options.js';
import { turnsInScope } from './scope.js';
import { callsAsJson, renderCalls } from './tool-names.js';
import type { Check, MatchContext, Scope } from './types.js';

/** `true` (or `{scope}` to look at the whole conversation from a turn). */
function parseScope(options: JsonValue): Scope | undefined {
  if (options === true || options === null) return undefined;
  if (typeof options === 'boolean')
    throw new BadOptionsError('noToolCalls takes true (write `not: {noToolCalls: true}` to require a call); got false');
  const o = Options.of('noToolCalls', options);
  if (Object.keys(o.values).some((k) => k !== 'scope'))
    throw new BadOptionsError(`noToolCalls takes true or {scope}; got ${render(options)}`);
  return o.oneOf('scope', ['turn', 'conversation'] as const);
}

export function noToolCalls(options: JsonValue, ctx: MatchContext): Check {
  const calls = turnsInScope(ctx, 'noToolCalls', parseScope(options)).flatMap((t) => t.toolCalls);
  const called = `called: ${renderCalls(calls)}`;
  return {
    pass: calls.length === 0,
    message: `expected no tool calls; ${called}`,
    negatedMessage: `expected a tool call; ${called}`,
    expected: options,
    actual: callsAsJson(calls),
  };
}
