// A conversation → Evaluation.golden (turns → steps: user inputs, then golden expectations; tool
// fakes → mock tool responses on every turn; judge → EvaluationExpectation prompts), with every
// construct it uses recorded against the fidelity table (fidelity.ts). A conversation with a refused
// construct, or with nothing the platform can check, is refused: push lists it with the reasons.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { JsonObject } from '../../model/json.js';
import type { ConversationSpec, ToolFakeSpec, TurnSpec } from '../../model/spec.js';
import { carryExpectation, type ExpectationContext } from './matchers.js';
import { toScenario } from './to-scenario.js';
import { ConstructUses, type ConstructUse } from './uses.js';
import { describeRunSettings, runSettingsOf, type RunSettings } from './run-settings.js';
import type { AppInventory } from './inventory.js';

export interface MappedEvaluation {
  /** Stable resource id: a hash of spec path + conversation name (the upsert key). */
  evaluationId: string;
  /** Without the losses: push adds them to the description when it pushes a refused one (--lossy). */
  evaluation: JsonObject;
  /** Judge prompts; push turns them into EvaluationExpectations and fills evaluationExpectations. */
  prompts: string[];
  /** Every construct met, in order, carried or refused. */
  constructs: ConstructUse[];
  /** The refused ones: non-empty means the conversation is refused. */
  losses: ConstructUse[];
  settings: RunSettings;
}

const hash = (text: string, n: number): string => createHash('sha256').update(text).digest('hex').slice(0, n);

/**
 * Where the loaded specs sit. Their paths (`file`) are as the loader gives them: relative to `cwd`
 * (or absolute). The evaluation id and the spec marker read them from `root`, the project root
 * (the folder of the config file the command uses, else `cwd`), so a command finds the same
 * evaluations whichever folder it runs from and however the spec paths are written.
 */
export interface SpecRoot {
  cwd: string;
  root: string;
}

/**
 * A spec's path as the platform knows it: relative to the project root with '/' separators on every
 * OS, or absolute (with '/') outside it; without a root, as loaded (cwd is the root). Run from the
 * root, it is the loader's own display path (src/runner/load/source.ts), so ids pushed before stay.
 */
function specPathOf(file: string, root?: SpecRoot): string {
  if (!root) return file;
  const abs = path.resolve(root.cwd, file);
  const rel = path.relative(root.root, abs);
  return (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs).split(path.sep).join('/');
}

/** A conversation as the platform names it: its spec path from the project root, and its name. */
interface PlacedSpec {
  file: string;
  name: string;
}
export const placedSpec = (c: Pick<ConversationSpec, 'file' | 'name'>, root?: SpecRoot): PlacedSpec => ({
  file: specPathOf(c.file, root),
  name: c.name,
});

/** The upsert key, from the spec path (placedSpec: from the project root) and the conversation name. */
export const evaluationIdOf = (c: PlacedSpec): string => `cxas-${hash(`${c.file}#${c.name}`, 20)}`;
export const expectationIdOf = (prompt: string): string => `cxas-eval-${hash(prompt, 8)}`;
/** The description's first line, so pull, run (and people) can trace an evaluation to its spec. */
export const specMarker = (c: PlacedSpec): string => `cxas-eval spec: ${c.file} › ${c.name}`;
/** The description line a --lossy push writes before the losses, so run and pull can tell. */
export const LOSSES_HEADER = 'not carried (pushed with --lossy):';
export const pushedWithLosses = (e: JsonObject): boolean =>
  String(e['description'] ?? '').includes(`\n${LOSSES_HEADER}`);

/** Extra tool calls fail a platform turn by default; locally only a listed count or noToolCalls does. */
const ALLOW_EXTRA_CALLS: JsonObject = {
  goldenEvaluationMetricsThresholds: { toolMatchingSettings: { extraToolCallBehavior: 'ALLOW' } },
};

