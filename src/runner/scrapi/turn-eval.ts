// cxas-scrapi turn-eval files (`conversations:` / `tests:`) → ConversationSpecs.
import type { JsonObject } from '../../model/json.js';
import type { ConversationSpec, Expectation, TurnSpec } from '../../model/spec.js';
import { formatPath } from '../../validation/index.js';
import { traced, type Path, type Raw, type ScrapiContext } from './context.js';
import { TOOL_IO_NOTE, toExpectations } from './expectations.js';
import { toHistory } from './history.js';
import { userTextInput } from './inputs.js';

export function turnEvalConversations(ctx: ScrapiContext): ConversationSpec[] {
  const value = ctx.source.value as Raw;
  const key = value['conversations'] ? 'conversations' : 'tests';
  const topConfig = (value['config'] as Raw | undefined) ?? {};
  return (value[key] as Raw[]).flatMap((c, i) => {
    if (c['name'] !== undefined || c['conversation'] !== undefined)
      return [toConversation(ctx, c, [key, i], i, topConfig)];
    ctx.errors.push(ctx.source.error('MISSING_KEY', [key, i], 'missing required key "name" (or "conversation")'));
    return [];
  });
}

function toConversation(ctx: ScrapiContext, c: Raw, at: Path, index: number, topConfig: Raw): ConversationSpec {
  const config = { ...topConfig, ...((c['config'] as Raw | undefined) ?? {}) };
  // cxas-scrapi copies `conversation:` over `name:`.
  const nameKey = c['conversation'] !== undefined ? 'conversation' : 'name';
  const name = c[nameKey] as string;
  const multi = Array.isArray(c['turns']);
  const history = toHistory(
    c['historical_contexts'] ?? config['historical_contexts'],
    (c['turn_count'] ?? config['turn_count']) as number | undefined,
  );
  const all = toExpectations(ctx, c['expectations'], [...at, 'expectations']);
  if (multi) checkMultiTurnInputs(ctx, c, at);
  noteToolIo(ctx, index, all);
  const turns = multi ? multiTurns(ctx, c, at, index) : singleTurn(ctx, c, at, index, all);
  const variables = { ...((config['variables'] as JsonObject | undefined) ?? {}) };
  const spec: ConversationSpec = {
    id: `${ctx.source.file}#${name}`,
    name,
    file: ctx.source.file,
    loc: ctx.source.at([...at, nameKey], true),
    tags: (c['tags'] as string[] | undefined) ?? [],
    repeat: 1,
    ...(history ? { history } : {}),
    ...(Object.keys(variables).length ? { variables } : {}),
    ...(config['use_tool_fakes'] !== undefined ? { useToolFakes: config['use_tool_fakes'] as boolean } : {}),
    ...(config['deployment_id'] !== undefined ? { deploymentId: config['deployment_id'] as string } : {}),
    modality: String(config['modality'] ?? 'text').toLowerCase() as ConversationSpec['modality'],
    toolFakes: [],
    turns,
    // Multi-turn: the reference judged only string expectations at case level and silently ignored
    // typed ones; they are checked here, over the whole conversation.
    expect: multi ? all : [],
    format: 'scrapi-turn-eval',
  };
  if (config['gemini_model'] !== undefined)
    ctx.notes.push({
      conversation: index,
      text: `config.gemini_model (${String(config['gemini_model'])}) chose cxas-scrapi's judge model; here judge expectations use the judge configured in cxas-eval.config.yaml (judge:).`,
    });
  if (multi && all.some((e) => e.matcher !== 'judge'))
    ctx.notes.push({
      conversation: index,
      text: 'typed case-level expectations were ignored by cxas-scrapi in multi-turn tests; they are checked here, over the whole conversation.',
    });
  ctx.refs.set(spec, { namePath: formatPath([...at, nameKey]) });
  recordDependency(ctx, spec, c, config, at);
  return traced(spec, at);
}

function singleTurn(ctx: ScrapiContext, c: Raw, at: Path, index: number, expect: Expectation[]): TurnSpec[] {
  if (c['user'] !== undefined && c['event'] !== undefined)
    ctx.notes.push({
      conversation: index,
      text: 'cxas-scrapi sent user and event in one request; here the event is its own turn, first.',
    });
  return inputTurns(ctx, c, at, expect, c['variables'] as JsonObject | undefined);
}

