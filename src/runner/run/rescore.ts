// `cxas-eval rescore`: the current specs evaluated again over a stored run's turn results, without
// the agent (README "Rescore"). Nothing here can reach CES: there is no Sessions client at all.
// Matchers run on the recorded TurnResults, tool fakes the recorded calls left unused are reported
// as the live run reports them, then the conversation steps the live run uses (goldens, judge
// expectations through the judge cache, simulation goals over the stored transcript), then the same
// verdict. A conversation whose inputs differ from the recording, or that the recording does not
// have, is `skipped` with the reason.
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import { runAssertions, type DeferredCheck } from '../../assertions/index.js';
import { sameJson, type JsonValue } from '../../model/json.js';
import type { RunObserver } from '../../model/observer.js';
import type {
  ConversationResult,
  ConversationWarning,
  ErrorInfo,
  RunPolicy,
  RunResult,
  SimulationResult,
  TurnRecord,
} from '../../model/result.js';
import { SIMULATOR_FAULT } from '../../model/summary.js';
import { finalizeRun } from '../../model/finalize.js';
import { TOOL_VERSION } from '../../package-root.js';
import { selectToolTests } from '../../model/selection.js';
import type { SpecFile, ToolTestSpec } from '../../model/spec.js';
import type { TurnInput, TurnResult } from '../../model/turn.js';
import type { JudgeSetup } from '../../judge/index.js';
import type { GoldenOptions } from '../goldens/index.js';
import { Redactor } from '../../model/redact.js';
import { exactScalars, reportUnusedFakes, type ConversationPlan } from './conversation.js';
import { namedAs, notRunResult, sessionEndedEarly } from './conversation-result.js';
import { loadCustomMatchers, type CustomMatchers } from './custom-matchers.js';
import { goldenStep } from './golden-step.js';
import { conversationSteps, judgeCheckOf } from './index.js';
import { llmUsageOf } from './llm-usage.js';
import { conversationInputsHash } from './inputs-hash.js';
import { leftPendingBy } from './tool-answers.js';
import { prepareTurn } from './inputs.js';
import { finishConversation } from './pipeline.js';
import { passRatesOf, planRuns, type PlanOptions } from './plan.js';
import type { ConversationStep } from './steps.js';
import { dependencySkip } from './suite.js';
import { callHook, conversationEndFailure, observerFailed } from './observer-guard.js';
import { toErrorInfo } from './errors.js';
import { unusedFakesOf } from './tool-fakes.js';

export const INPUTS_CHANGED = 'inputs changed since the recorded run: re-run it';
/** A tool test calls the tool: the recording keeps no tool response to check again. */
const TOOL_TEST_NOT_RESCORED = 'tool tests are not rescored (the recording has no tool response): re-run it';
/** Why a conversation whose recorded inputs `redact:` masked is not rescored (compareInputs). */
const MASKED_INPUTS = 'not rescored: the recording masks (redact:) the inputs of';

export interface RescoreRequest {
  files: readonly SpecFile[];
  /** The stored run whose turn results are evaluated again. */
  recorded: RunResult;
  cwd: string;
  plan?: PlanOptions;
  /** Judge calls (and goals) in flight at most. */
  concurrency: number;
  timeoutMs: number;
  goldens?: GoldenOptions;
  judge?: JudgeSetup;
  /** The judge's check of each simulated user (default true); a recorded fault is checked again. */
  checkSimulator?: boolean;
  observer?: RunObserver;
  /** Soft stop (first Ctrl-C): no conversation starts being rescored; those not started are `interrupted`. */
  stopSignal?: AbortSignal;
  /** Hard stop: judge calls in flight are cancelled; their conversations end `interrupted`. */
  abortSignal?: AbortSignal;
  /** Run-level verdict rules (--fail-on-skipped), applied once by `finalizeRun`. */
  policy?: RunPolicy;
  /** Run-level errors known when the rescore ends (e.g. reporters that failed so far). */
  runErrors?: () => readonly ErrorInfo[];
  /**
   * The config's `redact:`: the recording holds ids and inputs as it masked them, so a conversation
   * is found, and its inputs compared, masked alike; goldens are read under their masked names.
   */
  redactor?: Redactor;
}

