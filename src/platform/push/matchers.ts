// One spec expectation → GoldenExpectation(s) with a comparison type, or an LLM criterion, or
// nothing: every construct it uses is recorded against the fidelity table, which decides.
import type { JsonObject, JsonValue } from '../../model/json.js';
import { isJsonObject } from '../../model/json.js';
import type { Expectation } from '../../model/spec.js';
import { keyOf, type ConstructUses } from './uses.js';
import type { FidelityKey } from './fidelity.js';

export type Carried = { golden: JsonObject[] } | { judge: string } | undefined;

export interface ExpectationContext {
  app: string;
  /** The conversation reads `match: strict`. */
  strict: boolean;
  level: 'turn' | 'conversation';
  where: string;
  uses: ConstructUses;
}

const hasOperator = (v: JsonValue | undefined): boolean =>
  Array.isArray(v)
    ? v.some(hasOperator)
    : isJsonObject(v)
      ? Object.entries(v).some(([k, x]) => k.startsWith('$') || hasOperator(x))
      : false;

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** A number or numeric string, which lenient matching compares with its other form. */
const hasNumber = (v: JsonValue | undefined): boolean =>
  typeof v === 'number' ||
  (typeof v === 'string' && NUMERIC.test(v)) ||
  (Array.isArray(v) ? v.some(hasNumber) : isJsonObject(v) ? Object.values(v).some(hasNumber) : false);

/** The matcher's option keys, each through the table (`<def>.<key>`); true when all are carried. */
function useKeys(def: string, o: JsonObject, at: ExpectationContext, skip: string[] = []): boolean {
  return at.uses.useAll(
    Object.keys(o)
      .filter((k) => !skip.includes(k))
      .map((k) => keyOf(def, k) ?? unknownKey(def, k)),
    at.where,
  );
}

/** A key the schema has but the table lacks: test/platform/fidelity.test.ts makes this unreachable. */
function unknownKey(def: string, key: string): never {
  throw new Error(`docs/platform-fidelity.md: ${def}.${key} is not classified (src/platform/push/fidelity.ts)`);
}

export function carryExpectation(e: Expectation, at: ExpectationContext): Carried {
  const { uses, where } = at;
  if (e.negated) return void uses.use('expectation.not', where);
  if (e.matcher === 'judge') return carryJudge(e.options, at);
  if (at.level === 'conversation') {
    uses.use(`expectation.${e.matcher}` as FidelityKey, where);
    return void uses.use('conversation.expect@golden', where);
  }
  switch (e.matcher) {
    case 'text':
      return carryText(e.options, at);
    case 'toolCall':
      return carryToolCall(e.options, at);
    case 'noToolCalls':
      return uses.use('expectation.noToolCalls', where) ? { golden: [{ noToolCalls: true }] } : undefined;
    case 'transfer':
      return carryTransfer(e.options, at);
    case 'variables':
      return carryVariables(e.options, at);
    default:
      return void uses.use(`expectation.${e.matcher}` as FidelityKey, where);
  }
}

function carryJudge(o: JsonValue, at: ExpectationContext): Carried {
  if (at.level === 'turn') return void at.uses.use('expectation.judge@turn', at.where);
  at.uses.use('expectation.judge', at.where);
  if (typeof o === 'string') return { judge: o };
  const options = o as JsonObject;
  return useKeys('judgeMatcher', options, at) ? { judge: String(options['prompt']) } : undefined;
}

function carryText(o: JsonValue, at: ExpectationContext): Carried {
  const response = (text: string, comparisonType: string): JsonObject => ({
    agentResponse: { role: 'agent', chunks: [{ text }] },
    comparisonType,
  });
  if (typeof o === 'string') {
    at.uses.use('expectation.text(string)', at.where);
    return { golden: [response(o, at.strict ? 'EQUALS' : 'CONTAINS')] };
  }
  at.uses.use('expectation.text', at.where);
  const options = o as JsonObject;
  if (!useKeys('textMatcher', options, at)) return undefined;
  const golden: JsonObject[] = [];
  if (typeof options['equals'] === 'string') golden.push(response(options['equals'], 'EQUALS'));
  const contains = options['contains'];
  for (const text of typeof contains === 'string' ? [contains] : Array.isArray(contains) ? contains : [])
    golden.push(response(String(text), 'CONTAINS'));
  return { golden };
}

