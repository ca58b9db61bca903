// The runner's entry point: plan → run the suite → one canonical RunResult.
import { randomUUID } from 'node:crypto';
import type { RunObserver } from '../../model/observer.js';
import type { ConversationResult, ErrorInfo, RunPolicy, RunResult, RunTarget } from '../../model/result.js';
import type { ConversationSpec, SpecFile } from '../../model/spec.js';
import { finalizeRun } from '../../model/finalize.js';
import { TOOL_VERSION } from '../../package-root.js';
import type { JudgeSetup } from '../../judge/index.js';
import type { DeferredCheck } from '../../assertions/index.js';
import type { GoldenOptions } from '../goldens/index.js';
import type { Redactor } from '../../model/redact.js';
import { loadCustomMatchers, type CustomMatchers } from './custom-matchers.js';
import { passRatesOf, planRuns, type Plan, type PlanOptions } from './plan.js';
import { llmUsageOf } from './llm-usage.js';
import { runSuite } from './suite.js';
import { FailureTracker } from './failure-tracker.js';
import type { ConversationPlan } from './conversation.js';
import type { ConversationStep } from './steps.js';
import { goldenStep } from './golden-step.js';
import { usesJudge } from './uses-judge.js';
import { callHook } from './observer-guard.js';
import type { SessionsPort } from './session-port.js';
import type { ThrottleStats } from './throttle.js';
import type { UserModelSetup } from './simulation/index.js';

export { planRuns, type PlanOptions, type Plan } from './plan.js';
export { runSuite, type SuiteOptions, type SuiteResult } from './suite.js';
export type { ConversationStep } from './steps.js';
export { FailureTracker } from './failure-tracker.js';
export { runConversation, type ConversationPlan } from './conversation.js';
export type { SessionsPort } from './session-port.js';
export { ReplaySessions, type ReplayOptions } from './replay.js';
export { rescoreRun, INPUTS_CHANGED, type RescoreRequest, type RescoreOutcome } from './rescore.js';

export interface RunRequest {
  files: readonly SpecFile[];
  sessions: SessionsPort;
  target: RunTarget;
  cwd: string;
  plan?: PlanOptions;
  concurrency: number;
  retries: number;
  timeoutMs: number;
  maxFailures?: number;
  goldens?: GoldenOptions;
  /** Told of the run's start, each conversation's start and end, and each turn's end. */
  observer?: RunObserver;
  stopSignal?: AbortSignal;
  abortSignal?: AbortSignal;
  /** Where audio turns' WAV files are saved: the report directory, so reports link them relatively. */
  artifactsDir?: string;
  /** Masks secrets in what the runner itself writes: goldens and audio folder names. */
  redactor?: Redactor;
  /** The LLM judge for `judge` expectations; without one they are errors ("no judge configured"). */
  judge?: JudgeSetup;
  /** The simulated user of `simulation:` conversations; without one they are skipped ("no user model configured"). */
  userModel?: UserModelSetup;
  /** The judge's check of each simulated user against its brief (config `simulation.checkSimulator`, default true). */
  checkSimulator?: boolean;
  /** Run-level verdict rules (--fail-on-skipped), applied once by `finalizeRun`. */
  policy?: RunPolicy;
  /**
   * Results that join the run after its conversations, before its verdict (the CLI's tool tests).
   * Called in every run, a stopped one too: each is planned and gets a result, and none starts
   * once `control.notStarted()` says why not (MoreRunsControl).
   */
  moreConversations?: (control: MoreRunsControl) => Promise<ConversationResult[]>;
  /** How many results `moreConversations` returns: planned runs, in observers' `total` (progress). */
  morePlanned?: number;
  /** Run-level errors known when the run ends (e.g. reporters that failed so far). */
  runErrors?: () => readonly ErrorInfo[];
}

/** What the runs of `moreConversations` are told: when not to start, and what counts for --max-failures. */
export interface MoreRunsControl {
  /**
   * Asked right before each would start. Undefined: start it. Otherwise it is not started, and is
   * reported with this status and reason (`skipReason`, or the message of an `INTERRUPTED` error),
   * as the suite reports a conversation it did not start: the run was interrupted, or
   * --max-failures was reached (then it counts in the `MAX_FAILURES` run error).
   */
  notStarted(): { status: 'interrupted' | 'skipped'; reason: string } | undefined;
  /** The final result of each one that ran: counted for --max-failures. */
  ended(result: Pick<ConversationResult, 'status'>): void;
}

export interface RunOutcome {
  result: RunResult;
  throttle: ThrottleStats;
  /** Conversations selected before sharding. */
  selected: number;
}

export async function executeRun(req: RunRequest): Promise<RunOutcome> {
  const runId = randomUUID();
  const started = new Date();
  const plan = planRuns(req.files, req.plan);
  const shard = req.plan?.shard;
  const startedAt = started.toISOString();
  const observer = req.observer;
  const start = observer?.onRunStart && {
    runId,
    startedAt,
    target: req.target,
    total: plan.runs.length + (req.morePlanned ?? 0),
    turns: plan.runs.reduce((n, r) => n + plannedTurns(r.spec), 0),
    ...(shard ? { shard } : {}),
  };
  // Nothing has started yet: a failing (or never settling) onRunStart rejects the run (observer-guard.ts).
  if (start) await callHook('onRunStart', () => observer.onRunStart?.(start), { timeoutMs: req.timeoutMs });
  // User code runs in workers, stopped when the run ends and at once when it is aborted (loading
  // included: a module's top level may loop). Only the planned conversations' modules load.
  const custom = await loadCustomMatchers(
    plan.runs.map((r) => r.spec),
    req.cwd,
    req.timeoutMs,
    req.abortSignal,
  );
  try {
    return await runLoaded(req, { runId, started, plan, shard }, custom.matchers);
  } finally {
    custom.close();
  }
}

