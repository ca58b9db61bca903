// Route matching: the first route of the current agent whose every condition holds wins.
import { sameJson, type JsonObject, type JsonValue } from '../model/json.js';
import type { Route, RouteCondition, VariableCondition } from './app.js';
import { linearPattern, regexLiteral, type LinearPattern } from '../model/pattern.js';

/** One turn's user input, gathered from the request's SessionInputs (canonical JSON). */
export interface TurnInputs {
  text?: string;
  dtmf?: string;
  event?: string;
  blobs: Array<{ mimeType: string; data: string }>;
  images: Array<{ mimeType: string; data: string }>;
  variables?: JsonObject;
  /** Client tool responses, tool as its short name. */
  toolResponses: Array<{ id?: string; tool: string; response: JsonObject }>;
  /** Audio whose transcript key is not in the app's transcripts table. */
  unrecognized?: boolean;
}

/** `/re/flags` → a linear-time pattern (src/model/pattern.ts); anything else → undefined. */
export function parsePattern(pattern: string): LinearPattern | undefined {
  const literal = regexLiteral(pattern);
  return literal ? linearPattern(literal.source, literal.flags) : undefined;
}

function textMatches(pattern: string, text: string | undefined): boolean {
  if (text === undefined) return false;
  const re = parsePattern(pattern);
  return re ? re.test(text) : text.toLowerCase().includes(pattern.toLowerCase());
}

function exactOrPattern(pattern: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  const re = parsePattern(pattern);
  return re ? re.test(value) : value === pattern;
}

/** A mime type matches exactly, as `type/*`, or as a /regex/. */
function mimeMatches(pattern: string, items: Array<{ mimeType: string }>): boolean {
  return items.some(({ mimeType }) =>
    pattern.endsWith('/*') ? mimeType.startsWith(pattern.slice(0, -1)) : exactOrPattern(pattern, mimeType),
  );
}

function variableMatches(cond: VariableCondition, vars: JsonObject): boolean {
  const value = vars[cond.var];
  if ('exists' in cond) return (value !== undefined && value !== null) === cond.exists;
  // Structurally, as the app schema says: {a, b} equals {b, a} (JSON text would depend on key order).
  if ('equals' in cond) return sameJson(value, cond.equals);
  return (
    value !== undefined &&
    value !== null &&
    exactOrPattern(cond.matches, typeof value === 'string' ? value : JSON.stringify(value as JsonValue))
  );
}

export function conditionHolds(on: RouteCondition, input: TurnInputs, vars: JsonObject): boolean {
  if (on.text !== undefined && !textMatches(on.text, input.text)) return false;
  if (on.event !== undefined && on.event.toLowerCase() !== input.event?.toLowerCase()) return false;
  if (on.dtmf !== undefined && !exactOrPattern(on.dtmf, input.dtmf)) return false;
  if (on.blob !== undefined && !mimeMatches(on.blob, input.blobs)) return false;
  if (on.image !== undefined && !mimeMatches(on.image, input.images)) return false;
  if (on.variable !== undefined && !variableMatches(on.variable, vars)) return false;
  if (on.toolResponse !== undefined && !input.toolResponses.some((r) => r.tool === on.toolResponse)) return false;
  if (on.unrecognized === true && input.unrecognized !== true) return false;
  return true;
}

export function findRouteIndex(routes: Route[], input: TurnInputs, vars: JsonObject): number {
  return routes.findIndex((r) => conditionHolds(r.on, input, vars));
}