function carryToolCall(o: JsonValue, at: ExpectationContext): Carried {
  const { uses, where, app } = at;
  if (at.strict) return void uses.use('expectation.toolCall@strict', where);
  if (typeof o === 'string') {
    uses.use('expectation.toolCall(string)', where);
    return { golden: [{ toolCall: { tool: `${app}/tools/${o}`, args: {} }, comparisonType: 'CONTAINS' }] };
  }
  uses.use('expectation.toolCall', where);
  const spec = o as JsonObject;
  let ok = useKeys('toolCallMatcher', spec, at);
  if (hasOperator(spec['args'])) ok = uses.use('toolCallMatcher.args@operators', where) && ok;
  if (hasOperator(spec['response'])) ok = uses.use('toolCallMatcher.response@operators', where) && ok;
  if (hasNumber(spec['args'])) ok = uses.use('toolCallMatcher.args@numbers', where) && ok;
  if (hasNumber(spec['response'])) ok = uses.use('toolCallMatcher.response@numbers', where) && ok;
  if (!ok) return undefined;
  const id: JsonObject =
    typeof spec['name'] === 'string'
      ? { tool: `${app}/tools/${spec['name']}` }
      : { displayName: String(spec['displayName']) };
  // Without args nothing is compared (EQUALS would demand no args at all).
  const exact = spec['argsMode'] === 'exact' && spec['args'] !== undefined;
  const golden: JsonObject[] = [
    {
      toolCall: { ...id, args: (spec['args'] as JsonObject | undefined) ?? {} },
      comparisonType: exact ? 'EQUALS' : 'CONTAINS',
    },
  ];
  if (isJsonObject(spec['response']))
    golden.push({ toolResponse: { ...id, response: spec['response'] }, comparisonType: 'CONTAINS' });
  return { golden };
}

function carryTransfer(o: JsonValue, at: ExpectationContext): Carried {
  const { uses, where, app } = at;
  const golden = (to: string): Carried => ({
    golden: [{ agentTransfer: { targetAgent: `${app}/agents/${to}`, displayName: to } }],
  });
  if (typeof o === 'string') return (uses.use('expectation.transfer(string)', where), golden(o));
  uses.use('expectation.transfer', where);
  const spec = o as JsonObject;
  const exactMatch = spec['match'] === 'exact';
  if (exactMatch) uses.use('transferMatcher.match@exact', where);
  if (!useKeys('transferMatcher', spec, at, exactMatch ? ['match'] : [])) return undefined;
  return golden(String(spec['to']));
}

/** `{values, mode, absent}` when values is an object or absent a list (as the matcher reads it). */
function carryVariables(o: JsonValue, at: ExpectationContext): Carried {
  const { uses, where } = at;
  const spec = o as JsonObject;
  const long = isJsonObject(spec['values']) || Array.isArray(spec['absent']);
  if (at.strict) return void uses.use('expectation.variables@strict', where);
  uses.use('expectation.variables', where);
  let ok = true;
  if (long) {
    const subsetMode = spec['mode'] === 'subset';
    if (subsetMode) uses.use('variablesMatcher.mode@subset', where);
    ok = useKeys('variablesMatcher', spec, at, subsetMode ? ['mode'] : []);
  }
  const values = long ? ((spec['values'] as JsonObject | undefined) ?? {}) : spec;
  if (hasOperator(values)) ok = uses.use('expectation.variables@operators', where) && ok;
  if (hasNumber(values)) ok = uses.use('expectation.variables@numbers', where) && ok;
  return ok ? { golden: [{ updatedVariables: values }] } : undefined;
}
