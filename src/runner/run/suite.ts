// Runs planned conversations concurrently (the only place with concurrency), under AIMD
// throttling, honouring dependencies, --max-failures and a two-stage interrupt.
import { setMaxListeners } from 'node:events';
import type { CustomMatcherModule, DeferredCheck, UnloadedCustomMatcher } from '../../assertions/index.js';
import type { RunObserver } from '../../model/observer.js';
import type { ConversationResult } from '../../model/result.js';
import { runConversation, type ConversationPlan } from './conversation.js';
import { notRunResult } from './conversation-result.js';
import { dependencyName } from './plan.js';
import { historyOptions } from './history.js';
import { AimdThrottle, type ThrottleStats } from './throttle.js';
import type { SessionsPort } from './session-port.js';
import type { ConversationStep } from './steps.js';
import { finishConversation } from './pipeline.js';
import { FailureTracker } from './failure-tracker.js';
import type { Redactor } from '../../model/redact.js';
import { unrunnableSimulation, type SimulationSetup } from './simulation/index.js';
import { boundedTurnHooks, conversationEndFailure, hookFailure, observerFailed } from './observer-guard.js';
import { toErrorInfo } from './errors.js';
import { AudioFolders } from './audio-files.js';

export interface SuiteOptions {
  sessions: SessionsPort;
  cwd: string;
  concurrency: number;
  retries: number;
  timeoutMs: number;
  /** Soft stop: schedule nothing new (first Ctrl-C, --max-failures). */
  stopSignal?: AbortSignal;
  /** Hard stop: cancel in-flight calls; running conversations end as interrupted. */
  abortSignal?: AbortSignal;
  maxFailures?: number;
  /** Counts final verdicts for --max-failures; executeRun's own, so runs after the suite count on. */
  failures?: FailureTracker;
  customMatchers?: ReadonlyMap<string, CustomMatcherModule | UnloadedCustomMatcher>;
  /** Told of each conversation's start and end and each turn's end. */
  observer?: RunObserver;
  /** Run in order once a conversation's turns are done, before its verdict is final (pipeline.ts). */
  steps?: readonly ConversationStep[];
  /** Where audio turns' WAV files are saved (the report directory). */
  artifactsDir?: string;
  /** Masks secrets in audio folder names. */
  redactor?: Redactor | undefined;
  /** The user model and judge of `simulation:` conversations. */
  simulation?: SimulationSetup | undefined;
  /** The LLM judge of `judge` expectations, a deferred check (run/judge-check.ts). */
  judge?: DeferredCheck | undefined;
}

export interface SuiteResult {
  conversations: ConversationResult[];
  interrupted: boolean;
  throttle: ThrottleStats;
  /** Set when --max-failures stopped scheduling: why, and how many conversation runs were not started. */
  stopped?: { reason: string; notStarted: number };
}