export interface RescoreOutcome {
  result: RunResult;
  /** Conversations selected before sharding. */
  selected: number;
}

export async function rescoreRun(req: RescoreRequest): Promise<RescoreOutcome> {
  const runId = randomUUID();
  const started = new Date();
  const plan = planRuns(req.files, req.plan);
  const toolTests = selectToolTests(req.files, req.plan);
  const start = req.observer?.onRunStart && {
    runId,
    startedAt: started.toISOString(),
    target: req.recorded.target,
    total: plan.runs.length + toolTests.length,
    turns: 0,
  };
  // Nothing has started yet: a failing (or never settling) onRunStart rejects the rescore, as a run.
  if (start) await callHook('onRunStart', () => req.observer?.onRunStart?.(start), { timeoutMs: req.timeoutMs });
  // As in a run: user code is stopped at once on abort (its loading too), and every judge call
  // listens to the signals.
  const custom = await loadCustomMatchers(
    plan.runs.map((r) => r.spec),
    req.cwd,
    req.timeoutMs,
    req.abortSignal,
  );
  for (const s of [req.abortSignal, req.stopSignal]) if (s) setMaxListeners(0, s);
  try {
    const redactor = req.redactor ?? new Redactor();
    const goldens = await goldenStep(req.goldens && { ...req.goldens, redactor }, req.files);
    const steps = await conversationSteps(req, plan.runs, goldens.step);
    const judge = await judgeCheckOf(req, plan.runs);
    const byId = new Map(req.recorded.conversations.map((c) => [c.id, c]));
    const recordingOf = (p: ConversationPlan) => redactor.stored(byId, p.id);
    const limit = pLimit(req.concurrency);
    const signal = req.abortSignal ?? new AbortController().signal;
    const finished = new Map<string, Promise<ConversationResult>>();
    const stopped = (): boolean => Boolean(req.stopSignal?.aborted || signal.aborted);
    const ctx: RescoreContext = { ...req, steps, signal, judge, redactor };
    const rescoreOne = async (p: ConversationPlan): Promise<ConversationResult> => {
      // As in a run: after a conversation that no longer passes, a dependent one is skipped; once
      // stopped, a conversation not started is `interrupted` (and not observed).
      const result =
        (await dependencySkip(p, plan.runs, finished)) ??
        (await limit(() => (stopped() ? undefined : rescoreConversation(p, recordingOf(p), ctx, custom.matchers))));
      if (!result) return notRunResult(p, 'interrupted', 'not started: the rescore was interrupted');
      return observed(result, req);
    };
    for (const p of plan.runs) finished.set(p.id, rescoreOne(p));
    const conversations = await Promise.all(plan.runs.map((p) => finished.get(p.id)!));
    // Listed, as a run lists them after its conversations, so none drops out of the rescore unsaid.
    for (const t of toolTests) conversations.push(await observed(toolTestNotRescored(t), req));
    const interrupted = stopped();
    const goldenFiles = await goldens.finish(interrupted);
    const result = finalizeRun({
      runId,
      toolVersion: TOOL_VERSION,
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      target: req.recorded.target,
      interrupted,
      conversations,
      passRates: passRatesOf(plan.runs),
      errors: req.runErrors?.() ?? [],
      policy: req.policy,
      llmUsage: llmUsageOf(req.judge, undefined),
      goldens: goldenFiles,
    });
    return { result, selected: plan.selected };
  } finally {
    custom.close();
  }
}

/**
 * As in a run (suite.ts): the observer is handed the result frozen, and one that fails or hangs is
 * this conversation's error, not the rescore's.
 */
async function observed(result: ConversationResult, req: RescoreRequest): Promise<ConversationResult> {
  const observer = req.observer;
  const bound = { timeoutMs: req.timeoutMs };
  const failed = observer && (await conversationEndFailure(observer, result, bound));
  return failed ? observerFailed(result, toErrorInfo(failed)) : result;
}

