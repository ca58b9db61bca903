// toolCall: a tool was called (by name or display name), with matching args and response, `count` times.
import type { JsonObject, JsonValue } from '../model/json.js';
import type { ToolCall, ToolResponse } from '../model/turn.js';
import type { MatchStyle, ToolCallOptions } from '../model/spec.js';
import { needsLenientTally, tallyHolds, tallyPhrase, type Tally } from './count.js';
import { plural } from './format.js';
import { listedCount, type Claim } from './listing.js';
import { matchValueAt, type MatchMode } from './match-value.js';
import { turnsInScope } from './scope.js';
import { describeNoToolCall, describeToolCall, parseToolCall, type ToolCallSpec } from './tool-call-spec.js';
import { callsAsJson, nameMatches, renderCalls, toolCallNames } from './tool-names.js';
import type { Check, MatchContext, Scope } from './types.js';

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

/** How args and the response compare: the check's own rules, or those a lenient spec applies. */
interface Rules {
  argsMode: MatchMode;
  exactScalars: boolean;
}

function callMismatches(
  spec: ToolCallSpec,
  call: ToolCall,
  responses: readonly ToolResponse[],
  rules: Rules,
): string[] {
  const { argsMode, exactScalars } = rules;
  const out = spec.args ? matchValueAt(spec.args, call.args, argsMode, 'args', exactScalars).mismatches : [];
  if (!spec.response) return out;
  const response = responses.find((r) => r.id === call.id);
  if (!response) return [...out, `response: no tool response for call ${call.id}`];
  return [
    ...out,
    ...matchValueAt(spec.response, responseBody(spec.response, response), 'subset', 'response', exactScalars)
      .mismatches,
  ];
}

/** Adds to the own tally the calls matching leniently, when a count's maximum needs that (count.ts Tally). */
function withLenientTally(
  spec: ToolCallSpec,
  named: readonly ToolCall[],
  responses: readonly ToolResponse[],
  own: Rules,
  matching: number,
): Tally {
  const lenient: Rules = { argsMode: spec.lenientArgsMode, exactScalars: false };
  if (!needsLenientTally(spec.count, own.exactScalars || own.argsMode !== lenient.argsMode)) return { matching };
  const leniently = named.filter((c) => callMismatches(spec, c, responses, lenient).length === 0).length;
  return { matching, leniently };
}

/** Calls of one tool (by the same naming rule, in the same scope) share a listing key. */
function listingKey(spec: ToolCallSpec, scope: Scope): string {
  return `toolCall:${scope}:${spec.nameMatch}:${spec.byDisplayName ? 'displayName' : 'name'}:${spec.name ?? ''}`;
}

/** Strict listing: each named toolCall claims its exact `count`, or one call. */
export function toolCallClaim(options: ToolCallOptions, style: MatchStyle, scope: Scope): Claim | undefined {
  const spec = parseToolCall(options, style);
  if (spec.name === undefined) return undefined;
  const times = spec.count ? (spec.count.min === spec.count.max ? spec.count.min : undefined) : 1;
  return { key: listingKey(spec, spec.scope ?? scope), times };
}

export function toolCall(options: ToolCallOptions, ctx: MatchContext): Check {
  const spec = parseToolCall(options, ctx.match);
  const turns = turnsInScope(ctx, 'toolCall', spec.scope);
  const calls = turns.flatMap((t) => t.toolCalls);
  const responses = turns.flatMap((t) => t.toolResponses);
  const named = calls.filter((c) => hasName(spec, c));
  const own: Rules = { argsMode: spec.argsMode, exactScalars: ctx.exactScalars ?? false };
  const checked = named.map((call) => ({ call, mismatches: callMismatches(spec, call, responses, own) }));
  const tally = withLenientTally(spec, named, responses, own, checked.filter((c) => c.mismatches.length === 0).length);
  const near = checked.flatMap((c) => c.mismatches.map((m) => `${c.call.name}: ${m}`));
  // Strict: the tool is called exactly as often as the list names it (an extra call fails).
  const listed =
    spec.count || spec.name === undefined ? undefined : listedCount(ctx, listingKey(spec, spec.scope ?? ctx.scope));
  const asListed =
    listed === undefined ? '' : `, and ${spec.name} called exactly ${plural(listed, 'time')} as listed (match: strict)`;
  const counted = spec.count || listed !== undefined ? tallyPhrase(tally) : '';
  const called = `called: ${renderCalls(calls, spec.byDisplayName)}${counted}`;
  return {
    pass: tallyHolds(spec.count, tally) && (listed === undefined || named.length === listed),
    message: `expected ${describeToolCall(spec)}${asListed}; ${called}`,
    negatedMessage: `expected ${describeNoToolCall(spec)}; ${called}`,
    expected: spec.options,
    actual: callsAsJson(calls),
    details: { ...tally, ...(near.length ? { mismatches: near } : {}) },
  };
}
