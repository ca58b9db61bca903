// The golden export form (one CES Evaluation: `displayName`, `golden.turns[].steps`) → one
// ConversationSpec. Each user input step starts a turn; expectation steps check the turn they follow.
import type { JsonObject } from '../../model/json.js';
import type { ConversationSpec, Expectation, ToolFakeSpec, TurnInputSpec, TurnSpec } from '../../model/spec.js';
import { formatPath } from '../../validation/index.js';
import { namePaths } from '../load/duplicates.js';
import { traced, type Path, type Raw, type ScrapiContext } from './context.js';
import { judge } from './expectations.js';
import { EXPECTATION_OVERRIDES, EXPORT_OVERRIDES, TURN_OVERRIDES } from './export-schema.js';
import { AGENT_TEXT_NOTE, agentTextExpectation, orderExpectation, toolCallExpectations, transferExpectation, type GoldenCall } from './golden-expect.js';
import { tagsOf } from './golden.js';
import { userTextInput } from './inputs.js';

interface Step { raw: Raw; at: Path }
interface Segment { input?: Step; variables?: JsonObject; expectations: Step[] }

export function exportConversations(ctx: ScrapiContext): ConversationSpec[] {
  const value = ctx.source.value as Raw;
  const nameKey = value['displayName'] !== undefined ? 'displayName' : 'name';
  if (typeof value[nameKey] !== 'string') {
    ctx.errors.push(ctx.source.error('MISSING_KEY', [], 'missing required key "displayName" (or "name")'));
    return [];
  }
  const name = value[nameKey] as string;
  const note = (text: string, turn?: number) => ctx.notes.push({ conversation: 0, ...(turn !== undefined ? { turn } : {}), text });
  for (const key of EXPORT_OVERRIDES.filter((k) => value[k] !== undefined)) note(`${key} is a platform scoring setting; it is not carried.`);
  const golden = value['golden'] as Raw;
  const toolFakes: ToolFakeSpec[] = [];
  const turns = (golden['turns'] as Raw[]).flatMap((t, i) => goldenTurn(ctx, t, ['golden', 'turns', i], i, toolFakes));
  const spec: ConversationSpec = {
    id: `${ctx.source.file}#${name}`, name, file: ctx.source.file, loc: ctx.source.at([nameKey], true),
    tags: tagsOf(value['tags']), repeat: 1, modality: 'text', toolFakes, turns,
    expect: platformExpectations(ctx, golden['evaluationExpectations'], ['golden', 'evaluationExpectations']),
    format: 'scrapi-golden',
  };
  namePaths.set(spec, formatPath([nameKey]));
  return [traced(spec, [])];
}

function goldenTurn(ctx: ScrapiContext, t: Raw, at: Path, index: number, fakes: ToolFakeSpec[]): TurnSpec[] {
  for (const key of TURN_OVERRIDES.filter((k) => t[k] !== undefined)) ctx.notes.push({ conversation: 0, turn: index, text: `${key} is a platform setting; it is not carried.` });
  return segments(ctx, (t['steps'] as Raw[]).map((raw, i) => ({ raw, at: [...at, 'steps', i] }))).flatMap((seg) => {
    const input = seg.input ? inputOf(ctx, seg.input) : seg.variables ? { kind: 'variables' as const, variables: seg.variables } : undefined;
    if (!input) return [];
    const variables = seg.input && seg.variables ? { variables: seg.variables } : {};
    const expect = turnExpectations(ctx, seg.expectations, index, fakes);
    return [traced({ input, ...variables, expect, loc: ctx.source.at(seg.input?.at ?? at) }, seg.input?.at ?? at)];
  });
}