/** A tool test's result in a rescore: `skipped`, with the reason, under the id a run gives it. */
function toolTestNotRescored(t: ToolTestSpec): ConversationResult {
  return {
    id: `${t.id}#0`,
    specId: t.id,
    name: t.name,
    file: t.file,
    ...(t.loc ? { loc: t.loc } : {}),
    tags: t.tags,
    runIndex: 0,
    repeat: 1,
    modality: 'text',
    status: 'skipped',
    skipReason: t.skip ?? TOOL_TEST_NOT_RESCORED,
    startedAt: new Date().toISOString(),
    durationMs: 0,
    attempts: [],
    turns: [],
    assertions: [],
  };
}

interface RescoreContext {
  cwd: string;
  timeoutMs: number;
  steps: readonly ConversationStep[];
  signal: AbortSignal;
  judge: DeferredCheck | undefined;
  redactor: Redactor;
}

async function rescoreConversation(
  plan: ConversationPlan,
  recorded: ConversationResult | undefined,
  ctx: RescoreContext,
  customMatchers: CustomMatchers,
): Promise<ConversationResult> {
  const { spec } = plan;
  if (spec.skip) return notRunResult(plan, 'skipped', spec.skip);
  const changed = await inputsChange(plan, recorded, ctx);
  if (changed?.startsWith(MASKED_INPUTS)) return notRunResult(plan, 'skipped', `${changed}: re-run it`);
  if (changed) return notRunResult(plan, 'skipped', `${INPUTS_CHANGED} (${changed})`);
  const rec = recorded!;
  const result = fromRecording(plan, rec);
  const results: TurnResult[] = [];
  // A recording that did not complete is not judged (its judge expectations are skipped).
  const judge = result.error ? undefined : ctx.judge;
  for (const turn of result.turns) {
    if (!turn.result) continue;
    results.push(turn.result);
    turn.assertions = await runAssertions(spec.turns[turn.index]?.expect ?? [], {
      scope: 'turn',
      turnIndex: turn.index,
      turn: turn.result,
      turns: results,
      customMatchers,
      match: spec.match,
      exactScalars: exactScalars(spec),
      timeoutMs: spec.turns[turn.index]?.timeoutMs ?? spec.timeoutMs ?? ctx.timeoutMs,
      judge,
    });
  }
  // Assertions the runner itself adds (a simulation's turn limit, nothing sent) are facts of the recording.
  result.assertions = rec.assertions.filter((a) => a.matcher === 'simulation');
  const last = result.turns.at(-1);
  if (!spec.simulation && !rec.error && last?.result?.sessionEnded && result.turns.length < spec.turns.length)
    result.assertions.push(sessionEndedEarly(last, spec.turns.length - result.turns.length));
  result.assertions.push(
    ...(await runAssertions(spec.expect, {
      scope: 'conversation',
      turns: results,
      customMatchers,
      match: spec.match,
      exactScalars: exactScalars(spec),
      timeoutMs: spec.timeoutMs ?? ctx.timeoutMs,
      judge,
    })),
  );
  // Unused tool fakes, found again in the recorded calls as the live run found them (a recording
  // that did not complete is not checked, as an attempt that failed is not), under today's `match`.
  if (!result.error) {
    const warnings: ConversationWarning[] = [];
    reportUnusedFakes(unusedFakesOf(spec.toolFakes, results), spec, { assertions: result.assertions, warnings });
    if (warnings.length) result.warnings = warnings;
  }
  await finishConversation(result, plan, ctx.steps, ctx.signal);
  // A judge call cancelled by the abort is no verdict: the conversation did not finish, as in a run.
  if (ctx.signal.aborted && result.status === 'error' && !rec.error) interruptedWhileRescored(result);
  return result;
}

function interruptedWhileRescored(result: ConversationResult): void {
  result.status = 'interrupted';
  result.error = { code: 'INTERRUPTED', message: 'the rescore was interrupted while this conversation was rescored' };
  const last = result.attempts.at(-1);
  if (last) last.status = 'interrupted';
}

