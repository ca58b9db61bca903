// The golden export form (one CES Evaluation: `displayName`, `golden.turns[].steps`) → one
// ConversationSpec. Each user input step starts a turn; expectation steps check the turn they follow.
import type { JsonObject } from '../../model/json.js';
import type { ConversationSpec, Expectation, ToolFakeSpec, TurnInputSpec, TurnSpec } from '../../model/spec.js';
import { formatPath } from '../../validation/index.js';
import { traced, type Path, type Raw, type ScrapiContext } from './context.js';
import { judge } from './expectations.js';
import { EXPORT_OVERRIDES, TURN_OVERRIDES } from './export-schema.js';
import { toolName, turnExpectations, type Step } from './export-steps.js';
import { tagsOf } from './golden.js';
import { userTextInput } from './inputs.js';
interface Segment {
  input?: Step;
  variables?: JsonObject;
  expectations: Step[];
}

export function exportConversations(ctx: ScrapiContext): ConversationSpec[] {
  const value = ctx.source.value as Raw;
  const nameKey = value['displayName'] !== undefined ? 'displayName' : 'name';
  if (typeof value[nameKey] !== 'string') {
    ctx.errors.push(ctx.source.error('MISSING_KEY', [], 'missing required key "displayName" (or "name")'));
    return [];
  }
  const name = value[nameKey] as string;
  const note = (text: string, turn?: number) =>
    ctx.notes.push({ conversation: 0, ...(turn !== undefined ? { turn } : {}), text });
  for (const key of EXPORT_OVERRIDES.filter((k) => value[k] !== undefined))
    note(`${key} is a platform scoring setting; it is not carried.`);
  const golden = value['golden'] as Raw;
  const toolFakes: ToolFakeSpec[] = [];
  const turns = (golden['turns'] as Raw[]).flatMap((t, i) => goldenTurn(ctx, t, ['golden', 'turns', i], i, toolFakes));
  const spec: ConversationSpec = {
    id: `${ctx.source.file}#${name}`,
    name,
    file: ctx.source.file,
    loc: ctx.source.at([nameKey], true),
    tags: tagsOf(value['tags']),
    repeat: 1,
    modality: 'text',
    toolFakes,
    turns,
    expect: platformExpectations(ctx, golden['evaluationExpectations'], ['golden', 'evaluationExpectations']),
    format: 'scrapi-golden',
  };
  ctx.refs.set(spec, { namePath: formatPath([nameKey]) });
  return [traced(spec, [])];
}

function goldenTurn(ctx: ScrapiContext, t: Raw, at: Path, index: number, fakes: ToolFakeSpec[]): TurnSpec[] {
  for (const key of TURN_OVERRIDES.filter((k) => t[k] !== undefined))
    ctx.notes.push({ conversation: 0, turn: index, text: `${key} is a platform setting; it is not carried.` });
  return segments(
    ctx,
    (t['steps'] as Raw[]).map((raw, i) => ({ raw, at: [...at, 'steps', i] })),
  ).flatMap((seg, k) => {
    const input = seg.input
      ? inputOf(ctx, seg.input)
      : seg.variables
        ? { kind: 'variables' as const, variables: seg.variables }
        : undefined;
    if (!input) return [];
    const variables = seg.input && seg.variables ? { variables: seg.variables } : {};
    const expect = turnExpectations(ctx, seg.expectations, index, fakes);
    const written = seg.input?.at ?? at;
    // The first turn stands for the golden turn, so the author's comment on `- steps:` lands on it.
    return [traced({ input, ...variables, expect, loc: ctx.source.at(written) }, k === 0 ? at : written)];
  });
}

/** Variables-only inputs ride with the next input; expectation steps belong to the input before them. */
function segments(ctx: ScrapiContext, steps: Step[]): Segment[] {
  const out: Segment[] = [];
  let pending: JsonObject | undefined;
  for (const step of steps) {
    const user = step.raw['userInput'] as Raw | undefined;
    if (step.raw['agentTransfer'] !== undefined) {
      ctx.errors.push(
        ctx.source.error(
          'BAD_VALUE',
          [...step.at, 'agentTransfer'],
          'a transfer step (moving the conversation to another agent) is not supported; ' +
            'start the conversation at that agent with entryAgent',
          { key: true },
        ),
      );
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
      ...(typeof r['id'] === 'string' ? { id: r['id'] } : {}),
      tool: toolName(r) ?? '',
      response: r['response'] as JsonObject,
    }));
    return { kind: 'toolResponses', responses };
  }
  const media = u['blob'] !== undefined ? 'blob' : 'image';
  const m = u[media] as Raw | undefined;
  if (m)
    return {
      kind: media,
      data: m['data'] as string,
      ...(typeof m['mimeType'] === 'string' ? { mimeType: m['mimeType'] } : {}),
    };
  ctx.errors.push(
    ctx.source.error(
      'NO_INPUT',
      [...step.at, 'userInput'],
      'a user input needs text, event, dtmf, variables, toolResponses, blob or image',
    ),
  );
  return undefined;
}

/** Prompts (strings or `{prompt | llmCriteria.prompt}`) → judge; a platform resource name cannot be read here. */
function platformExpectations(ctx: ScrapiContext, list: unknown, at: Path): Expectation[] {
  return ((list as unknown[] | undefined) ?? []).flatMap((item, i) => {
    const itemAt = [...at, i];
    const r = (typeof item === 'object' && item !== null ? item : {}) as Raw;
    const prompt =
      typeof item === 'string'
        ? item
        : (r['prompt'] ??
          (r['llmCriteria'] as Raw | undefined)?.['prompt'] ??
          (r['llm_criteria'] as Raw | undefined)?.['prompt']);
    if (typeof prompt === 'string' && !prompt.includes('/evaluationExpectations/'))
      return [traced(judge(prompt, ctx.source.at(itemAt)), itemAt)];
    ctx.errors.push(
      ctx.source.error(
        'BAD_VALUE',
        itemAt,
        'names a platform expectation without its prompt; write the prompt (cxas-scrapi export resolves it)',
      ),
    );
    return [];
  });
}