/** Variables-only inputs ride with the next input; expectation steps belong to the input before them. */
function segments(ctx: ScrapiContext, steps: Step[]): Segment[] {
  const out: Segment[] = [];
  let pending: JsonObject | undefined;
  for (const step of steps) {
    const user = step.raw['userInput'] as Raw | undefined;
    if (step.raw['agentTransfer'] !== undefined) {
      ctx.errors.push(ctx.source.error('BAD_VALUE', [...step.at, 'agentTransfer'], 'a transfer step (moving the conversation to another agent) is not supported; start the conversation at that agent with entryAgent', { key: true }));
    } else if (user && Object.keys(user).every((k) => k === 'variables')) {
      pending = { ...pending, ...(user['variables'] as JsonObject) };
    } else if (user) {
      out.push({ input: step, ...(pending ? { variables: pending } : {}), expectations: [] });
      pending = undefined;
    } else if (out.length === 0 && !pending) {
      ctx.errors.push(ctx.source.error('NO_INPUT', step.at, 'an expectation step needs a user input step before it'));
    } else {
      if (out.length === 0 || pending) out.push({ ...(pending ? { variables: pending } : {}), expectations: [] });
      pending = undefined;
      out[out.length - 1]!.expectations.push(step);
    }
  }
  if (pending) out.push({ variables: pending, expectations: [] });
  return out;
}

function inputOf(ctx: ScrapiContext, step: Step): TurnInputSpec | undefined {
  const u = step.raw['userInput'] as Raw;
  if (typeof u['text'] === 'string') return userTextInput(u['text']);
  if (u['event'] !== undefined) return { kind: 'event', event: (u['event'] as Raw)['event'] as string };
  if (typeof u['dtmf'] === 'string') return { kind: 'dtmf', digits: u['dtmf'] };
  if (u['toolResponses'] !== undefined) {
    const responses = ((u['toolResponses'] as Raw)['toolResponses'] as Raw[]).map((r) => ({
      ...(typeof r['id'] === 'string' ? { id: r['id'] } : {}), tool: toolName(r) ?? '', response: r['response'] as JsonObject,
    }));
    return { kind: 'toolResponses', responses };
  }
  const media = u['blob'] !== undefined ? 'blob' : 'image';
  const m = u[media] as Raw | undefined;
  if (m) return { kind: media, data: m['data'] as string, ...(typeof m['mimeType'] === 'string' ? { mimeType: m['mimeType'] } : {}) };
  ctx.errors.push(ctx.source.error('NO_INPUT', [...step.at, 'userInput'], 'a user input needs text, event, dtmf, variables, toolResponses, blob or image'));
  return undefined;
}

/** `displayName`, else the last segment of the `tool` resource, else the toolset tool id. */
function toolName(ref: Raw): string | undefined {
  const toolset = ref['toolsetTool'] as Raw | undefined;
  return (ref['displayName'] as string | undefined) ?? (ref['tool'] as string | undefined)?.split('/').pop() ?? (toolset?.['toolId'] as string | undefined);
}

function turnExpectations(ctx: ScrapiContext, steps: Step[], turn: number, fakes: ToolFakeSpec[]): Expectation[] {
  const note = (text: string) => ctx.notes.push({ conversation: 0, turn, text });
  const calls: GoldenCall[] = [];
  const byId = new Map<string, GoldenCall>();
  const byResponseOnly = new WeakSet<GoldenCall>();
  const said: string[] = [];
  let saidAt: Path | undefined;
  const other: Expectation[] = [];
  for (const { raw, at } of steps) {
    const e = raw['expectation'] as Raw;
    const eAt = [...at, 'expectation'];
    if (e['skipEvaluation'] === true) {
      note(`expectation ${formatPath(eAt)} has skipEvaluation: true; it is not checked.`);
      continue;
    }
    for (const key of EXPECTATION_OVERRIDES.filter((k) => e[k] !== undefined)) note(`${key} is a platform scoring setting; it is not carried.`);
    if (typeof e['note'] === 'string') note(`note: ${e['note']}`);
    if (e['toolCall'] !== undefined) addCall(ctx, e['toolCall'] as Raw, [...eAt, 'toolCall'], calls, byId);
    else if (e['toolResponse'] !== undefined) addResponse(ctx, e['toolResponse'] as Raw, [...eAt, 'toolResponse'], calls, byId, byResponseOnly);
    else if (e['agentResponse'] !== undefined) {
      said.push(...((e['agentResponse'] as Raw)['chunks'] as Raw[]).flatMap((c) => (typeof c['text'] === 'string' ? [c['text']] : [])));
      saidAt ??= [...eAt, 'agentResponse'];
    } else other.push(...otherExpectation(ctx, e, eAt, fakes, note));
  }
  if (said.length) note(AGENT_TEXT_NOTE);
  return [
    ...(said.length && saidAt ? [agentTextExpectation(ctx, said, saidAt)] : []),
    ...calls.flatMap((c) => toolCallExpectations(ctx, c)),
    ...orderExpectation(ctx, calls.filter((c) => !byResponseOnly.has(c)).map((c) => c.tool), steps[0]?.at ?? []),
    ...other,
  ];
}

