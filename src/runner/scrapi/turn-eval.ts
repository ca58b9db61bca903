// cxas-scrapi turn-eval files (`conversations:` / `tests:`) → ConversationSpecs.
import type { JsonObject } from '../../model/json.js';
import type { ConversationSpec, Expectation, TurnSpec } from '../../model/spec.js';
import { formatPath } from '../../validation/index.js';
import { mappedConversation, someVariables, traced, type Path, type ScrapiContext } from './context.js';
import { TOOL_IO_NOTE, toExpectations } from './expectations.js';
import { caseHistory, checkTopTurnCount } from './history.js';
import { userTextInput } from './inputs.js';
import type { Case, SessionConfig, Step, TurnEvalDocument } from './turn-eval-document.generated.js';

export function turnEvalConversations(ctx: ScrapiContext, doc: TurnEvalDocument): ConversationSpec[] {
  const key = doc.conversations ? 'conversations' : 'tests';
  const topConfig = doc.config ?? {};
  checkTopTurnCount(ctx, doc[key] ?? [], topConfig);
  return (doc[key] ?? []).flatMap((c, i) => {
    // cxas-scrapi copies `conversation:` over `name:`.
    const nameKey = c.conversation !== undefined ? 'conversation' : 'name';
    const name = c[nameKey];
    if (name !== undefined) return [toConversation(ctx, c, { name, nameKey }, [key, i], i, topConfig)];
    ctx.errors.push(ctx.source.error('MISSING_KEY', [key, i], 'missing required key "name" (or "conversation")'));
    return [];
  });
}

function toConversation(
  ctx: ScrapiContext,
  c: Case,
  { name, nameKey }: { name: string; nameKey: 'conversation' | 'name' },
  at: Path,
  index: number,
  topConfig: SessionConfig,
): ConversationSpec {
  const config = { ...topConfig, ...c.config };
  const multi = Array.isArray(c.turns);
  const history = caseHistory(ctx, c, topConfig, at);
  const all = toExpectations(ctx, c.expectations, [...at, 'expectations']);
  if (multi) checkMultiTurnInputs(ctx, c, at);
  noteToolIo(ctx, index, all);
  const turns = multi ? multiTurns(ctx, c.turns ?? [], at, index) : singleTurn(ctx, c, at, index, all);
  const spec = mappedConversation(ctx, at, [...at, nameKey], {
    name,
    tags: c.tags ?? [],
    repeat: 1,
    ...(history ? { history } : {}),
    // A multi-turn test's own variables (which cxas-scrapi never sent) go with the first request, over config's.
    ...someVariables({ ...config.variables, ...(multi ? c.variables : {}) }),
    ...(config.use_tool_fakes !== undefined ? { useToolFakes: config.use_tool_fakes } : {}),
    ...(config.deployment_id !== undefined ? { deploymentId: config.deployment_id } : {}),
    modality: config.modality?.toLowerCase() === 'audio' ? 'audio' : 'text',
    toolFakes: [],
    turns,
    // Multi-turn: the reference judged only string expectations at case level and silently ignored
    // typed ones; they are checked here, over the whole conversation.
    expect: multi ? all : [],
    format: 'scrapi-turn-eval',
  });
  noteDifferences(ctx, c, config, index, all);
  recordDependency(ctx, spec, c, at);
  return spec;
}

/** convert notes where a test's meaning here differs from cxas-scrapi's. */
function noteDifferences(ctx: ScrapiContext, c: Case, config: SessionConfig, index: number, all: Expectation[]): void {
  const multi = Array.isArray(c.turns);
  if (config.gemini_model !== undefined)
    ctx.notes.push({
      conversation: index,
      text:
        `config.gemini_model (${config.gemini_model}) chose cxas-scrapi's judge model; ` +
        'here judge expectations use the judge configured in cxas-eval.config.yaml (judge:).',
    });
  if (multi && c.variables && Object.keys(c.variables).length > 0)
    ctx.notes.push({
      conversation: index,
      text:
        'cxas-scrapi did not send the variables of a multi-turn test; ' +
        'here they are sent with the first turn, as the variables of the conversation.',
    });
  if (multi && all.some((e) => e.matcher !== 'judge'))
    ctx.notes.push({
      conversation: index,
      text:
        'typed case-level expectations were ignored by cxas-scrapi in multi-turn tests; ' +
        'they are checked here, over the whole conversation.',
    });
}

