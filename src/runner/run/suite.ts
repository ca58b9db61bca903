// Runs planned conversations concurrently (the only place with concurrency), under AIMD
// throttling, honouring dependencies, --max-failures and a two-stage interrupt.
import { setMaxListeners } from 'node:events';
import type { CustomMatcherModule } from '../../assertions/index.js';
import type { ConversationResult, TurnRecord } from '../../model/result.js';
import { notRunResult, runConversation, type ConversationPlan } from './conversation.js';
import { dependencyName } from './plan.js';
import { historyOptions } from './history.js';
import { AimdThrottle, type ThrottleStats } from './throttle.js';
import type { SessionsPort } from './session-port.js';

export interface SuiteHooks {
  onConversationStart?(c: { id: string; specId: string; name: string; file: string; runIndex: number }): void;
  onTurnEnd?(conversationId: string, turn: TurnRecord): void;
  /** Awaited before the conversation counts as finished (goldens are compared here). */
  onConversationEnd?(result: ConversationResult, plan: ConversationPlan): void | Promise<void>;
}

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
  customMatchers?: ReadonlyMap<string, CustomMatcherModule>;
  hooks?: SuiteHooks;
  /** Where audio turns' WAV files are saved (the report directory). */
  artifactsDir?: string;
}

export interface SuiteResult {
  conversations: ConversationResult[];
  interrupted: boolean;
  throttle: ThrottleStats;
}

export async function runSuite(plans: readonly ConversationPlan[], opts: SuiteOptions): Promise<SuiteResult> {
  const throttle = new AimdThrottle(opts.concurrency);
  const abort = opts.abortSignal ?? new AbortController().signal;
  // Every call in flight listens to the run's signals; hundreds of listeners are expected here.
  for (const signal of [abort, opts.stopSignal]) if (signal) setMaxListeners(0, signal);
  const finished = new Map<string, Promise<ConversationResult>>();
  const sessions = new Map<string, string>();
  let failures = 0;
  const stopReason = (): string | undefined => {
    if (opts.stopSignal?.aborted || abort.aborted) return 'interrupted';
    if (opts.maxFailures && failures >= opts.maxFailures) return `--max-failures ${opts.maxFailures} reached`;
    return undefined;
  };

  const runOne = async (plan: ConversationPlan): Promise<ConversationResult> => {
    const dep = dependencyName(plan.spec);
    if (dep) {
      const depResult = await firstRunOf(dep, plans, finished);
      if (depResult && depResult.status !== 'passed') {
        return notRunResult(plan, 'skipped', `depends on "${dep}", which ${depResult.status === 'skipped' ? 'was skipped' : `did not pass (${depResult.status})`}`);
      }
    }
    return throttle.limit(async () => {
      const reason = stopReason();
      if (reason) return notRunResult(plan, reason === 'interrupted' ? 'interrupted' : 'skipped', reason === 'interrupted' ? 'not started: the run was interrupted' : `not started: ${reason}`);
      if (plan.spec.skip) return notRunResult(plan, 'skipped', plan.spec.skip);
      opts.hooks?.onConversationStart?.({ id: plan.id, specId: plan.spec.id, name: plan.spec.name, file: plan.spec.file, runIndex: plan.runIndex });
      const result = await safeRun(plan, {
        sessions: opts.sessions, cwd: opts.cwd, timeoutMs: opts.timeoutMs, retries: opts.retries, signal: abort, throttle,
        customMatchers: opts.customMatchers ?? new Map(),
        historyFor: (spec) => historyOptions(spec, (name) => sessions.get(name)),
        ...(opts.hooks?.onTurnEnd ? { onTurnEnd: opts.hooks.onTurnEnd } : {}),
        ...(opts.artifactsDir ? { artifactsDir: opts.artifactsDir } : {}),
      });
      if (plan.runIndex === 0 && result.sessionId) sessions.set(plan.spec.name, result.sessionId);
      if (result.status === 'failed' || result.status === 'error') failures += 1;
      await opts.hooks?.onConversationEnd?.(result, plan);
      return result;
    });
  };

  for (const plan of plans) finished.set(plan.id, runOne(plan));
  const conversations = await Promise.all(plans.map((p) => finished.get(p.id)!));
  const interrupted = Boolean(opts.stopSignal?.aborted || abort.aborted);
  return { conversations, interrupted, throttle: throttle.stats };
}

/** A crash inside one conversation becomes that conversation's error, never the run's. */
async function safeRun(plan: ConversationPlan, deps: Parameters<typeof runConversation>[1]): Promise<ConversationResult> {
  try {
    return await runConversation(plan, deps);
  } catch (err) {
    const r = notRunResult(plan, 'interrupted', '');
    r.status = 'error';
    r.error = { code: 'INTERNAL', message: `cxas-eval crashed while running this conversation: ${(err as Error).stack ?? String(err)}` };
    return r;
  }
}

function firstRunOf(name: string, plans: readonly ConversationPlan[], finished: Map<string, Promise<ConversationResult>>): Promise<ConversationResult | undefined> {
  const plan = plans.find((p) => p.spec.name === name && p.runIndex === 0);
  return plan ? finished.get(plan.id)! : Promise.resolve(undefined);
}