function addCall(ctx: ScrapiContext, raw: Raw, at: Path, calls: GoldenCall[], byId: Map<string, GoldenCall>): void {
  const tool = toolName(raw);
  if (!tool) return void ctx.errors.push(ctx.source.error('MISSING_KEY', at, 'a toolCall needs tool, displayName or toolsetTool'));
  const call: GoldenCall = { tool, args: (raw['args'] as JsonObject | undefined) ?? {}, argsAt: [...at, 'args'], at };
  calls.push(call);
  if (typeof raw['id'] === 'string' && raw['id']) byId.set(raw['id'], call);
}

/** A response pairs with the call of the same id; alone, it checks that tool's response. */
function addResponse(ctx: ScrapiContext, raw: Raw, at: Path, calls: GoldenCall[], byId: Map<string, GoldenCall>, alone: WeakSet<GoldenCall>): void {
  const paired = typeof raw['id'] === 'string' ? byId.get(raw['id']) : undefined;
  const output = raw['response'] as JsonObject;
  if (paired) {
    paired.output = output;
    paired.outputAt = [...at, 'response'];
    return;
  }
  const tool = toolName(raw);
  if (!tool) return void ctx.errors.push(ctx.source.error('MISSING_KEY', at, 'a toolResponse needs tool, displayName or toolsetTool'));
  const call: GoldenCall = { tool, args: {}, argsAt: at, output, outputAt: [...at, 'response'], at };
  alone.add(call);
  calls.push(call);
}

function otherExpectation(ctx: ScrapiContext, e: Raw, at: Path, fakes: ToolFakeSpec[], note: (t: string) => void): Expectation[] {
  const make = (matcher: Expectation['matcher'], options: Expectation['options'], key: string): Expectation[] =>
    [traced({ matcher, options, negated: false, loc: ctx.source.at([...at, key]), origin: `scrapi: ${key}` }, [...at, key])];
  if (e['agentTransfer'] !== undefined) {
    const t = e['agentTransfer'] as Raw;
    return [transferExpectation(ctx, (t['displayName'] as string | undefined) ?? (t['targetAgent'] as string).split('/').pop()!, [...at, 'agentTransfer'])];
  }
  if (e['updatedVariables'] !== undefined) return make('variables', e['updatedVariables'] as JsonObject, 'updatedVariables');
  if (e['noToolCalls'] === true) return make('noToolCalls', true, 'noToolCalls');
  if (e['noToolCalls'] === false) return [];
  const mock = e['mockToolResponse'] as Raw;
  const tool = toolName(mock);
  if (!tool) {
    ctx.errors.push(ctx.source.error('MISSING_KEY', [...at, 'mockToolResponse'], 'a mockToolResponse needs tool, displayName or toolsetTool'));
    return [];
  }
  fakes.push({ tool, respond: mock['response'] as JsonObject, loc: ctx.source.at([...at, 'mockToolResponse']) });
  note('mockToolResponse became a tool fake: it answers client-side tool calls; the platform also mocked server-side tools.');
  return [];
}

/** Prompts (strings or `{prompt | llmCriteria.prompt}`) → judge; a platform resource name cannot be read here. */
function platformExpectations(ctx: ScrapiContext, list: unknown, at: Path): Expectation[] {
  return ((list as unknown[] | undefined) ?? []).flatMap((item, i) => {
    const itemAt = [...at, i];
    const r = (typeof item === 'object' && item !== null ? item : {}) as Raw;
    const prompt = typeof item === 'string' ? item : (r['prompt'] ?? (r['llmCriteria'] as Raw | undefined)?.['prompt'] ?? (r['llm_criteria'] as Raw | undefined)?.['prompt']);
    if (typeof prompt === 'string' && !prompt.includes('/evaluationExpectations/')) return [traced(judge(prompt, ctx.source.at(itemAt)), itemAt)];
    ctx.errors.push(ctx.source.error('BAD_VALUE', itemAt, 'names a platform expectation without its prompt; write the prompt (cxas-scrapi export resolves it)'));
    return [];
  });
}
