// `${vars.x}`, `${input.text}`, `${input.dtmf}`, `${input.event}`, `${tool.<name>.<field>}`
// placeholders in route text, tool args and responses, payloads, variable values, citations and
// end metadata. A placeholder without a value is never rendered as empty text: the app loader
// rejects the ones that can never resolve (check-templates.ts); the rest throw here, at run time,
// and the engine fails the turn.
import type { JsonObject, JsonValue } from '../model/json.js';
import { isJsonObject } from '../model/json.js';

export interface TemplateScope {
  vars: JsonObject;
  input: { text?: string; dtmf?: string; event?: string };
  /** Last response of each tool in this session, `output` already unwrapped. */
  tool: JsonObject;
}

const PLACEHOLDER = /\$\{([A-Za-z_][\w]*(?:\.[\w-]+)*)\}/g;
const WHOLE_PLACEHOLDER = /^\$\{([A-Za-z_][\w]*(?:\.[\w-]+)*)\}$/;
/** Anything written as `${…}`, placeholder or not. */
const BRACED = /\$\{([^}]*)\}/g;
const PLACEHOLDER_PATH = /^[A-Za-z_][\w]*(?:\.[\w-]+)*$/;

/** A placeholder with no value in this turn; the engine turns it into a turn error. */
export class UnresolvedPlaceholderError extends Error {
  constructor(
    readonly placeholder: string,
    readonly reason: string,
  ) {
    super(`placeholder \${${placeholder}} has no value: ${reason}`);
    this.name = 'UnresolvedPlaceholderError';
  }
}

/** Why `path` has no value (for the error message), naming the first missing step. */
function whyMissing(scope: TemplateScope, path: string): string {
  const [root, name, ...rest] = path.split('.');
  if (root === 'vars') return `session variable "${name}" is not set`;
  if (root === 'input') return `this turn has no ${name} input`;
  if (root === 'tool') {
    if (name === undefined) return 'no tool named';
    if (!isJsonObject(scope.tool[name])) return `tool "${name}" has not answered in this session`;
    return `tool "${name}" answered without ${[...rest].join('.') || 'a value'}`;
  }
  return `unknown root "${root}" (use vars., input. or tool.)`;
}

function lookup(scope: TemplateScope, path: string): JsonValue | undefined {
  let node: JsonValue | undefined = scope as unknown as JsonObject;
  for (const key of path.split('.')) {
    if (!isJsonObject(node)) return undefined;
    node = Object.hasOwn(node as JsonObject, key) ? (node as JsonObject)[key] : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/** The placeholder's value; throws UnresolvedPlaceholderError when there is none. */
function resolve(scope: TemplateScope, path: string): JsonValue {
  const value = lookup(scope, path);
  if (value === undefined) throw new UnresolvedPlaceholderError(path, whyMissing(scope, path));
  return value;
}

function asText(path: string, v: JsonValue): string {
  // null inside a sentence would read as "" or "null": neither is what the app author meant.
  if (v === null) throw new UnresolvedPlaceholderError(path, 'its value is null');
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Replaces every placeholder with its value as text; throws UnresolvedPlaceholderError for one without a value. */
export function renderText(template: string, scope: TemplateScope): string {
  return template.replace(PLACEHOLDER, (_m, path: string) => asText(path, resolve(scope, path)));
}

/**
 * Renders strings anywhere inside a JSON value. A string that is exactly one placeholder keeps
 * the value's own JSON type (so `${tool.lookup_account.balance}` stays a number, null stays null).
 */
export function renderJson(value: JsonValue, scope: TemplateScope): JsonValue {
  if (typeof value === 'string') {
    const whole = WHOLE_PLACEHOLDER.exec(value);
    if (whole) return resolve(scope, whole[1]!);
    return renderText(value, scope);
  }
  if (Array.isArray(value)) return value.map((v) => renderJson(v, scope));
  if (isJsonObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderJson(v, scope)]));
  return value;
}

export function renderObject(value: JsonObject, scope: TemplateScope): JsonObject {
  return renderJson(value, scope) as JsonObject;
}

/** Every placeholder path (`vars.x`, `tool.t.f`) in the strings of `value`. */
export function placeholdersIn(value: JsonValue | undefined): string[] {
  if (typeof value === 'string') return [...value.matchAll(PLACEHOLDER)].map((m) => m[1]!);
  if (Array.isArray(value)) return value.flatMap(placeholdersIn);
  if (isJsonObject(value)) return Object.values(value).flatMap(placeholdersIn);
  return [];
}

/**
 * Every `${…}` in the strings of `value` that is not a placeholder (`${ vars.x }`, `${vars x}`,
 * `${}`): rendering leaves it as literal text, so the app loader refuses it (check-templates.ts).
 */
export function malformedPlaceholdersIn(value: JsonValue | undefined): string[] {
  if (typeof value === 'string')
    return [...value.matchAll(BRACED)].filter((m) => !PLACEHOLDER_PATH.test(m[1]!)).map((m) => m[0]);
  if (Array.isArray(value)) return value.flatMap(malformedPlaceholdersIn);
  if (isJsonObject(value)) return Object.values(value).flatMap(malformedPlaceholdersIn);
  return [];
}

/** The placeholder path a malformed `${…}` means once its spaces are dropped, if that is one. */
export function placeholderWithoutSpaces(braced: string): string | undefined {
  const path = braced.slice(2, -1).replace(/\s+/g, '');
  return PLACEHOLDER_PATH.test(path) ? path : undefined;
}
