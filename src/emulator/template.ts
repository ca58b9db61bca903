// `${vars.x}`, `${input.text}`, `${input.dtmf}`, `${input.event}`, `${tool.<name>.<field>}`
// placeholders in route text, tool args, payloads and variable values.
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

function lookup(scope: TemplateScope, path: string): JsonValue | undefined {
  let node: unknown = scope;
  for (const key of path.split('.')) {
    if (!isJsonObject(node as JsonValue) && typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown> | undefined)?.[key];
    if (node === undefined) return undefined;
  }
  return node as JsonValue;
}

function asText(v: JsonValue | undefined): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Replaces every placeholder with its value as text (missing values become ''). */
export function renderText(template: string, scope: TemplateScope): string {
  return template.replace(PLACEHOLDER, (_m, path: string) => asText(lookup(scope, path)));
}

/**
 * Renders strings anywhere inside a JSON value. A string that is exactly one placeholder keeps
 * the value's own JSON type (so `${tool.lookup_account.balance}` stays a number).
 */
export function renderJson(value: JsonValue, scope: TemplateScope): JsonValue {
  if (typeof value === 'string') {
    const whole = WHOLE_PLACEHOLDER.exec(value);
    if (whole) return lookup(scope, whole[1]!) ?? null;
    return renderText(value, scope);
  }
  if (Array.isArray(value)) return value.map((v) => renderJson(v, scope));
  if (isJsonObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderJson(v, scope)]));
  return value;
}

export function renderObject(value: JsonObject, scope: TemplateScope): JsonObject {
  return renderJson(value, scope) as JsonObject;
}
