// The golden export form (one CES Evaluation: `displayName`, `golden.turns[].steps`) → one
// ConversationSpec. Each user input step starts a turn; expectation steps check the turn they follow.
import type { JsonObject } from '../../model/json.js';
import type { ConversationSpec, Expectation, ToolFakeSpec, TurnInputSpec, TurnSpec } from '../../model/spec.js';
import { mappedConversation, traced, type Path, type ScrapiContext } from './context.js';
import { judge } from './expectations.js';
import { toolName, turnExpectations, type PlacedStep } from './export-steps.js';
import type { ExpectationRef, GoldenExportDocument, Turn } from './golden-export-document.generated.js';
import { tagsOf } from './golden.js';
import { userTextInput } from './inputs.js';

interface Segment {
  input?: PlacedStep;
  variables?: JsonObject;
  expectations: PlacedStep[];
}

/** Platform scoring settings with no local counterpart; convert notes that they were dropped. */
const EXPORT_OVERRIDES = [
  'evaluationMetricsThresholdOverride',
  'evaluationMetricsConfigOverride',
] as const satisfies ReadonlyArray<keyof GoldenExportDocument>;
const TURN_OVERRIDES = [
  'rootSpan',
  'turnLevelMetricsThresholdsOverride',
  'hallucinationMetricBehaviorOverride',
] as const satisfies ReadonlyArray<keyof Turn>;

export function exportConversations(ctx: ScrapiContext, doc: GoldenExportDocument): ConversationSpec[] {
  const nameKey = doc.displayName !== undefined ? 'displayName' : 'name';
  const name = doc[nameKey];
  if (name === undefined) {
    ctx.errors.push(ctx.source.error('MISSING_KEY', [], 'missing required key "displayName" (or "name")'));
    return [];
  }
  const note = (text: string, turn?: number) =>
    ctx.notes.push({ conversation: 0, ...(turn !== undefined ? { turn } : {}), text });
  for (const key of EXPORT_OVERRIDES.filter((k) => doc[k] !== undefined))
    note(`${key} is a platform scoring setting; it is not carried.`);
  const { golden } = doc;
  const toolFakes: ToolFakeSpec[] = [];
  const turns = golden.turns.flatMap((t, i) => goldenTurn(ctx, t, ['golden', 'turns', i], i, toolFakes));
  const spec = mappedConversation(ctx, [], [nameKey], {
    name,
    tags: tagsOf(doc.tags),
    repeat: 1,
    modality: 'text',
    toolFakes,
    turns,
    expect: platformExpectations(ctx, golden.evaluationExpectations, ['golden', 'evaluationExpectations']),
    format: 'scrapi-golden',
  });
  return [spec];
}

function goldenTurn(ctx: ScrapiContext, t: Turn, at: Path, index: number, fakes: ToolFakeSpec[]): TurnSpec[] {
  for (const key of TURN_OVERRIDES.filter((k) => t[k] !== undefined))
    ctx.notes.push({ conversation: 0, turn: index, text: `${key} is a platform setting; it is not carried.` });
  return segments(
    ctx,
    t.steps.map((step, i) => ({ step, at: [...at, 'steps', i] })),
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
    return [traced(ctx, { input, ...variables, expect, loc: ctx.source.at(written) }, k === 0 ? at : written)];
  });
}

/** Variables-only inputs ride with the next input; expectation steps belong to the input before them. */
function segments(ctx: ScrapiContext, steps: PlacedStep[]): Segment[] {
  const out: Segment[] = [];
  let pending: JsonObject | undefined;
  for (const placed of steps) {
    const user = placed.step.userInput;
    if (placed.step.agentTransfer !== undefined) {
      ctx.errors.push(
        ctx.source.error(
          'BAD_VALUE',
          [...placed.at, 'agentTransfer'],
          'a transfer step (moving the conversation to another agent) is not supported; ' +
            'start the conversation at that agent with entryAgent',
          { key: true },
        ),
      );
    } else if (user && Object.keys(user).every((k) => k === 'variables')) {
      pending = { ...pending, ...user.variables };
    } else if (user) {
      out.push({ input: placed, ...(pending ? { variables: pending } : {}), expectations: [] });
      pending = undefined;
    } else if (out.length === 0 && !pending) {
      ctx.errors.push(ctx.source.error('NO_INPUT', placed.at, 'an expectation step needs a user input step before it'));
    } else {
      if (out.length === 0 || pending) out.push({ ...(pending ? { variables: pending } : {}), expectations: [] });
      pending = undefined;
      out[out.length - 1]!.expectations.push(placed);
    }
  }
  if (pending) out.push({ variables: pending, expectations: [] });
  return out;
}

function inputOf(ctx: ScrapiContext, { step, at }: PlacedStep): TurnInputSpec | undefined {
  const u = step.userInput ?? {};
  if (u.text !== undefined) return userTextInput(u.text);
  if (u.event !== undefined) return { kind: 'event', event: u.event.event };
  if (u.dtmf !== undefined) return { kind: 'dtmf', digits: u.dtmf };
  if (u.toolResponses !== undefined) {
    const responses = u.toolResponses.toolResponses.map((r) => ({
      ...(r.id !== undefined ? { id: r.id } : {}),
      tool: toolName(r) ?? '',
      response: r.response,
    }));
    return { kind: 'toolResponses', responses };
  }
  const media = u.blob !== undefined ? 'blob' : 'image';
  const m = u[media];
  if (m) return { kind: media, data: m.data, ...(m.mimeType !== undefined ? { mimeType: m.mimeType } : {}) };
  ctx.errors.push(
    ctx.source.error(
      'NO_INPUT',
      [...at, 'userInput'],
      'a user input needs text, event, dtmf, variables, toolResponses, blob or image',
    ),
  );
  return undefined;
}

/** Prompts (strings or `{prompt | llmCriteria.prompt}`) → judge; a platform resource name cannot be read here. */
function platformExpectations(ctx: ScrapiContext, list: ExpectationRef[] | undefined, at: Path): Expectation[] {
  return (list ?? []).flatMap((item, i) => {
    const itemAt = [...at, i];
    const prompt =
      typeof item === 'string' ? item : (item.prompt ?? item.llmCriteria?.prompt ?? item.llm_criteria?.prompt);
    if (prompt !== undefined && !prompt.includes('/evaluationExpectations/'))
      return [traced(ctx, judge(prompt, ctx.source.at(itemAt)), itemAt)];
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
