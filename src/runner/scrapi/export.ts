// The golden export form (one CES Evaluation: `displayName`, `golden.turns[].steps`) → one
// ConversationSpec. Each golden turn is one native turn: its inputs sent together, its expectations checked on it.
import { base64Problem } from '../../model/base64.js';
import { canonicalJson, type JsonObject } from '../../model/json.js';
import { formatPath } from '../../validation/index.js';
import type { ConversationSpec, Expectation, ToolFakeSpec, TurnInputSpec, TurnSpec } from '../../model/spec.js';
import { mappedConversation, traced, type Path, type ScrapiContext } from './context.js';
import { judge } from './expectations.js';
import { toolName, turnExpectations, type GoldenMock, type PlacedStep } from './export-steps.js';
import type { ExpectationRef, GoldenExportDocument, Turn } from './golden-export-document.generated.js';
import { tagsOf } from './golden.js';
import { userTextInput } from './inputs.js';

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
  const mocks: GoldenMock[] = [];
  const turns = golden.turns.flatMap((t, i) => goldenTurn(ctx, t, ['golden', 'turns', i], i, mocks));
  const toolFakes = mockFakes(ctx, mocks);
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

/**
 * The mocks as conversation tool fakes, one per tool: a native fake answers every turn, so the same
 * response mocked in several turns (push writes a fake into every turn) is one fake. Different
 * responses for one tool cannot be told apart by turn (a fake's `sequence` counts calls, not turns,
 * and `whenArgs` needs args a mock does not have): refused, naming the turns.
 */
function mockFakes(ctx: ScrapiContext, mocks: GoldenMock[]): ToolFakeSpec[] {
  const byTool = new Map<string, GoldenMock[]>();
  for (const m of mocks) byTool.set(m.tool, [...(byTool.get(m.tool) ?? []), m]);
  return [...byTool.values()].flatMap((same) => {
    const first = same[0]!;
    const other = same.find((m) => canonicalJson(m.response) !== canonicalJson(first.response));
    if (!other) return [{ tool: first.tool, respond: first.response, loc: ctx.source.at(first.at) }];
    const turns = [...new Set(same.map((m) => formatPath(['golden', 'turns', m.turn])))];
    ctx.errors.push(
      ctx.source.error(
        'BAD_VALUE',
        [...other.at, 'response'],
        `tool "${first.tool}" is mocked with different responses in ${listed(turns)}: a platform mock holds ` +
          'for its turn, a tool fake for every turn, so the turns cannot have their own; ' +
          'mock it with one response, or write toolFakes (with whenArgs or a sequence) in a native spec',
      ),
    );
    return [];
  });
}

const listed = (items: string[]): string =>
  items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}` : (items[0] ?? '');

/**
 * One golden turn is one request on the platform (it sends all of the turn's inputs together and
 * scores every expectation of the turn against its reply), so it becomes one native turn.
 */
function goldenTurn(ctx: ScrapiContext, t: Turn, at: Path, index: number, mocks: GoldenMock[]): TurnSpec[] {
  for (const key of TURN_OVERRIDES.filter((k) => t[k] !== undefined))
    ctx.notes.push({ conversation: 0, turn: index, text: `${key} is a platform setting; it is not carried.` });
  const { main, variables, expectations } = turnSteps(
    ctx,
    t.steps.map((step, i) => ({ step, at: [...at, 'steps', i] })),
  );
  if (!main && !variables) {
    if (expectations[0])
      ctx.errors.push(
        ctx.source.error('NO_INPUT', expectations[0].at, 'an expectation step needs a user input step in its turn'),
      );
    return [];
  }
  const input = main ? inputOf(ctx, main) : { kind: 'variables' as const, variables: variables ?? {} };
  if (!input) return [];
  const expect = turnExpectations(ctx, expectations, index, mocks);
  const turn: TurnSpec = {
    input,
    ...(main && variables ? { variables } : {}),
    expect,
    loc: ctx.source.at(main?.at ?? at),
  };
  // Traced to the golden turn, so the author's comment on `- steps:` lands on it.
  return [traced(ctx, turn, at)];
}

/** A golden turn's steps: its one main input, its variables (wherever written), its expectations. */
interface TurnSteps {
  main?: PlacedStep;
  variables?: JsonObject;
  expectations: PlacedStep[];
}

/** The keys of a userInput that are an input of their own (variables go with it; willContinue qualifies it). */
const mainKeys = (user: object): string[] => Object.keys(user).filter((k) => k !== 'variables' && k !== 'willContinue');

function turnSteps(ctx: ScrapiContext, steps: PlacedStep[]): TurnSteps {
  const out: TurnSteps = { expectations: [] };
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
    } else if (user) {
      if (user.variables) out.variables = { ...out.variables, ...user.variables };
      const keys = mainKeys(user);
      if (keys.length === 0 && user.variables) continue;
      const second = out.main ? (keys[0] ?? '') : keys[1];
      if (second === undefined) out.main = placed;
      else secondInput(ctx, [...placed.at, 'userInput', ...(second ? [second] : [])]);
    } else out.expectations.push(placed);
  }
  return out;
}

/** The platform sends a golden turn's inputs as one request, which carries one main input. */
function secondInput(ctx: ScrapiContext, at: Path): void {
  ctx.errors.push(
    ctx.source.error(
      'BAD_VALUE',
      at,
      'a second user input in one golden turn: the platform sends a turn as one request with one text, ' +
        'event, dtmf, toolResponses, blob or image (and its variables); put it in a turn of its own',
      { key: true },
    ),
  );
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
  if (m) {
    const problem = base64Problem(m.data);
    if (problem) ctx.errors.push(ctx.source.error('BAD_VALUE', [...at, 'userInput', media, 'data'], problem));
    return { kind: media, data: m.data, ...(m.mimeType !== undefined ? { mimeType: m.mimeType } : {}) };
  }
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
