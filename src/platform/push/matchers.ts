// One spec expectation → GoldenExpectation(s) with a comparison type, or an LLM criterion, or
// nothing: every construct it uses is recorded against the fidelity table, which decides.
import type { JsonObject, JsonValue } from '../../model/json.js';
import { asNumber, isJsonObject } from '../../model/json.js';
import { shorthandOf } from '../../model/expectation-options.js';
import type { JudgeMatcher, VariablesOptions } from '../../model/spec-expectations.generated.js';
import type { Expectation, TextOptions, ToolCallOptions, TransferOptions } from '../../model/spec.js';
import { keyOf, type ConstructUses } from './uses.js';
import type { FidelityKey } from './fidelity.js';
import type { AppInventory, NamedAgent } from './inventory.js';

export type Carried = { golden: JsonObject[] } | { judge: string } | undefined;

export interface ExpectationContext {
  app: string;
  /**
   * The app's tools and agents: a toolCall names its tool, a transfer its agent, by id or display
   * name; a golden names both by resource.
   */
  inventory: AppInventory;
  /**
   * The resources of the tools a conversation fake answers: the pushed mock is the fake's value, so
   * push knows the whole response the platform compares for them.
   */
  mocked: ReadonlySet<string>;
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

/**
 * A number or numeric string, which lenient matching compares with its other form: read as local
 * matching reads it (asNumber: `"4.25e1"` is 42.5, `"0042"` no number), so the two cannot drift.
 */
const hasNumber = (v: JsonValue | undefined): boolean =>
  asNumber(v) !== undefined ||
  (Array.isArray(v) ? v.some(hasNumber) : isJsonObject(v) ? Object.values(v).some(hasNumber) : false);

/**
 * A list holding an object, at any depth: lenient matching compares such an object as a subset
 * (extra keys allowed), the platform's subset comparison the list exactly (as the emulator does).
 * A list of scalars means the same both ways: same length, equal element by element.
 */
const hasObjectInList = (v: JsonValue | undefined, inList = false): boolean =>
  Array.isArray(v)
    ? v.some((x) => hasObjectInList(x, true))
    : isJsonObject(v)
      ? inList || Object.values(v).some((x) => hasObjectInList(x))
      : false;

/** The matcher's option keys, each through the table (`<def>.<key>`); true when all are carried. */
function useKeys(def: string, o: object, at: ExpectationContext, skip: string[] = []): boolean {
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
  // A shorthand as the spec would write it (`toolCall: lookup`): the table classifies it apart.
  const shorthand = shorthandOf(e, { match: at.strict ? 'strict' : 'lenient', scope: 'turn' });
  switch (e.matcher) {
    case 'text':
      return carryText(shorthand ?? e.options, at);
    case 'toolCall':
      return carryToolCall(shorthand ?? e.options, at);
    case 'noToolCalls':
      return uses.use('expectation.noToolCalls', where) ? { golden: [{ noToolCalls: true }] } : undefined;
    case 'transfer':
      return carryTransfer(shorthand ?? e.options, at);
    case 'variables':
      return carryVariables(e.options, at);
    default:
      return void uses.use(`expectation.${e.matcher}` as FidelityKey, where);
  }
}

function carryJudge(o: JudgeMatcher, at: ExpectationContext): Carried {
  if (at.level === 'turn') return void at.uses.use('expectation.judge@turn', at.where);
  at.uses.use('expectation.judge', at.where);
  return useKeys('judgeMatcher', o, at) ? { judge: o.prompt } : undefined;
}

function carryText(o: string | TextOptions, at: ExpectationContext): Carried {
  const response = (text: string, comparisonType: string): JsonObject => ({
    agentResponse: { role: 'agent', chunks: [{ text }] },
    comparisonType,
  });
  if (typeof o === 'string') {
    at.uses.use('expectation.text(string)', at.where);
    return { golden: [response(o, at.strict ? 'EQUALS' : 'CONTAINS')] };
  }
  at.uses.use('expectation.text', at.where);
  if (!useKeys('textMatcher', o, at)) return undefined;
  const golden: JsonObject[] = [];
  if (o.equals !== undefined) golden.push(response(o.equals, 'EQUALS'));
  for (const text of typeof o.contains === 'string' ? [o.contains] : (o.contains ?? []))
    golden.push(response(text, 'CONTAINS'));
  return { golden };
}

/**
 * The resource of the one tool `name` means (locally it matches a call by tool id or display name);
 * undefined, with the refusal recorded, when no tool or several answer to it.
 */
function toolNamed(name: string, at: ExpectationContext): string | undefined {
  const found = at.inventory.named(name);
  if (found.length === 1) return found[0];
  at.uses.use(found.length ? 'toolCallMatcher.name@ambiguous' : 'toolCallMatcher.name@unknown', at.where);
  return undefined;
}

/**
 * The resource of the one tool `displayName` means (locally it matches a call by the display name
 * the call carries); undefined, with the refusal recorded, when no tool or several have it.
 */
function toolDisplayNamed(displayName: string, at: ExpectationContext): string | undefined {
  const found = at.inventory.displayNamed(displayName);
  if (found.length === 1) return found[0];
  const key = found.length ? 'toolCallMatcher.displayName@ambiguous' : 'toolCallMatcher.displayName@unknown';
  at.uses.use(key, at.where);
  return undefined;
}

/**
 * The tool a toolCall names, as a resource: a golden names its tool by resource alone (its
 * display_name is output only). The loader lets a toolCall name it one way only.
 */
function toolOf(o: ToolCallOptions, at: ExpectationContext): string | undefined {
  if (o.name !== undefined) return toolNamed(o.name, at);
  return o.displayName !== undefined ? toolDisplayNamed(o.displayName, at) : undefined;
}

function carryToolCall(o: string | ToolCallOptions, at: ExpectationContext): Carried {
  const { uses, where } = at;
  if (at.strict) return void uses.use('expectation.toolCall@strict', where);
  if (typeof o === 'string') {
    uses.use('expectation.toolCall(string)', where);
    const tool = toolNamed(o, at);
    return tool ? { golden: [{ toolCall: { tool, args: {} }, comparisonType: 'CONTAINS' }] } : undefined;
  }
  uses.use('expectation.toolCall', where);
  let ok = useKeys('toolCallMatcher', o, at);
  const tool = toolOf(o, at);
  if (hasOperator(o.args)) ok = uses.use('toolCallMatcher.args@operators', where) && ok;
  if (hasNumber(o.args)) ok = uses.use('toolCallMatcher.args@numbers', where) && ok;
  // argsMode exact compares objects in lists exactly too, as EQUALS does.
  if (o.argsMode !== 'exact' && hasObjectInList(o.args)) ok = uses.use('toolCallMatcher.args@lists', where) && ok;
  if (o.response !== undefined) ok = useResponse(o, o.response, tool, at) && ok;
  // No tool: anyTool (refused above) or a name no tool, or several, answer to (refused in toolOf).
  if (!ok || !tool) return undefined;
  // Without args nothing is compared (EQUALS would demand no args at all).
  const exact = o.argsMode === 'exact' && o.args !== undefined;
  const golden: JsonObject[] = [
    { toolCall: { tool, args: o.args ?? {} }, comparisonType: exact ? 'EQUALS' : 'CONTAINS' },
  ];
  if (o.response) golden.push({ toolResponse: { tool, response: o.response }, comparisonType: 'CONTAINS' });
  return { golden };
}

/** Args that rule out some call: a response check then belongs to the calls they match. */
const constrainsArgs = (o: ToolCallOptions): boolean =>
  o.args !== undefined && (o.argsMode === 'exact' || Object.keys(o.args).length > 0);

/**
 * A toolCall's `response`, through the table: true when the toolResponse push writes means what the
 * local check means. Locally the response is the one of a call the args (and name) match, and one
 * written without `output` is read inside the tool response's `output` when it has one; the
 * platform compares a toolResponse with every response of the tool in the turn, whole.
 */
function useResponse(
  o: ToolCallOptions,
  response: JsonObject,
  tool: string | undefined,
  at: ExpectationContext,
): boolean {
  const { uses, where } = at;
  let ok = true;
  if (constrainsArgs(o)) ok = uses.use('toolCallMatcher.response@args', where) && ok;
  // A mocked tool's platform response is the fake's value, which a local run reads inside `output`.
  const mocked = tool !== undefined && at.mocked.has(tool);
  const wrapped = Object.hasOwn(response, 'output');
  if (mocked && wrapped) ok = uses.use('toolCallMatcher.response@mocked', where) && ok;
  if (!mocked && !wrapped) ok = uses.use('toolCallMatcher.response@unwrapped', where) && ok;
  if (hasOperator(response)) ok = uses.use('toolCallMatcher.response@operators', where) && ok;
  if (hasNumber(response)) ok = uses.use('toolCallMatcher.response@numbers', where) && ok;
  if (hasObjectInList(response)) ok = uses.use('toolCallMatcher.response@lists', where) && ok;
  return ok;
}

/**
 * The one agent `to` means (locally it matches a transfer by agent id or display name); undefined,
 * with the refusal recorded, when no agent or several answer to it.
 */
function agentNamed(to: string, at: ExpectationContext): NamedAgent | undefined {
  const found = at.inventory.agentsNamed(to);
  if (found.length === 1) return found[0];
  at.uses.use(found.length ? 'transferMatcher.to@ambiguous' : 'transferMatcher.to@unknown', at.where);
  return undefined;
}

function carryTransfer(o: string | TransferOptions, at: ExpectationContext): Carried {
  const { uses, where } = at;
  // The agent's resource (display_name is output only: the agent's own, as the platform shows it).
  const golden = (agent: NamedAgent): Carried => ({
    golden: [
      {
        agentTransfer: {
          targetAgent: agent.name,
          ...(agent.displayName !== undefined ? { displayName: agent.displayName } : {}),
        },
      },
    ],
  });
  if (typeof o === 'string') {
    uses.use('expectation.transfer(string)', where);
    const agent = agentNamed(o, at);
    return agent ? golden(agent) : undefined;
  }
  uses.use('expectation.transfer', where);
  const exactMatch = o.match === 'exact';
  if (exactMatch) uses.use('transferMatcher.match@exact', where);
  let ok = useKeys('transferMatcher', o, at, exactMatch ? ['match'] : []);
  const agent = o.to !== undefined ? agentNamed(o.to, at) : undefined;
  if (o.to !== undefined && !agent) ok = false;
  return ok && agent ? golden(agent) : undefined;
}

/** `{values}` alone is the bare values as written (the loader's form of them); mode and absent are options. */
function carryVariables(o: VariablesOptions, at: ExpectationContext): Carried {
  const { uses, where } = at;
  const long = o.mode !== undefined || o.absent !== undefined;
  if (at.strict) return void uses.use('expectation.variables@strict', where);
  uses.use('expectation.variables', where);
  let ok = true;
  if (long) {
    const subsetMode = o.mode === 'subset';
    if (subsetMode) uses.use('variablesMatcher.mode@subset', where);
    ok = useKeys('variablesMatcher', o, at, subsetMode ? ['mode'] : []);
  }
  const values = o.values ?? {};
  if (hasOperator(values)) ok = uses.use('expectation.variables@operators', where) && ok;
  if (hasNumber(values)) ok = uses.use('expectation.variables@numbers', where) && ok;
  if (hasObjectInList(values)) ok = uses.use('expectation.variables@lists', where) && ok;
  return ok ? { golden: [{ updatedVariables: values }] } : undefined;
}