function multiTurns(ctx: ScrapiContext, c: Raw, at: Path, index: number): TurnSpec[] {
  return (c['turns'] as Raw[]).flatMap((step, i) => {
    const stepAt = [...at, 'turns', i];
    const expect = toExpectations(ctx, step['expectations'], [...stepAt, 'expectations']);
    noteToolIo(ctx, index, expect, i);
    if (step['user'] !== undefined && step['event'] !== undefined)
      ctx.notes.push({
        conversation: index,
        turn: i,
        text: 'user and event were one request in cxas-scrapi; here the event is its own turn, first.',
      });
    return inputTurns(ctx, step, stepAt, expect, stepVariables(ctx, step, stepAt)).map((t) =>
      traced({ ...t, label: String(step['turn']) }, stepAt),
    );
  });
}

/** user and/or event (event first), else variables alone; expectations go on the last turn. */
function inputTurns(
  ctx: ScrapiContext,
  raw: Raw,
  at: Path,
  expect: Expectation[],
  variables: JsonObject | undefined,
): TurnSpec[] {
  const loc = ctx.source.at(at);
  const turns: TurnSpec[] = [];
  if (raw['event'] !== undefined)
    turns.push({ input: { kind: 'event', event: raw['event'] as string }, expect: [], loc });
  if (raw['user'] !== undefined) turns.push({ input: userTextInput(raw['user'] as string), expect: [], loc });
  if (turns.length === 0) {
    if (!variables) {
      ctx.errors.push(ctx.source.error('NO_INPUT', at, 'a test or turn needs user, event or variables'));
      return [];
    }
    return [traced({ input: { kind: 'variables', variables }, expect, loc }, at)];
  }
  if (variables) turns[0] = { ...turns[0]!, variables };
  turns[turns.length - 1] = { ...turns[turns.length - 1]!, expect };
  return turns.map((t) => traced(t, at));
}

/** A step's variables, plus `config.variables`; other per-step session settings cannot change mid-session. */
function stepVariables(ctx: ScrapiContext, step: Raw, at: Path): JsonObject | undefined {
  const config = (step['config'] as Raw | undefined) ?? {};
  for (const key of Object.keys(config).filter((k) => k !== 'variables')) {
    ctx.errors.push(
      ctx.source.error(
        'BAD_VALUE',
        [...at, 'config', key],
        `per-turn config.${key} is not supported; set it in the test's config`,
        { key: true, pathOf: [...at, 'config'] },
      ),
    );
  }
  const merged = {
    ...((config['variables'] as JsonObject | undefined) ?? {}),
    ...((step['variables'] as JsonObject | undefined) ?? {}),
  };
  return Object.keys(merged).length ? merged : undefined;
}

function checkMultiTurnInputs(ctx: ScrapiContext, c: Raw, at: Path): void {
  for (const key of ['user', 'event'] as const) {
    if (c[key] !== undefined)
      ctx.errors.push(
        ctx.source.error(
          'BAD_VALUE',
          [...at, key],
          `${key} next to turns was ignored by cxas-scrapi; move it into turns`,
          { key: true, pathOf: at },
        ),
      );
  }
}

function noteToolIo(ctx: ScrapiContext, conversation: number, expect: Expectation[], turn?: number): void {
  if (expect.some((e) => e.origin === 'scrapi: tool_input' || e.origin === 'scrapi: tool_output')) {
    ctx.notes.push({ conversation, ...(turn !== undefined ? { turn } : {}), text: TOOL_IO_NOTE });
  }
}

function recordDependency(ctx: ScrapiContext, spec: ConversationSpec, c: Raw, config: Raw, at: Path): void {
  const own = c['historical_contexts'] !== undefined;
  const refPath = own ? [...at, 'historical_contexts', 'test_name'] : ['config', 'historical_contexts', 'test_name'];
  const refs = ctx.refs.get(spec);
  if (refs && spec.history && 'afterConversation' in spec.history) {
    refs.dependency = { loc: ctx.source.at(refPath), path: formatPath(refPath) };
  }
}
