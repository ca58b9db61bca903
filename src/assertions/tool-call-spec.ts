// toolCall options, normalised: `toolCall: lookup_account` is `{name: lookup_account}`.
import type { JsonObject, JsonValue } from '../model/json.js';
import type { MatchStyle } from '../model/spec.js';
import { countPhrase, parseCount, type CountRange } from './count.js';
import { BadOptionsError } from './errors.js';
import { render } from './format.js';
import { modeForStyle, type MatchMode } from './match-value.js';
import { Options } from './options.js';
import { NAME_MATCHES, type NameMatch } from './tool-names.js';
import type { Scope } from './types.js';

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

export type { CountRange };

/** `style` strict makes args exact unless `argsMode` says otherwise. */
export function parseToolCall(options: JsonValue, style: MatchStyle = 'lenient'): ToolCallSpec {
  const o = typeof options === 'string' ? new Options('toolCall', { name: options }) : Options.of('toolCall', options);
  const anyTool = o.boolean('anyTool') ?? false;
  const displayName = o.string('displayName');
  const name = anyTool ? undefined : (o.string('name') ?? displayName);
  if (!anyTool && name === undefined)
    throw new BadOptionsError(`toolCall needs name, displayName or anyTool: true; got ${render(o.values)}`);
  return {
    name,
    byDisplayName: o.string('name') === undefined && displayName !== undefined,
    nameMatch: o.oneOf('nameMatch', NAME_MATCHES) ?? 'exact',
    args: o.object('args'),
    argsMode: o.matchMode('argsMode', modeForStyle(style)),
    count: parseCount(o),
    response: o.object('response'),
    scope: o.oneOf('scope', ['turn', 'conversation'] as const),
    options: o.values,
  };
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
