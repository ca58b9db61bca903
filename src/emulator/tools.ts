// How an emulated server tool answers a call: the first `answers` entry whose `whenArgs` the
// args contain, else the fake (useToolFakes), else its `error`, else its `response`.
import { isJsonObject, type JsonObject, type JsonValue } from '../model/json.js';
import type { ToolDefinition, ToolError } from './app.js';
import { parsePattern } from './match.js';

export type ToolAnswerTemplate = { response: JsonObject } | { error: ToolError };

export function answerFor(def: ToolDefinition, args: JsonObject, useToolFakes: boolean): ToolAnswerTemplate {
  const matched = def.answers?.find((a) => contains(args, a.whenArgs));
  if (matched) return matched.error !== undefined ? { error: matched.error } : { response: matched.response ?? {} };
  if (useToolFakes && def.fake) return { response: def.fake };
  if (def.error !== undefined) return { error: def.error };
  return { response: def.response ?? {} };
}

/**
 * Objects: every expected key, recursively; arrays: element by element; a "/re/flags" string
 * tests the value's text; other scalars are strictly equal.
 */
function contains(actual: JsonValue | undefined, expected: JsonValue): boolean {
  if (actual === undefined) return false;
  if (isJsonObject(expected)) {
    return (
      isJsonObject(actual) &&
      Object.entries(expected).every(([k, v]) => contains(Object.hasOwn(actual, k) ? actual[k] : undefined, v))
    );
  }
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) && actual.length === expected.length && expected.every((v, i) => contains(actual[i], v))
    );
  }
  const re = typeof expected === 'string' ? parsePattern(expected) : undefined;
  if (re)
    return (
      (typeof actual === 'string' || typeof actual === 'number' || typeof actual === 'boolean') &&
      re.test(String(actual))
    );
  return actual === expected;
}

/** Whether a tool response is a failure (`{error: ...}`), as the platform sends it. */
export function isToolError(response: JsonObject): boolean {
  return response['error'] !== undefined && response['error'] !== null;
}
