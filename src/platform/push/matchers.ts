// One spec expectation → GoldenExpectation(s) with a comparison type, or the reason it cannot be
// carried to the platform (regex, latency, custom, negation, ...), which push lists.
import type { JsonObject, JsonValue } from '../../model/json.js';
import { isJsonObject } from '../../model/json.js';
import type { Expectation } from '../../model/spec.js';

export type Carried = { golden: JsonObject[] } | { judge: string } | { uncarried: string };

const hasOperator = (v: JsonValue | undefined): boolean =>
  Array.isArray(v)
    ? v.some(hasOperator)
    : isJsonObject(v)
      ? Object.entries(v).some(([k, x]) => k.startsWith('$') || hasOperator(x))
      : false;

/**
 * `strict` (spec `match: strict`): a plain text is the whole text and args are exact unless argsMode
 * says otherwise.
 */
export function carryExpectation(e: Expectation, app: string, strict = false): Carried {
  if (e.negated) return { uncarried: `not: ${e.matcher} (the platform has no negated expectations)` };
  const o = e.options;
  switch (e.matcher) {
    case 'judge':
      return { judge: String((o as JsonObject)['prompt']) };
    case 'noToolCalls':
      return { golden: [{ noToolCalls: true }] };
    case 'text':
      return carryText(o, strict);
    case 'toolCall':
      return carryToolCall(o, app, strict);
    case 'transfer':
      return carryTransfer(o, app);
    case 'variables': {
      const vars = isJsonObject(o) && isJsonObject(o['equals']) ? o['equals'] : o;
      if (!isJsonObject(vars) || hasOperator(vars) || Object.keys(vars).some((k) => ['mode', 'equals'].includes(k)))
        return { uncarried: 'variables with operators or modes' };
      return { golden: [{ updatedVariables: vars }] };
    }
    default:
      return { uncarried: `${e.matcher} (no platform equivalent)` };
  }
}

function carryText(o: JsonValue, strict: boolean): Carried {
  const response = (text: string, comparisonType: string): JsonObject => ({
    agentResponse: { role: 'agent', chunks: [{ text }] },
    comparisonType,
  });
  if (typeof o === 'string') return { golden: [response(o, strict ? 'EQUALS' : 'CONTAINS')] };
  if (!isJsonObject(o) || o['ignoreCase'] === true) return { uncarried: 'text with ignoreCase' };
  if (typeof o['equals'] === 'string') return { golden: [response(o['equals'], 'EQUALS')] };
  if (typeof o['contains'] === 'string') return { golden: [response(o['contains'], 'CONTAINS')] };
  if (Array.isArray(o['contains'])) return { golden: o['contains'].map((t) => response(String(t), 'CONTAINS')) };
  if (typeof o['similar'] === 'string') return { golden: [response(o['similar'], 'SEMANTIC_SIMILARITY')] };
  return { uncarried: `text ${'matches' in o ? 'matches (regex)' : 'oneOf' in o ? 'oneOf' : 'options'}` };
}

function carryToolCall(o: JsonValue, app: string, strict: boolean): Carried {
  const spec = typeof o === 'string' ? { name: o } : (o as JsonObject);
  const extra = Object.keys(spec).filter((k) => !['name', 'displayName', 'args', 'argsMode', 'response'].includes(k));
  if (extra.length) return { uncarried: `toolCall with ${extra.join(', ')}` };
  if (hasOperator(spec['args']) || hasOperator(spec['response']))
    return { uncarried: 'toolCall args with operators ($regex, $gt, ...)' };
  const id: JsonObject =
    typeof spec['displayName'] === 'string'
      ? { displayName: spec['displayName'] }
      : { tool: `${app}/tools/${String(spec['name'])}` };
  const exact = spec['argsMode'] === 'exact' || (spec['argsMode'] === undefined && strict);
  const comparisonType = exact ? 'EQUALS' : 'CONTAINS';
  const golden: JsonObject[] = [
    { toolCall: { ...id, args: (spec['args'] as JsonObject | undefined) ?? {} }, comparisonType },
  ];
  if (isJsonObject(spec['response']))
    golden.push({ toolResponse: { ...id, response: spec['response'] }, comparisonType: 'CONTAINS' });
  return { golden };
}

function carryTransfer(o: JsonValue, app: string): Carried {
  const to =
    typeof o === 'string' ? o : isJsonObject(o) && Object.keys(o).every((k) => k === 'to') ? o['to'] : undefined;
  if (typeof to !== 'string') return { uncarried: 'transfer with chain, count, mode or match' };
  return { golden: [{ agentTransfer: { targetAgent: `${app}/agents/${to}`, displayName: to } }] };
}
