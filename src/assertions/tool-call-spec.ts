// toolCall options, normalised: `toolCall: lookup_account` is `{name: lookup_account}`.
import { isJsonObject, type JsonObject, type JsonValue } from '../model/json.js';
import { BadOptionsError } from './errors.js';
import { plural, render } from './format.js';
import type { MatchMode } from './match-value.js';
import { Options } from './options.js';
import { NAME_MATCHES, type NameMatch } from './tool-names.js';
import type { Scope } from './types.js';

export interface CountRange { min: number; max: number }

export interface ToolCallSpec {
  /** Undefined with anyTool. */
  name?: string;
  /** Which of the call's names `name` is compared with: all of them, or only the display name. */
  byDisplayName: boolean;
  nameMatch: NameMatch;
  args?: JsonObject;
  argsMode: MatchMode;
  /** Undefined: at least once. */
  count?: CountRange;
  response?: JsonObject;
  scope?: Scope;
  options: JsonObject;
}

function isCount(n: JsonValue | undefined): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0;
}

function parseCount(o: Options): CountRange | undefined {
  const raw = o.raw('count');
  if (raw === undefined) return undefined;
  if (isCount(raw)) return { min: raw, max: raw };
  const min = isJsonObject(raw) ? raw.min : undefined;
  const max = isJsonObject(raw) ? raw.max : undefined;
  const valid = (min === undefined || isCount(min)) && (max === undefined || isCount(max)) && (min !== undefined || max !== undefined)
    && (min === undefined || max === undefined || min <= max);
  if (!valid) return o.fail('count', 'a whole number or {min, max}');
  return { min: min ?? 0, max: max ?? Number.POSITIVE_INFINITY };
}

export function parseToolCall(options: JsonValue): ToolCallSpec {
  const o = typeof options === 'string' ? new Options('toolCall', { name: options }) : Options.of('toolCall', options);
  const anyTool = o.boolean('anyTool') ?? false;
  const displayName = o.string('displayName');
  const name = anyTool ? undefined : (o.string('name') ?? displayName);
  if (!anyTool && name === undefined) throw new BadOptionsError(`toolCall needs name, displayName or anyTool: true; got ${render(o.values)}`);
  return {
    name, byDisplayName: o.string('name') === undefined && displayName !== undefined,
    nameMatch: o.oneOf('nameMatch', NAME_MATCHES) ?? 'exact',
    args: o.object('args'), argsMode: o.oneOf('argsMode', ['subset', 'exact'] as const) ?? 'subset',
    count: parseCount(o), response: o.object('response'), scope: o.oneOf('scope', ['turn', 'conversation'] as const),
    options: o.values,
  };
}

function countPhrase(count: CountRange | undefined): string {
  if (!count) return '';
  if (count.min === count.max) return ` exactly ${plural(count.min, 'time')}`;
  if (count.max === Number.POSITIVE_INFINITY) return ` at least ${plural(count.min, 'time')}`;
  if (count.min === 0) return ` at most ${plural(count.max, 'time')}`;
  return ` between ${count.min} and ${count.max} times`;
}

function toolLabel(spec: ToolCallSpec): string {
  if (spec.name === undefined) return '';
  return spec.nameMatch === 'suffix' ? ` ending in ${spec.name}` : ` ${spec.name}`;
}

function argsPhrase(spec: ToolCallSpec): string {
  const args = spec.args ? ` with ${spec.argsMode === 'exact' ? 'exactly ' : ''}args ${render(spec.args)}` : '';
  return args + (spec.response ? ` and response ${render(spec.response)}` : '');
}

/** `tool lookup_account with args {account_id: "123"}`, `a tool call with args {...} exactly 2 times`. */
export function describeToolCall(spec: ToolCallSpec): string {
  const subject = spec.name === undefined ? 'a tool call' : `tool${toolLabel(spec)}`;
  return subject + argsPhrase(spec) + countPhrase(spec.count);
}

/** `no tool call escalate`, or `not <description>` when a count makes "no" ambiguous. */
export function describeNoToolCall(spec: ToolCallSpec): string {
  if (spec.count) return `not ${describeToolCall(spec)}`;
  return `no tool call${toolLabel(spec)}${argsPhrase(spec)}`;
}
