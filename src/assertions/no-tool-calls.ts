// noToolCalls: no tool was called in this turn (or, at conversation level, at all).
import { turnsInScope } from './scope.js';
import { callsAsJson, renderCalls } from './tool-names.js';
import type { Check, MatchContext } from './types.js';

/** Its options are `true` (the schema allows nothing else): there is nothing to read. */
export function noToolCalls(options: true, ctx: MatchContext): Check {
  const calls = turnsInScope(ctx, 'noToolCalls').flatMap((t) => t.toolCalls);
  const called = `called: ${renderCalls(calls)}`;
  return {
    pass: calls.length === 0,
    message: `expected no tool calls; ${called}`,
    negatedMessage: `expected a tool call; ${called}`,
    expected: options,
    actual: callsAsJson(calls),
  };
}