export async function runSuite(plans: readonly ConversationPlan[], opts: SuiteOptions): Promise<SuiteResult> {
  const throttle = new AimdThrottle(opts.concurrency);
  const abort = opts.abortSignal ?? new AbortController().signal;
  // Every call in flight listens to the run's signals; hundreds of listeners are expected here.
  for (const signal of [abort, opts.stopSignal]) if (signal) setMaxListeners(0, signal);
  const finished = new Map<string, Promise<ConversationResult>>();
  const sessions = new Map<string, string>();
  const audioFolders = new AudioFolders();
  const failures = opts.failures ?? new FailureTracker(opts.maxFailures);
  let notStarted = 0;
  const stopReason = (): string | undefined => {
    if (opts.stopSignal?.aborted || abort.aborted) return 'interrupted';
    return failures.hasReachedMaxFailures() ? failures.reason : undefined;
  };

  // Observer hooks are bounded (observer-guard.ts): one that fails is its conversation's error.
  const observer = opts.observer;
  const bound = { timeoutMs: opts.timeoutMs };
  const turnObserver = observer && boundedTurnHooks(observer, bound);
  /** The verdict is final: counted for --max-failures, then observers hear of it. */
  const ended = async (result: ConversationResult): Promise<ConversationResult> => {
    failures.onConversationEnd(result);
    const failed = observer && (await conversationEndFailure(observer, result, bound));
    if (!failed) return result;
    // What the observer was handed stays as it was (observer.ts): the run's result is a copy.
    const final = observerFailed(result, toErrorInfo(failed));
    if (result.status !== 'failed' && result.status !== 'error') failures.onConversationEnd(final);
    return final;
  };

  const runOne = async (plan: ConversationPlan): Promise<ConversationResult> => {
    const blockedBy = await dependencySkip(plan, plans, finished);
    if (blockedBy) return blockedBy;
    return throttle.limit(async () => {
      const reason = stopReason();
      if (reason && reason !== 'interrupted') notStarted += 1;
      if (reason)
        return notRunResult(
          plan,
          reason === 'interrupted' ? 'interrupted' : 'skipped',
          reason === 'interrupted' ? 'not started: the run was interrupted' : `not started: ${reason}`,
        );
      if (plan.spec.skip) return notRunResult(plan, 'skipped', plan.spec.skip);
      const blocked = plan.spec.simulation ? unrunnableSimulation(plan.spec, opts.simulation) : undefined;
      if (blocked) {
        return 'skip' in blocked
          ? notRunResult(plan, 'skipped', blocked.skip)
          : erroredBeforeStart(plan, blocked.error);
      }
      const { spec, runIndex } = plan;
      const started = observer && { id: plan.id, specId: spec.id, name: spec.name, file: spec.file, runIndex };
      const startFailed =
        started && (await hookFailure('onConversationStart', () => observer.onConversationStart?.(started), bound));
      // An observer that failed at the start: the conversation is not run, and ends as that error.
      if (startFailed) return ended(erroredBeforeStart(plan, toErrorInfo(startFailed)));
      const result = await safeRun(plan, {
        sessions: opts.sessions,
        cwd: opts.cwd,
        timeoutMs: opts.timeoutMs,
        retries: opts.retries,
        signal: abort,
        throttle,
        customMatchers: opts.customMatchers ?? new Map(),
        observer: turnObserver,
        artifactsDir: opts.artifactsDir,
        audioFolders,
        redactor: opts.redactor,
        simulation: opts.simulation,
        judge: opts.judge,
        historyFor: (s) => historyOptions(s, (name) => sessions.get(name)),
      });
      await finishConversation(result, plan, opts.steps ?? [], abort);
      if (plan.runIndex === 0 && result.sessionId) sessions.set(plan.spec.name, result.sessionId);
      return ended(result);
    });
  };

  for (const plan of plans) finished.set(plan.id, runOne(plan));
  const conversations = await Promise.all(plans.map((p) => finished.get(p.id)!));
  const interrupted = Boolean(opts.stopSignal?.aborted || abort.aborted);
  return {
    conversations,
    interrupted,
    throttle: throttle.stats,
    ...(notStarted > 0 ? { stopped: { reason: failures.reason, notStarted } } : {}),
  };
}

/** A crash inside one conversation becomes that conversation's error, never the run's. */
async function safeRun(
  plan: ConversationPlan,
  deps: Parameters<typeof runConversation>[1],
): Promise<ConversationResult> {
  try {
    return await runConversation(plan, deps);
  } catch (err) {
    const r = notRunResult(plan, 'interrupted', '');
    r.status = 'error';
    r.error = {
      code: 'INTERNAL',
      message: `cxas-eval crashed while running this conversation: ${(err as Error).stack ?? String(err)}`,
    };
    return r;
  }
}

/** A conversation that cannot start: a configuration problem (a simulation without a judge), its observer failed. */
function erroredBeforeStart(plan: ConversationPlan, error: ConversationResult['error'] & object): ConversationResult {
  const r = notRunResult(plan, 'interrupted', error.message);
  return Object.assign(r, { status: 'error', error });
}

/**
 * A conversation that runs after another (`history: { afterConversation }`) is skipped when that
 * one's first run did not pass; waits for it. The suite and `rescore` (rescore.ts) decide alike.
 */
export async function dependencySkip(
  plan: ConversationPlan,
  plans: readonly ConversationPlan[],
  finished: Map<string, Promise<ConversationResult>>,
): Promise<ConversationResult | undefined> {
  const dep = dependencyName(plan.spec);
  if (!dep) return undefined;
  const depResult = await firstRunOf(dep, plans, finished);
  if (!depResult || depResult.status === 'passed') return undefined;
  return notRunResult(
    plan,
    'skipped',
    `depends on "${dep}", which ` +
      (depResult.status === 'skipped' ? 'was skipped' : `did not pass (${depResult.status})`),
  );
}

function firstRunOf(
  name: string,
  plans: readonly ConversationPlan[],
  finished: Map<string, Promise<ConversationResult>>,
): Promise<ConversationResult | undefined> {
  const plan = plans.find((p) => p.spec.name === name && p.runIndex === 0);
  return plan ? finished.get(plan.id)! : Promise.resolve(undefined);
}
