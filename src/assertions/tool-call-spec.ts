// toolCall options, read once per check: `name` or `displayName` (the loader made `toolCall: lookup_account`
// `{name: lookup_account}`), the defaults the match style leaves open filled in.
import type { JsonObject } from '../model/json.js';
import type { MatchStyle, ToolCallOptions } from '../model/spec.js';
import { countPhrase, countRange, onlyAtMost, type CountRange } from './count.js';
import { BadOptionsError } from './errors.js';
import { render } from './format.js';
import { modeForStyle, type MatchMode } from './match-value.js';
import type { NameMatch } from './tool-names.js';
import type { Scope } from './types.js';

export interface ToolCallSpec {
  /** Undefined with anyTool. */
  name?: string;
  /** Which of the call's names `name` is compared with: all of them, or only the display name. */
  byDisplayName: boolean;
  nameMatch: NameMatch;
  args?: JsonObject;
  argsMode: MatchMode;
  /** How a lenient spec compares the args: `argsMode`, else as a subset (a count's maximum is held against it). */
  lenientArgsMode: MatchMode;
  /** Undefined: at least once. */
  count?: CountRange;
  response?: JsonObject;
  scope?: Scope;
  options: JsonObject;
}

/**
 * The ways the options name the tool: `name` (any of the call's names), `displayName` (the display
 * name only), `anyTool: true` (every call). Exactly one is meaningful; the loader refuses others
 * (src/runner/load/checks.ts), and a hand-built expectation with two is an error, never half read.
 */
export function toolNamings(options: ToolCallOptions): Array<'name' | 'displayName' | 'anyTool'> {
  const ways = (['name', 'displayName'] as const).filter((k) => options[k] !== undefined);
  return options.anyTool === true ? [...ways, 'anyTool'] : ways;
}

/**
 * `style` strict makes args exact unless `argsMode` says otherwise, or the count only bounds from
 * above (`0`, `{max: n}`): that asks whether such a call happened at all, compared as a subset.
 */
export function parseToolCall(options: ToolCallOptions, style: MatchStyle = 'lenient'): ToolCallSpec {
  const anyTool = options.anyTool ?? false;
  const name = anyTool ? undefined : (options.name ?? options.displayName);
  // The loader refuses these (src/runner/load/checks.ts); a hand-built expectation may still say them.
  const ways = toolNamings(options);
  if (ways.length === 0)
    throw new BadOptionsError(`toolCall needs name, displayName or anyTool: true; got ${render(options)}`);
  if (ways.length > 1)
    throw new BadOptionsError(`toolCall names its tool one way, not ${ways.join(' and ')}; got ${render(options)}`);
  const count = countRange(options.count);
  return {
    name,
    byDisplayName: options.name === undefined && options.displayName !== undefined,
    nameMatch: options.nameMatch ?? 'exact',
    args: options.args,
    argsMode: options.argsMode ?? (onlyAtMost(count) ? 'subset' : modeForStyle(style)),
    lenientArgsMode: options.argsMode ?? 'subset',
    count,
    response: options.response,
    scope: options.scope,
    options,
  };
}

function toolLabel(spec: ToolCallSpec): string {
  if (spec.name === undefined) return '';
  const name = spec.nameMatch === 'suffix' ? `ending in ${spec.name}` : spec.name;
  return spec.byDisplayName ? ` with display name ${name}` : ` ${name}`;
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