/** `root`: where the specs sit (the evaluation id and the spec marker are read from the project root). */
export function toEvaluation(
  c: ConversationSpec,
  app: string,
  inventory: AppInventory,
  root?: SpecRoot,
): MappedEvaluation {
  const uses = new ConstructUses();
  const prompts: string[] = [];
  useConversationKeys(c, uses);
  const settings = runSettingsOf(c);
  const placed = placedSpec(c, root);
  const description = [specMarker(placed), ...describeRunSettings(settings)].join('\n');
  const base: JsonObject = { displayName: c.name, description, tags: c.tags };
  let evaluation: JsonObject;
  if (c.simulation) {
    const note = (where: string, what: string) => void uses.use('simulation.*', `${where} (${what})`);
    evaluation = { ...base, scenario: toScenario(c, c.simulation, { app, inventory }, prompts, note) };
  } else {
    const mocks = mockResponses(c, app, inventory, uses);
    const mocked = new Set(mocks.map(mockedTool));
    const at = (where: string, level: ExpectationContext['level']): ExpectationContext => ({
      app,
      inventory,
      mocked,
      strict: c.match === 'strict',
      level,
      where,
      uses,
    });
    const checks = { golden: 0 };
    const turns = c.turns.map((t, i) => toTurn(t, i, { at, prompts, checks, uses, mocks }));
    if (c.variables && turns[0]) (turns[0]['steps'] as JsonObject[]).unshift({ userInput: { variables: c.variables } });
    c.expect.forEach((e, j) => {
      const carried = carryExpectation(e, at(`expect[${j}]`, 'conversation'));
      if (carried && 'judge' in carried) prompts.push(carried.judge);
    });
    if (checks.golden === 0 && prompts.length === 0) uses.use('push.nothing', 'the conversation');
    evaluation = { ...base, golden: { turns }, evaluationMetricsThresholdOverride: ALLOW_EXTRA_CALLS };
  }
  return {
    evaluationId: evaluationIdOf(placed),
    evaluation,
    prompts: [...new Set(prompts)],
    constructs: uses.list,
    losses: uses.refused,
    settings,
  };
}

function useConversationKeys(c: ConversationSpec, uses: ConstructUses): void {
  const present: Array<[boolean, Parameters<ConstructUses['use']>[0], string]> = [
    [true, 'conversation.name', 'name'],
    [c.tags.length > 0, 'conversation.tags', 'tags'],
    [c.repeat > 1, 'conversation.repeat', 'repeat'],
    [c.passRate !== undefined, 'conversation.passRate', 'passRate'],
    [c.golden === true, 'conversation.golden', 'golden'],
    [c.timeoutMs !== undefined, 'conversation.timeoutMs', 'timeoutMs'],
    [c.history !== undefined, 'conversation.history', 'history'],
    [c.variables !== undefined, 'conversation.variables', 'variables'],
    [c.useToolFakes !== undefined, 'conversation.useToolFakes', 'useToolFakes'],
    [c.deploymentId !== undefined, 'conversation.deploymentId', 'deploymentId'],
    [c.entryAgent !== undefined, 'conversation.entryAgent', 'entryAgent'],
    [c.timeZone !== undefined, 'conversation.timeZone', 'timeZone'],
    [c.modality === 'audio', 'conversation.modality@audio', 'modality'],
    [c.modality === 'text', 'conversation.modality', 'modality'],
    [c.skip !== undefined, 'conversation.skip', 'skip'],
    [c.match !== undefined, 'conversation.match', 'match'],
    [c.pacing !== undefined, 'conversation.pacing', 'pacing'],
    [c.simulation !== undefined, 'conversation.simulation', 'simulation'],
    [c.turns.length > 0, 'conversation.turns', 'turns'],
    [c.expect.length > 0, 'conversation.expect', 'expect'],
  ];
  for (const [isPresent, key, where] of present) if (isPresent) uses.use(key, where);
}

interface TurnMapping {
  at(where: string, level: ExpectationContext['level']): ExpectationContext;
  prompts: string[];
  checks: { golden: number };
  uses: ConstructUses;
  mocks: JsonObject[];
}