function singleTurn(ctx: ScrapiContext, c: Case, at: Path, index: number, expect: Expectation[]): TurnSpec[] {
  if (c.user !== undefined && c.event !== undefined)
    ctx.notes.push({
      conversation: index,
      text: 'cxas-scrapi sent user and event in one request; here the event is its own turn, first.',
    });
  return inputTurns(ctx, c, at, expect, c.variables);
}

function multiTurns(ctx: ScrapiContext, steps: Step[], at: Path, index: number): TurnSpec[] {
  return steps.flatMap((step, i) => {
    const stepAt = [...at, 'turns', i];
    const expect = toExpectations(ctx, step.expectations, [...stepAt, 'expectations']);
    noteToolIo(ctx, index, expect, i);
    if (step.user !== undefined && step.event !== undefined)
      ctx.notes.push({
        conversation: index,
        turn: i,
        text: 'user and event were one request in cxas-scrapi; here the event is its own turn, first.',
      });
    return inputTurns(ctx, step, stepAt, expect, stepVariables(ctx, step, stepAt)).map((t) =>
      traced(ctx, { ...t, label: String(step.turn) }, stepAt),
    );
  });
}

/** user and/or event (event first), else variables alone; expectations go on the last turn. */
function inputTurns(
  ctx: ScrapiContext,
  raw: Case | Step,
  at: Path,
  expect: Expectation[],
  variables: JsonObject | undefined,
): TurnSpec[] {
  const loc = ctx.source.at(at);
  const turns: TurnSpec[] = [];
  if (raw.event !== undefined) turns.push({ input: { kind: 'event', event: raw.event }, expect: [], loc });
  if (raw.user !== undefined) turns.push({ input: userTextInput(raw.user), expect: [], loc });
  if (turns.length === 0) {
    if (!variables) {
      ctx.errors.push(ctx.source.error('NO_INPUT', at, 'a test or turn needs user, event or variables'));
      return [];
    }
    return [traced(ctx, { input: { kind: 'variables', variables }, expect, loc }, at)];
  }
  if (variables) turns[0] = { ...turns[0]!, variables };
  turns[turns.length - 1] = { ...turns[turns.length - 1]!, expect };
  return turns.map((t) => traced(ctx, t, at));
}

/** A step's variables, plus `config.variables`; other per-step session settings cannot change mid-session. */
function stepVariables(ctx: ScrapiContext, step: Step, at: Path): JsonObject | undefined {
  const config = step.config ?? {};
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
  const merged = { ...config.variables, ...step.variables };
  return Object.keys(merged).length ? merged : undefined;
}

function checkMultiTurnInputs(ctx: ScrapiContext, c: Case, at: Path): void {
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

function recordDependency(ctx: ScrapiContext, spec: ConversationSpec, c: Case, at: Path): void {
  const refPath = [...historyAt(c, at), 'test_name'];
  const refs = ctx.refs.get(spec);
  if (refs && spec.history && 'afterConversation' in spec.history) {
    // From the top-level config: a default shared by the tests (the loader's cycle check says so).
    const inherited = refPath[0] === 'config';
    refs.dependency = { loc: ctx.source.at(refPath), path: formatPath(refPath), ...(inherited && { inherited }) };
  }
}

/** Where the case's `historical_contexts` was written: its own, its `config:`'s, else the top-level `config:`'s. */
function historyAt(c: Case, at: Path): Path {
  if (c.historical_contexts !== undefined) return [...at, 'historical_contexts'];
  if (c.config?.historical_contexts !== undefined) return [...at, 'config', 'historical_contexts'];
  return ['config', 'historical_contexts'];
}
