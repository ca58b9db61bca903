// cxas-scrapi turn-eval expectations → ours, with the same meaning (SCRAPI-NOTES §3.1 table).
import type { JsonObject, JsonValue } from '../../model/json.js';
import type { Expectation } from '../../model/spec.js';
import { checkOperators } from '../load/operators.js';
import type { Path, Raw, ScrapiContext } from './context.js';

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

export function judge(prompt: string, loc: Expectation['loc'], origin = 'scrapi: expectation'): Expectation {
  return { matcher: 'judge', options: { prompt }, negated: false, ...(loc ? { loc } : {}), origin };
}

/** Maps `expectations:`; an item that cannot be mapped is an error and is left out. */
export function toExpectations(ctx: ScrapiContext, list: unknown, at: Path): Expectation[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown, i) => {
    const loc = ctx.source.at([...at, i]);
    if (typeof item === 'string') return [judge(item, loc)];
    const mapped = fromOperator(ctx, item as Raw, [...at, i]);
    return mapped ? [{ ...mapped, negated: false, loc, origin: `scrapi: ${String((item as Raw)['type'])}` }] : [];
  });
}

type Mapped = Pick<Expectation, 'matcher' | 'options'>;

function fromOperator(ctx: ScrapiContext, item: Raw, at: Path): Mapped | undefined {
  const type = item['type'] as string;
  const value = item['value'] as JsonValue | undefined;
  const fail = (text: string, code = 'WRONG_TYPE'): undefined => {
    ctx.errors.push(ctx.source.error(code, value === undefined ? at : [...at, 'value'], text));
    return undefined;
  };
  switch (type) {
    case 'no_tools_called': return { matcher: 'noToolCalls', options: true };
    case 'equals':
    case 'contains':
      // The reference compares str(value), so numbers and booleans are text here too.
      if (!isScalar(value)) return fail(`${type} needs a text value`);
      return { matcher: 'text', options: { [type]: String(value) } };
    case 'tool_called':
      if (!isNonEmpty(value)) return fail('tool_called needs a tool name');
      return { matcher: 'toolCall', options: { name: String(value), nameMatch: 'suffix' } };
    case 'agent_transfer':
      // The reference passes an empty string always; a target that cannot fail is a mistake.
      if (!isNonEmpty(value)) return fail('agent_transfer needs an agent name (an empty one always passes in cxas-scrapi)', 'BAD_VALUE');
      return { matcher: 'transfer', options: { to: String(value), match: 'suffix' } };
    case 'tool_input':
    case 'tool_output':
      if (!isObject(value)) return fail(`${type} needs a map of expected values`);
      checkOperators(ctx.source, value, [...at, 'value'], ctx.errors);
      return { matcher: 'toolCall', options: { anyTool: true, [type === 'tool_input' ? 'args' : 'response']: value } };
    default:
      return undefined;
  }
}

const isScalar = (v: unknown): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v);
const isNonEmpty = (v: unknown): boolean => isScalar(v) && String(v) !== '';

/** Convert comment for tool_input/tool_output, whose reference semantics differ slightly. */
export const TOOL_IO_NOTE = 'tool_input/tool_output: cxas-scrapi also accepted a map keyed by tool name ({lookup_order: {...}}); here the values are matched against the args/response of any single call.';
