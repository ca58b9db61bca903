// Expectation steps of one export-form turn → expectations: agent responses joined into one text
// check, each toolCall with its toolResponse (paired by id), the order of the calls, and the rest.
import type { JsonObject } from '../../model/json.js';
import type { Expectation } from '../../model/spec.js';
import { expectationOf } from '../../model/expectation-options.js';
import { formatPath } from '../../validation/index.js';
import { traced, type Path, type ScrapiContext } from './context.js';
import {
  AGENT_TEXT_NOTE,
  agentTextExpectation,
  orderExpectation,
  toolCallExpectations,
  transferExpectation,
  type GoldenCall,
} from './golden-expect.js';
import type {
  Expectation as ExpectationStep,
  Step,
  ToolCall,
  ToolRef,
  ToolResponse,
} from './golden-export-document.generated.js';

/** A step of a golden turn and where it was written. */
export interface PlacedStep {
  step: Step;
  at: Path;
}

/**
 * A golden turn's mockToolResponse (a platform mock holds for its turn only); export.ts makes the
 * conversation's tool fakes of them.
 */
export interface GoldenMock {
  tool: string;
  response: JsonObject;
  /** The golden turn's index. */
  turn: number;
  at: Path;
}

/** Platform scoring settings with no local counterpart; convert notes that they were dropped. */
const EXPECTATION_OVERRIDES = [
  'expectationLevelMetricsThresholdsOverride',
  'agentResponseSemanticSimilarityMetricsConfigOverride',
  'agentResponseHallucinationMetricsConfigOverride',
  'comparisonType',
] as const satisfies ReadonlyArray<keyof ExpectationStep>;

/** `displayName`, else the last segment of the `tool` resource, else the toolset tool id. */
export function toolName(ref: ToolRef): string | undefined {
  return ref.displayName ?? ref.tool?.split('/').pop() ?? ref.toolsetTool?.toolId;
}

export function turnExpectations(
  ctx: ScrapiContext,
  steps: PlacedStep[],
  turn: number,
  mocks: GoldenMock[],
): Expectation[] {
  const note = (text: string) => ctx.notes.push({ conversation: 0, turn, text });
  const calls: GoldenCall[] = [];
  const byId = new Map<string, GoldenCall>();
  const byResponseOnly = new WeakSet<GoldenCall>();
  const said: string[] = [];
  let saidAt: Path | undefined;
  const other: Expectation[] = [];
  for (const { step, at } of steps) {
    const e = step.expectation ?? {};
    const eAt = [...at, 'expectation'];
    if (e.skipEvaluation === true) {
      note(`expectation ${formatPath(eAt)} has skipEvaluation: true; it is not checked.`);
      continue;
    }
    for (const key of EXPECTATION_OVERRIDES.filter((k) => e[k] !== undefined))
      note(`${key} is a platform scoring setting; it is not carried.`);
    if (e.note !== undefined) note(`note: ${e.note}`);
    if (e.toolCall !== undefined) addCall(ctx, e.toolCall, [...eAt, 'toolCall'], calls, byId);
    else if (e.toolResponse !== undefined)
      addResponse(ctx, e.toolResponse, [...eAt, 'toolResponse'], calls, byId, byResponseOnly);
    else if (e.agentResponse !== undefined) {
      said.push(...e.agentResponse.chunks.flatMap((c) => (c.text !== undefined ? [c.text] : [])));
      saidAt ??= [...eAt, 'agentResponse'];
    } else other.push(...otherExpectation(ctx, e, eAt, { turn, mocks, note }));
  }
  if (said.length) note(AGENT_TEXT_NOTE);
  return [
    ...(said.length && saidAt ? [agentTextExpectation(ctx, said, saidAt)] : []),
    ...calls.flatMap((c) => toolCallExpectations(ctx, c)),
    ...orderExpectation(
      ctx,
      calls.filter((c) => !byResponseOnly.has(c)).map((c) => c.tool),
      steps[0]?.at ?? [],
    ),
    ...other,
  ];
}

function addCall(
  ctx: ScrapiContext,
  raw: ToolCall,
  at: Path,
  calls: GoldenCall[],
  byId: Map<string, GoldenCall>,
): void {
  const tool = toolName(raw);
  if (!tool)
    return void ctx.errors.push(
      ctx.source.error('MISSING_KEY', at, 'a toolCall needs tool, displayName or toolsetTool'),
    );
  const call: GoldenCall = { tool, args: raw.args ?? {}, argsAt: [...at, 'args'], at };
  calls.push(call);
  if (raw.id) byId.set(raw.id, call);
}

/** A response pairs with the call of the same id; alone, it checks that tool's response. */
function addResponse(
  ctx: ScrapiContext,
  raw: ToolResponse,
  at: Path,
  calls: GoldenCall[],
  byId: Map<string, GoldenCall>,
  alone: WeakSet<GoldenCall>,
): void {
  const paired = raw.id !== undefined ? byId.get(raw.id) : undefined;
  const output = raw.response;
  if (paired) {
    paired.output = output;
    paired.outputAt = [...at, 'response'];
    return;
  }
  const tool = toolName(raw);
  if (!tool)
    return void ctx.errors.push(
      ctx.source.error('MISSING_KEY', at, 'a toolResponse needs tool, displayName or toolsetTool'),
    );
  const call: GoldenCall = { tool, args: {}, argsAt: at, output, outputAt: [...at, 'response'], at };
  alone.add(call);
  calls.push(call);
}

/** The turn an expectation step is in: its index, the conversation's mocks, its convert notes. */
interface InTurn {
  turn: number;
  mocks: GoldenMock[];
  note: (t: string) => void;
}

function otherExpectation(
  ctx: ScrapiContext,
  e: ExpectationStep,
  at: Path,
  { turn, mocks, note }: InTurn,
): Expectation[] {
  const located = (key: string, expectation: Expectation): Expectation[] => [
    traced(ctx, { ...expectation, loc: ctx.source.at([...at, key]), origin: `scrapi: ${key}` }, [...at, key]),
  ];
  const reading = { match: 'lenient', scope: 'turn' } as const;
  if (e.agentTransfer !== undefined) {
    const t = e.agentTransfer;
    const to = t.displayName ?? t.targetAgent.split('/').at(-1) ?? t.targetAgent;
    return [transferExpectation(ctx, to, [...at, 'agentTransfer'])];
  }
  if (e.updatedVariables !== undefined)
    return located('updatedVariables', expectationOf('variables', e.updatedVariables, reading));
  if (e.noToolCalls === true) return located('noToolCalls', expectationOf('noToolCalls', true, reading));
  if (e.noToolCalls === false) return [];
  // The one kind of expectation left (the schema allows exactly one per step).
  const mock = e.mockToolResponse;
  const tool = mock ? toolName(mock) : undefined;
  if (!mock || !tool) {
    ctx.errors.push(
      ctx.source.error(
        'MISSING_KEY',
        [...at, 'mockToolResponse'],
        'a mockToolResponse needs tool, displayName or toolsetTool',
      ),
    );
    return [];
  }
  mocks.push({ tool, response: mock.response, turn, at: [...at, 'mockToolResponse'] });
  note(
    'mockToolResponse became a tool fake of the conversation: it answers client-side calls of the tool in ' +
      'every turn; the platform mocked it in this turn only, server-side tools too.',
  );
  return [];
}