function toTurn(t: TurnSpec, i: number, m: TurnMapping): JsonObject {
  const where = `turns[${i}]`;
  const steps: JsonObject[] = [...m.mocks];
  if (t.variables && m.uses.use('turn.variables', where)) steps.push({ userInput: { variables: t.variables } });
  const input = inputOf(t, where, m);
  if (input) steps.push({ userInput: input });
  if (t.timeoutMs !== undefined) m.uses.use('turn.timeoutMs', where);
  if (t.label !== undefined) m.uses.use('turn.label', where);
  if (t.expect.length) m.uses.use('turn.expect', where);
  t.expect.forEach((e, j) => {
    const carried = carryExpectation(e, m.at(`${where}.expect[${j}]`, 'turn'));
    if (carried && 'golden' in carried) {
      steps.push(...carried.golden.map((expectation) => ({ expectation })));
      m.checks.golden += carried.golden.length;
    }
  });
  return { steps };
}

function inputOf(t: TurnSpec, where: string, m: TurnMapping): JsonObject | undefined {
  const input = t.input;
  const app = m.at(where, 'turn').app;
  switch (input.kind) {
    case 'text':
      return m.uses.use('turn.user', where) ? { text: input.text } : undefined;
    case 'event':
      return m.uses.use('turn.event', where) ? { event: { event: input.event } } : undefined;
    case 'dtmf':
      return m.uses.use('turn.dtmf', where) ? { dtmf: input.digits } : undefined;
    case 'variables':
      return m.uses.use('turn.variables', where) ? { variables: input.variables } : undefined;
    case 'toolResponses': {
      m.uses.use('turn.toolResponses', where);
      for (const r of input.responses)
        m.uses.useAll(
          [
            'turn.toolResponses.tool',
            'turn.toolResponses.response',
            ...(r.id ? (['turn.toolResponses.id'] as const) : []),
          ],
          where,
        );
      const responses = input.responses.map((r) => ({
        ...(r.id !== undefined ? { id: r.id } : {}),
        tool: r.tool.includes('/') ? r.tool : `${app}/tools/${r.tool}`,
        response: r.response,
      }));
      return { toolResponses: { toolResponses: responses } };
    }
    default:
      m.uses.use(`turn.${input.kind}`, where);
      return undefined;
  }
}

/** The tool resource a mock step answers. */
const mockedTool = (step: JsonObject): string =>
  String(((step['expectation'] as JsonObject)['mockToolResponse'] as JsonObject)['tool']);

/** Each plain fake as a mock on every turn: a local fake answers its tool whenever it is called. */
function mockResponses(c: ConversationSpec, app: string, tools: AppInventory, uses: ConstructUses): JsonObject[] {
  return c.toolFakes.flatMap((f, i) => {
    const where = `toolFakes[${i}]`;
    if (c.match === 'strict') return (void uses.use('conversation.toolFakes@strict', where), []);
    uses.use('conversation.toolFakes', where);
    const tool = tools.resolve(f.tool);
    const ok = [
      uses.use(
        tool.kind === 'client'
          ? 'toolFake.tool'
          : tool.kind === 'server'
            ? 'toolFake.tool@server'
            : 'toolFake.tool@unknown',
        where,
      ),
      ...fakeKeys(f).map((k) => uses.use(k, where)),
    ].every(Boolean);
    if (!ok) return [];
    const response = f.error !== undefined ? { error: f.error } : (f.respond ?? {});
    return [{ expectation: { mockToolResponse: { tool: `${app}/tools/${tool.id ?? f.tool}`, response } } }];
  });
}

function fakeKeys(f: ToolFakeSpec): Array<Parameters<ConstructUses['use']>[0]> {
  return [
    ...(f.whenArgs ? (['toolFake.whenArgs'] as const) : []),
    ...(f.sequence ? (['toolFake.sequence'] as const) : []),
    ...(f.respond ? (['toolFake.respond'] as const) : []),
    ...(f.error !== undefined ? (['toolFake.error'] as const) : []),
  ];
}
