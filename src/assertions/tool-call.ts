// toolCall: a tool was called (by name or display name), with matching args and response, `count` times.
import type { JsonObject, JsonValue } from '../model/json.js';
import type { ToolCall, ToolResponse } from '../model/turn.js';
import { matchValueAt } from './match-value.js';
import { turnsInScope } from './scope.js';
import { describeNoToolCall, describeToolCall, parseToolCall, type ToolCallSpec } from './tool-call-spec.js';
import { callsAsJson, nameMatches, renderCalls, toolCallNames } from './tool-names.js';
import type { Check, MatchContext } from './types.js';

function hasName(spec: ToolCallSpec, call: ToolCall): boolean {
  if (spec.name === undefined) return true;
  const names = spec.byDisplayName ? [call.displayName ?? call.name] : toolCallNames(call);
  return nameMatches(names, spec.name, spec.nameMatch);
}

/** A response's payload; servers wrap function results in `output`, which users rarely write. */
function responseBody(expected: JsonObject, response: ToolResponse): JsonValue {
  const body = response.response;
  return 'output' in body && !('output' in expected) ? body.output! : body;
}

function callMismatches(spec: ToolCallSpec, call: ToolCall, responses: readonly ToolResponse[]): string[] {
  const out = spec.args ? matchValueAt(spec.args, call.args, spec.argsMode, 'args').mismatches : [];
  if (!spec.response) return out;
  const response = responses.find((r) => r.id === call.id);
  if (!response) return [...out, `response: no tool response for call ${call.id}`];
  return [...out, ...matchValueAt(spec.response, responseBody(spec.response, response), 'subset', 'response').mismatches];
}

function countOk(spec: ToolCallSpec, matching: number): boolean {
  return spec.count ? matching >= spec.count.min && matching <= spec.count.max : matching >= 1;
}

export function toolCall(options: JsonValue, ctx: MatchContext): Check {
  const spec = parseToolCall(options);
  const turns = turnsInScope(ctx, 'toolCall', spec.scope);
  const calls = turns.flatMap((t) => t.toolCalls);
  const responses = turns.flatMap((t) => t.toolResponses);
  const named = calls.filter((c) => hasName(spec, c));
  const checked = named.map((call) => ({ call, mismatches: callMismatches(spec, call, responses) }));
  const matching = checked.filter((c) => c.mismatches.length === 0).length;
  const near = checked.flatMap((c) => c.mismatches.map((m) => `${c.call.name}: ${m}`));
  const called = `called: ${renderCalls(calls)}${spec.count ? ` (${matching} matching)` : ''}`;
  return {
    pass: countOk(spec, matching),
    message: `expected ${describeToolCall(spec)}; ${called}`,
    negatedMessage: `expected ${describeNoToolCall(spec)}; ${called}`,
    expected: spec.options,
    actual: callsAsJson(calls),
    details: { matching, ...(near.length ? { mismatches: near } : {}) },
  };
}
