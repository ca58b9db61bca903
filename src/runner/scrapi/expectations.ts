// cxas-scrapi turn-eval expectations → ours, with the same meaning (docs/scrapi-compatibility.md).
import type { JsonObject } from '../../model/json.js';
import type { Expectation, ExpectationOf, MatcherName } from '../../model/spec.js';
import { checkOperators } from '../load/operators.js';
import { traced, type Path, type ScrapiContext } from './context.js';
import type { Expectation as ScrapiExpectation } from './turn-eval-document.generated.js';

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

export function judge(prompt: string, loc: Expectation['loc'], origin = 'scrapi: expectation'): Expectation {
  return { matcher: 'judge', options: { prompt }, negated: false, ...(loc ? { loc } : {}), origin };
}

/** Maps `expectations:`; an item that cannot be mapped is an error and is left out. */
export function toExpectations(ctx: ScrapiContext, list: ScrapiExpectation[] | undefined, at: Path): Expectation[] {
  return (list ?? []).flatMap((item, i) => {
    const itemAt = [...at, i];
    const loc = ctx.source.at(itemAt);
    if (typeof item === 'string') return [traced(ctx, judge(item, loc), itemAt)];
    const origin = `scrapi: ${item.type}`;
    return fromOperator(ctx, item, itemAt).map((m) => traced(ctx, { ...m, negated: false, loc, origin }, itemAt));
  });
}

/** A matcher and its options, not yet located. */
type Mapped = { [K in MatcherName]: Pick<ExpectationOf<K>, 'matcher' | 'options'> }[MatcherName];

function fromOperator(ctx: ScrapiContext, { type, value }: Exclude<ScrapiExpectation, string>, at: Path): Mapped[] {
  const fail = (text: string, code = 'WRONG_TYPE'): Mapped[] => {
    ctx.errors.push(ctx.source.error(code, value === undefined ? at : [...at, 'value'], text));
    return [];
  };
  switch (type) {
    case 'no_tools_called':
      return [{ matcher: 'noToolCalls', options: true }];
    case 'equals':
    case 'contains':
      // The reference compares str(value), so numbers and booleans are text here too.
      if (!isScalar(value)) return fail(`${type} needs a text value`);
      // Every text contains "": an empty one (a blank cell, an unset template) would always pass.
      if (type === 'contains' && String(value) === '')
        return fail('contains needs a text (an empty one always passes)', 'BAD_VALUE');
      return [
        { matcher: 'text', options: type === 'equals' ? { equals: String(value) } : { contains: String(value) } },
      ];
    case 'tool_called':
      if (!isNonEmpty(value)) return fail('tool_called needs a tool name');
      return [{ matcher: 'toolCall', options: { name: String(value), nameMatch: 'suffix' } }];
    case 'agent_transfer':
      // The reference passes an empty string always; a target that cannot fail is a mistake.
      if (!isNonEmpty(value))
        return fail('agent_transfer needs an agent name (an empty one always passes in cxas-scrapi)', 'BAD_VALUE');
      return [{ matcher: 'transfer', options: { to: String(value), match: 'suffix' } }];
    case 'tool_input':
    case 'tool_output':
      if (!isObject(value)) return fail(`${type} needs a map of expected values`);
      checkOperators(ctx.source, value, [...at, 'value'], ctx.errors);
      return toolIo(type === 'tool_input' ? 'args' : 'response', value);
    default:
      return [];
  }
}

/**
 * `{lookup_order: {...}}` (every value a map) is keyed by tool name, as in cxas-scrapi's example:
 * one check per tool, on that tool's calls. Otherwise the values are expected of any single call.
 */
function toolIo(part: 'args' | 'response', value: JsonObject): Mapped[] {
  if (isKeyedByTool(value))
    return Object.entries(value).map(([tool, v]) => ({ matcher: 'toolCall', options: { name: tool, [part]: v } }));
  return [{ matcher: 'toolCall', options: { anyTool: true, [part]: value } }];
}

const isKeyedByTool = (value: JsonObject): boolean => {
  const values = Object.values(value);
  return values.length > 0 && values.every((v) => isObject(v) && !Object.keys(v).some((k) => k.startsWith('$')));
};

const isScalar = (v: unknown): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v);
const isNonEmpty = (v: unknown): boolean => isScalar(v) && String(v) !== '';

/** Convert comment for tool_input/tool_output, whose reference semantics differ slightly. */
export const TOOL_IO_NOTE =
  "tool_input/tool_output: cxas-scrapi matched the map keyed by tool name or any single call's values, " +
  'first call per tool only; here a map whose every value is a map is read as keyed by tool name ' +
  '(any call of that tool), ' +
  'otherwise its values are expected of any single call.';
