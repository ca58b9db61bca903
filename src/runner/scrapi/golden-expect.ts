// Expectations of a golden turn, shared by the dataset form (`conversations:`) and the export
// form (`golden.turns[].steps`): agent text, tool calls with `$matchType`, transfers, call order.
import type { JsonObject, JsonValue } from '../../model/json.js';
import { sameMeaningPrompt } from '../../model/same-meaning.js';
import type { ToolSequenceMatcher } from '../../model/spec-expectations.generated.js';
import type { Expectation, ToolCallOptions } from '../../model/spec.js';
import { traced, type Path, type ScrapiContext } from './context.js';
import { judge } from './expectations.js';
import { mapMatchTypes, semanticPrompt } from './match-type.js';

/** Why the agent text of a golden becomes a judge check (a `convert` note and a run note). */
export const AGENT_TEXT_NOTE =
  'agent text is compared by meaning, as the platform does: an LLM judge decides whether the reply ' +
  'means the same (configure `judge:`; without one the check is an error, never a pass).';

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The platform scores a golden's agent text semantically (and so does cxas-scrapi, which hands goldens
 * to the platform). Character similarity passed "Bob" for "Ada"; a judge asked about the meaning does not.
 */
export function agentTextExpectation(ctx: ScrapiContext, said: string[], at: Path): Expectation {
  return traced(ctx, judge(sameMeaningPrompt(said.join(' ')), ctx.source.at(at), 'scrapi: agent'), at);
}

export function transferExpectation(ctx: ScrapiContext, to: string, at: Path): Expectation {
  const loc = ctx.source.at(at);
  return traced(
    ctx,
    { matcher: 'transfer', options: { to, match: 'suffix' }, negated: false, loc, origin: 'scrapi: transfer_to_agent' },
    at,
  );
}

/** One expected tool call; `argsAt`/`outputAt` are where its args and output were written. */
export interface GoldenCall {
  tool: string;
  args: JsonObject;
  argsAt: Path;
  output?: JsonValue;
  outputAt?: Path;
  at: Path;
}

/** `toolCall {name, args, response}` with `$matchType` mapped, plus one judge per semantic value. */
export function toolCallExpectations(ctx: ScrapiContext, call: GoldenCall): Expectation[] {
  const loc = ctx.source.at(call.at);
  const args = mapped(ctx, call.args, call.argsAt);
  const response = call.output === undefined ? undefined : outputOf(ctx, call.output, call.outputAt ?? call.at);
  const options: ToolCallOptions = {
    name: call.tool,
    args: args.value,
    ...(response ? { response: response.value } : {}),
  };
  const judges = [
    ...args.semantic.map((s) => semanticPrompt(call.tool, 'argument', s.key, s.meaning)),
    ...(response?.semantic ?? []).map((s) => semanticPrompt(call.tool, 'response field', s.key, s.meaning)),
  ];
  return [
    traced(ctx, { matcher: 'toolCall', options, negated: false, loc, origin: 'scrapi: tool_calls' }, call.at),
    ...judges.map((p) => traced(ctx, judge(p, loc, 'scrapi: $matchType semantic'), call.at)),
  ];
}

/** A turn that lists two or more tool calls expects them in that order (others may come between). */
export function orderExpectation(ctx: ScrapiContext, tools: string[], at: Path): Expectation[] {
  if (tools.length < 2) return [];
  const [first, ...rest] = tools;
  const options: ToolSequenceMatcher = { tools: [first!, ...rest], mode: 'inOrder' };
  return [
    traced(
      ctx,
      { matcher: 'toolSequence', options, negated: false, loc: ctx.source.at(at), origin: 'scrapi: tool_calls order' },
      at,
    ),
  ];
}

function outputOf(ctx: ScrapiContext, output: JsonValue, at: Path): ReturnType<typeof mapped> | undefined {
  if (isObject(output)) return mapped(ctx, output, at);
  ctx.errors.push(
    ctx.source.error('WRONG_TYPE', at, 'a tool output is compared as a map of expected fields; got a non-map value'),
  );
  return undefined;
}

function mapped(
  ctx: ScrapiContext,
  value: JsonObject,
  at: Path,
): { value: JsonObject; semantic: Array<{ key: string; meaning: string }> } {
  const result = mapMatchTypes(value);
  for (const p of result.problems) {
    const key = p.code === 'UNKNOWN_KEY';
    ctx.errors.push(
      ctx.source.error(p.code, [...at, ...p.path], p.text, key ? { key, pathOf: [...at, ...p.path.slice(0, -1)] } : {}),
    );
  }
  return { value: result.args, semantic: result.semantic };
}