/** The recorded conversation with the current spec's names and no verdicts yet. */
function fromRecording(plan: ConversationPlan, rec: ConversationResult): ConversationResult {
  const { spec } = plan;
  const turns: TurnRecord[] = rec.turns.map((t) => {
    const specTurn = spec.turns[t.index];
    return {
      index: t.index,
      ...(specTurn?.label ? { label: specTurn.label } : {}),
      ...(specTurn?.loc ? { loc: specTurn.loc } : {}),
      inputs: t.inputs,
      ...(t.result ? { result: t.result } : {}),
      assertions: [],
      ...(t.error ? { error: t.error } : {}),
    };
  });
  return {
    ...namedAs(plan),
    modality: rec.modality,
    status: 'passed',
    ...(rec.sessionId ? { sessionId: rec.sessionId } : {}),
    startedAt: rec.startedAt,
    durationMs: rec.durationMs,
    attempts: rec.attempts.map((a) => ({ ...a })),
    turns,
    assertions: [],
    // A simulator fault is the check's verdict, not a fact of the recording: the check runs again.
    ...(rec.error && rec.error.code !== SIMULATOR_FAULT ? { error: rec.error } : {}),
    ...(rec.simulation ? { simulation: recordedSimulation(rec.simulation) } : {}),
    inputsHash: conversationInputsHash(spec),
  };
}

/** The recorded simulation without what the steps decide again (goal grades, the simulator check). */
function recordedSimulation(sim: SimulationResult): SimulationResult {
  const { check: _check, ...facts } = sim;
  return { ...facts, goals: [] };
}

/** Why the recording cannot stand for this conversation now, or undefined when it can. */
async function inputsChange(
  plan: ConversationPlan,
  rec: ConversationResult | undefined,
  { cwd, redactor }: Pick<RescoreContext, 'cwd' | 'redactor'>,
): Promise<string | undefined> {
  if (!rec) return 'not in the recorded run';
  if (rec.turns.length === 0 || rec.status === 'interrupted')
    return `not run in the recorded run (${rec.status}${rec.skipReason ? `: ${rec.skipReason}` : ''})`;
  if (plan.spec.simulation) {
    // A simulated user's turns are not in the spec: only the hash can tell (version 2 files have none).
    if (rec.inputsHash === undefined) return 'the recording has no inputs hash (schemaVersion 2)';
    return rec.inputsHash === conversationInputsHash(plan.spec) ? undefined : 'the simulated user or session changed';
  }
  const specTurns = plan.spec.turns;
  for (const [i, turn] of rec.turns.entries()) {
    const now = specTurns[i];
    if (!now) return `turn ${i + 1} removed`;
    // A toolResponses turn's answers take the ids of the calls the turn before left pending, as live.
    const left = leftPendingBy(rec.turns[i - 1]?.result);
    const { inputs } = await Promise.resolve(prepareTurn(now, cwd, left)).catch(() => ({ inputs: undefined }));
    const compared = inputs ? compareInputs(inputs, turn.inputs, redactor) : 'different';
    if (compared === 'different') return `turn ${i + 1} edited`;
    if (compared === 'masked') return `${MASKED_INPUTS} turn ${i + 1}, so whether they changed cannot be told`;
  }
  const last = rec.turns.at(-1);
  const endedEarly = last?.result?.sessionEnded || rec.error !== undefined;
  if (specTurns.length > rec.turns.length && !endedEarly) return `turns added after turn ${rec.turns.length}`;
  if (rec.inputsHash !== undefined && rec.inputsHash !== conversationInputsHash(plan.spec))
    return 'variables, history or session settings changed';
  return undefined;
}

/**
 * Whether the spec's inputs are the recorded ones. `masked`: they differ only where the recorded
 * run's `redact:` masked them, so whether they changed cannot be told (a PIN edited from 1234 to
 * 5678 masks alike), and the recorded replies may answer other inputs.
 */
function compareInputs(
  now: readonly TurnInput[],
  recorded: readonly TurnInput[],
  redactor: Redactor,
): 'same' | 'masked' | 'different' {
  const same = (a: readonly TurnInput[]) => sameJson(a as unknown as JsonValue, recorded as unknown as JsonValue);
  if (same(now)) return 'same';
  return redactor.active && same(redactor.model({ inputs: now }).inputs) ? 'masked' : 'different';
}
