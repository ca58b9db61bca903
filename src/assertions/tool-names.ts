// Naming tools and agents the way users write them: short name, display name or resource id.
import type { JsonObject } from '../model/json.js';
import type { ToolCall } from '../model/turn.js';
import { render, truncate } from './format.js';

export type NameMatch = 'exact' | 'suffix';

/** `projects/p/.../tools/lookup_account` → `lookup_account`. */
export function lastSegment(resource: string | undefined): string | undefined {
  return resource?.split('/').pop() || undefined;
}

/** True when any of the names equals `wanted` (or ends with it, for `suffix`). */
export function nameMatches(
  names: ReadonlyArray<string | undefined>,
  wanted: string,
  mode: NameMatch = 'exact',
): boolean {
  return names.some((n) => n !== undefined && (mode === 'exact' ? n === wanted : n.endsWith(wanted)));
}

/** Every name a tool call answers to. */
export function toolCallNames(call: ToolCall): Array<string | undefined> {
  return [call.name, call.displayName, lastSegment(call.resource)];
}

function renderCall(call: ToolCall, displayNames: boolean): string {
  const shown = displayNames && call.displayName !== undefined ? ` (display name ${call.displayName})` : '';
  return `${call.name}${shown} ${truncate(render(call.args), 160)}`;
}

/**
 * `lookup_account {account_id: "124"}, escalate {}` or `no tools`; with `displayNames` (a check by
 * display name) each call's display name follows its name.
 */
export function renderCalls(calls: readonly ToolCall[], displayNames = false): string {
  return calls.length ? calls.map((c) => renderCall(c, displayNames)).join(', ') : 'no tools';
}

/** The JSON form of calls for `actual`. */
export function callsAsJson(calls: readonly ToolCall[]): JsonObject[] {
  return calls.map((c) => ({ name: c.name, args: c.args }));
}