async function runLoaded(
  req: RunRequest,
  run: { runId: string; started: Date; plan: Plan; shard: PlanOptions['shard'] },
  customMatchers: CustomMatchers,
): Promise<RunOutcome> {
  const { runId, started, plan, shard } = run;
  const goldens = await goldenStep(
    req.goldens && req.redactor ? { ...req.goldens, redactor: req.redactor } : req.goldens,
    req.files,
  );
  const failures = new FailureTracker(req.maxFailures);
  const suite = await runSuite(plan.runs, {
    sessions: req.sessions,
    cwd: req.cwd,
    concurrency: req.concurrency,
    retries: req.retries,
    timeoutMs: req.timeoutMs,
    maxFailures: req.maxFailures,
    failures,
    stopSignal: req.stopSignal,
    abortSignal: req.abortSignal,
    customMatchers,
    artifactsDir: req.artifactsDir,
    redactor: req.redactor,
    observer: req.observer,
    steps: await conversationSteps(req, plan.runs, goldens.step),
    judge: await judgeCheckOf(req, plan.runs),
    ...(plan.runs.some((r) => r.spec.simulation)
      ? { simulation: { user: req.userModel ?? noUserModel(), judge: req.judge } }
      : {}),
  });
  const goldenFiles = await goldens.finish(suite.interrupted);
  const stoppedNow = (): boolean => Boolean(req.stopSignal?.aborted || req.abortSignal?.aborted);
  // What comes after the suite is scheduled by its rules: nothing new starts after a stop.
  let moreNotStarted = 0;
  const more = !req.moreConversations
    ? []
    : await req.moreConversations({
        notStarted: () => {
          if (stoppedNow()) return { status: 'interrupted', reason: 'not started: the run was interrupted' };
          if (!failures.hasReachedMaxFailures()) return undefined;
          moreNotStarted += 1;
          return { status: 'skipped', reason: `not started: ${failures.reason}` };
        },
        ended: (r) => failures.onConversationEnd(r),
      });
  const notStarted = (suite.stopped?.notStarted ?? 0) + moreNotStarted;
  const stopped = notStarted > 0 ? { reason: failures.reason, notStarted } : undefined;
  const result = finalizeRun({
    runId,
    toolVersion: TOOL_VERSION,
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    target: req.target,
    shard,
    interrupted: suite.interrupted || stoppedNow(),
    conversations: [...suite.conversations, ...more],
    passRates: passRatesOf(plan.runs),
    errors: [...(stopped ? [maxFailuresError(stopped)] : []), ...(req.runErrors?.() ?? [])],
    policy: req.policy,
    llmUsage: llmUsageOf(req.judge, req.userModel),
    goldens: goldenFiles,
  });
  return { result, throttle: suite.throttle, selected: plan.selected };
}

/** --max-failures stopped scheduling: a run error, so a run whose failures were all tolerated does not pass. */
function maxFailuresError(stopped: { reason: string; notStarted: number }): ErrorInfo {
  return {
    code: 'MAX_FAILURES',
    message: `${stopped.reason}: ${stopped.notStarted} conversation run(s) not started`,
  };
}

/** The evaluation steps after a conversation's turns, before its verdict is final (pipeline.ts). */
export async function conversationSteps(
  req: Pick<RunRequest, 'judge' | 'abortSignal' | 'checkSimulator'>,
  runs: readonly ConversationPlan[],
  golden: ConversationStep | undefined,
): Promise<ConversationStep[]> {
  const steps: ConversationStep[] = golden ? [golden] : [];
  // The judge step (and the LLM clients behind it) only for runs with judge expectations.
  if (anyUsesJudge(runs)) {
    const { judgeStep } = await import('./judge-step.js');
    steps.push(judgeStep(judgeSetupOf(req)));
  }
  // Goals are graded after the judge expectations, each by its own judge call.
  if (runs.some((r) => r.spec.simulation)) {
    const { goalsStep, simulatorCheckStep } = await import('./simulation/index.js');
    steps.push(goalsStep(req.judge, req.abortSignal));
    // Then the simulated user itself: a fault makes the run an error (SIMULATOR_FAULT).
    if (req.checkSimulator !== false) steps.push(simulatorCheckStep(req.judge, req.abortSignal));
  }
  return steps;
}

/**
 * The LLM judge as the deferred check of `judge` expectations (run/judge-check.ts), only for runs
 * that have some: other runs load no LLM client and their turns carry no judge.
 */
export async function judgeCheckOf(
  req: Pick<RunRequest, 'judge' | 'abortSignal'>,
  runs: readonly ConversationPlan[],
): Promise<DeferredCheck | undefined> {
  if (!anyUsesJudge(runs)) return undefined;
  const { judgeCheck } = await import('./judge-check.js');
  return judgeCheck(judgeSetupOf(req), req.abortSignal);
}

function judgeSetupOf(req: Pick<RunRequest, 'judge'>): JudgeSetup {
  return req.judge ?? { kind: 'unavailable', reason: 'no judge configured (RunRequest.judge)' };
}

/** Repeats share their spec: each spec is looked at once, not once per run (2,000 in bench/runner-overhead). */
function anyUsesJudge(runs: readonly ConversationPlan[]): boolean {
  return [...new Set(runs.map((r) => r.spec))].some(usesJudge);
}

/** A simulation's turns are not known in advance: its turn limit is the upper bound progress counts with. */
function plannedTurns(spec: ConversationSpec): number {
  return spec.simulation ? (spec.simulation.maxTurns ?? 20) : spec.turns.length;
}

function noUserModel(): UserModelSetup {
  return { kind: 'unavailable', reason: 'no user model configured (RunRequest.userModel)' };
}
