// Runs one planned conversation: attempts with fresh sessions (retrying transient failures),
// turns in order within one session, assertions after each turn and at the end.
import type { RunOptions } from '../../client/index.js';
import { evaluateAssertions, type CustomMatcherModule } from '../../assertions/index.js';
import type { RunObserver } from '../../model/observer.js';
import type { AssertionResult, Attempt, ConversationResult, ErrorInfo, TurnRecord } from '../../model/result.js';
import { conversationVerdict } from '../../model/verdict.js';
import type { ConversationSpec } from '../../model/spec.js';
import type { TurnResult } from '../../model/turn.js';
import { prepareTurn } from './inputs.js';
import { executeTurn, type ExecutedTurn, type TurnContext } from './turn.js';
import { saveTurnAudio } from './audio-files.js';
import { ToolFakeResponder } from './tool-fakes.js';
import { RunnerError, toErrorInfo } from './errors.js';
import { backoffDelay, sleep } from './backoff.js';
import type { SessionsPort } from './session-port.js';
import type { AimdThrottle } from './throttle.js';
import type { Redactor } from '../../model/redact.js';
import { simulationDriver, type SimulationSetup } from './simulation/index.js';
import type { SimulationDriver } from './simulation/driver.js';

export interface ConversationPlan {
  /** `<spec id>#<runIndex>`. */
  id: string;
  spec: ConversationSpec;
  runIndex: number;
}

export interface ConversationDeps {
  sessions: SessionsPort;
  cwd: string;
  timeoutMs: number;
  retries: number;
  /** Aborts in-flight calls (second stage of an interrupt). */
  signal: AbortSignal;
  throttle: AimdThrottle;
  customMatchers: ReadonlyMap<string, CustomMatcherModule>;
  /** Session config for the first request (history), resolved by the suite. */
  historyFor(spec: ConversationSpec): Partial<RunOptions>;
  /** Told of each turn's end, in turn order. */
  observer?: RunObserver | undefined;
  /** Where audio turns' WAV files go (the report directory); audio is not saved without it. */
  artifactsDir?: string | undefined;
  /** Masks secrets in audio folder names. */
  redactor?: Redactor | undefined;
  random?: () => number;
  /** The user model and judge for `simulation:` conversations. */
  simulation?: SimulationSetup | undefined;
}

interface AttemptOutcome {
  turns: TurnRecord[]; results: TurnResult[]; assertions: AssertionResult[]; error?: ErrorInfo;
  simulation?: ConversationResult['simulation'];
}

export async function runConversation(plan: ConversationPlan, deps: ConversationDeps): Promise<ConversationResult> {
  const started = Date.now();
  const result = baseResult(plan, started);
  for (let attempt = 1; attempt <= deps.retries + 1; attempt++) {
    const sessionId = deps.sessions.createSessionId();
    const t0 = Date.now();
    const outcome = await runAttempt(plan, sessionId, deps);
    const status = conversationVerdict({ ...outcome, status: outcome.error && deps.signal.aborted ? 'interrupted' : 'passed' });
    const record: Attempt = { attempt, sessionId, status, durationMs: Date.now() - t0, ...(outcome.error ? { error: outcome.error } : {}) };
    result.attempts.push(record);
    Object.assign(result, { sessionId, turns: outcome.turns, assertions: outcome.assertions, status });
    if (outcome.simulation) result.simulation = outcome.simulation;
    if (outcome.error) result.error = outcome.error; else delete result.error;
    const retry = outcome.error?.transient && status === 'error' && attempt <= deps.retries && !deps.signal.aborted;
    if (!retry) break;
    record.retryDelayMs = Math.round(backoffDelay(attempt, undefined, { baseMs: 250, maxMs: 8000, random: deps.random }));
    try {
      await sleep(record.retryDelayMs, deps.signal);
    } catch {
      result.status = 'interrupted';
      break;
    }
  }
  result.durationMs = Date.now() - started;
  return result;
}

async function runAttempt(plan: ConversationPlan, sessionId: string, deps: ConversationDeps): Promise<AttemptOutcome> {
  const { spec } = plan;
  const out: AttemptOutcome = { turns: [], results: [], assertions: [] };
  const responder = new ToolFakeResponder(spec.toolFakes);
  const common: Partial<RunOptions> = {
    ...(spec.deploymentId ? { deploymentId: spec.deploymentId } : {}),
    ...(spec.useToolFakes !== undefined ? { useToolFakes: spec.useToolFakes } : {}),
    ...(spec.timeZone ? { timeZone: spec.timeZone } : {}),
  };
  // One context for the attempt's turns: each turn sets its own config and timeout.
  const ctx: TurnContext = {
    sessions: deps.sessions, sessionId, config: common, responder, signal: deps.signal, timeoutMs: deps.timeoutMs,
    onQuotaError: (d) => deps.throttle.onQuotaError(d), onSuccess: () => deps.throttle.onSuccess(),
  };
  const finishTurn = async (executed: ExecutedTurn, record: TurnRecord, expect: ConversationSpec['turns'][number]['expect'],
    timeoutMs: number): Promise<void> => {
    const turnResult = executed.result();
    if (executed.audio && deps.artifactsDir) turnResult.audio = await saveTurnAudio(executed.audio, deps.artifactsDir, { name: deps.redactor?.text(spec.name) ?? spec.name, runIndex: plan.runIndex }, record.index);
    record.result = turnResult;
    out.results.push(turnResult);
    const checked = evaluateAssertions(expect, { scope: 'turn', turnIndex: record.index, turn: turnResult, turns: out.results, customMatchers: deps.customMatchers, match: spec.match, timeoutMs });
    record.assertions = checked instanceof Promise ? await checked : checked;
    await deps.observer?.onTurnEnd?.(plan.id, record);
  };
  // A turn's result and assertions are finished once the next turn's request is on its way:
  // that work then overlaps the agent's reply instead of delaying the request.
  let unfinished: { turn: number; finish: () => Promise<void> } | undefined;
  const finishPrevious = async (): Promise<void> => {
    const pending = unfinished;
    unfinished = undefined;
    if (!pending) return;
    try {
      await pending.finish();
    } catch (err) {
      throw new FinishError(err, pending.turn); // e.g. an onTurnEnd hook threw: blame that turn
    }
  };
  let ended = false;
  // A simulation yields its turns one by one, each after the previous one's result is known.
  const simulated: SimulationDriver | undefined = spec.simulation
    ? simulationDriver(spec, deps.simulation, { results: out.results, ended: () => ended, signal: deps.signal }) : undefined;
  if (simulated) out.simulation = simulated.trace;
  try {
    const history = deps.historyFor(spec);
    let index = -1;
    for await (const turn of simulated ? simulated.turns() : spec.turns) {
      index += 1;
      if (ended) {
        // Behaviour, not infrastructure: the agent hung up while the spec had more to say.
        out.assertions.push(sessionEndedEarly(out.turns[index - 1]!, spec.turns.length - index));
        break;
      }
      const record: TurnRecord = { index, inputs: [], assertions: [] };
      if (turn.loc) record.loc = turn.loc;
      if (turn.label) record.label = turn.label;
      out.turns.push(record);
      const first = index === 0;
      // After the first turn the session carries history and entry agent: later turns share one config.
      ctx.config = first ? { ...common, ...history, ...(spec.entryAgent ? { entryAgent: spec.entryAgent } : {}) } : common;
      ctx.timeoutMs = turn.timeoutMs ?? spec.timeoutMs ?? deps.timeoutMs;
      const preparing = prepareTurn(turn, deps.cwd);
      const prepared = preparing instanceof Promise ? await preparing : preparing;
      record.inputs = prepared.inputs;
      const send = prepared.send;
      if (spec.modality === 'audio' || prepared.needsAudio) Object.assign(send, audioModality(spec));
      if (first && spec.variables) send.variables = { ...spec.variables, ...(prepared.send.variables ?? {}) };
      const executing = executeTurn(send, prepared.inputs, ctx);
      if (unfinished) await finishWhileInFlight(executing, finishPrevious);
      const executed = await executing;
      ended = executed.sessionEnded;
      const turnTimeoutMs = ctx.timeoutMs;
      unfinished = { turn: index, finish: () => finishTurn(executed, record, turn.expect, turnTimeoutMs) };
      // Nothing to overlap with after the last turn (or the session's end); audio is saved at once.
      if (simulated || ended || executed.audio || index === spec.turns.length - 1) await finishPrevious();
    }
    const checked = evaluateAssertions(spec.expect, {
      scope: 'conversation', turns: out.results, customMatchers: deps.customMatchers, match: spec.match,
      timeoutMs: spec.timeoutMs ?? deps.timeoutMs,
    });
    out.assertions = [...out.assertions, ...(checked instanceof Promise ? await checked : checked)];
    const limit = simulated?.limitAssertion();
    if (limit) out.assertions.push(limit);
  } catch (err) {
    // A turn that got its reply keeps its result and assertions, whatever failed after it; if
    // finishing it fails too, that earlier failure is the one reported.
    const failure = await finishPrevious().then(() => err, (finishErr: unknown) => finishErr);
    const turnIndex = failure instanceof FinishError ? failure.turn : out.turns.length ? out.turns.length - 1 : undefined;
    const cause = failure instanceof FinishError ? failure.cause : failure;
    out.error = toErrorInfo(deps.signal.aborted ? interruptedError() : cause, turnIndex);
    simulated?.failed(out.error.message);
    const last = out.turns.at(-1);
    if (last && !last.result) last.error = out.error;
  }
  return out;
}

/** Finishing a turn (its result, assertions, onTurnEnd) failed: the error belongs to that turn. */
class FinishError extends Error {
  constructor(override readonly cause: unknown, readonly turn: number) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * Lets the request just started go out first (the I/O phase runs before immediates), then
 * finishes the previous turn while the agent works on the reply.
 */
async function finishWhileInFlight(executing: Promise<unknown>, finish: () => Promise<void>): Promise<void> {
  executing.catch(() => undefined); // awaited next: a rejection meanwhile is handled there
  await new Promise<void>((resolve) => setImmediate(resolve));
  await finish();
}

/** Audio conversations (and speech turns in text ones) go over BidiRunSession. */
function audioModality(spec: ConversationSpec): Partial<RunOptions> {
  return { modality: 'audio', ...(spec.pacing ? { pacing: spec.pacing } : {}) };
}

function interruptedError(): RunnerError {
  return new RunnerError('INTERRUPTED', 'the run was interrupted (Ctrl-C) while this conversation was running');
}

/** The failure of a conversation whose agent ended the session before the spec's last turn. */
function sessionEndedEarly(last: TurnRecord, notSent: number): AssertionResult {
  const metadata = last.result?.endSessionMetadata;
  const reason = typeof metadata?.['reason'] === 'string' ? metadata['reason'] : metadata ? JSON.stringify(metadata) : 'none given';
  return {
    matcher: 'sessionEnded', negated: false, status: 'failed', turn: last.index, expected: false, actual: true,
    ...(last.loc ? { loc: last.loc } : {}),
    message: `the agent ended the session at turn ${last.index + 1} (reason: ${reason}); `
      + `${notSent} more turn${notSent === 1 ? '' : 's'} of the spec ${notSent === 1 ? 'was' : 'were'} not sent`,
  };
}

function baseResult(plan: ConversationPlan, started: number): ConversationResult {
  const { spec } = plan;
  return {
    id: plan.id, specId: spec.id, name: spec.name, file: spec.file, ...(spec.loc ? { loc: spec.loc } : {}),
    tags: spec.tags, runIndex: plan.runIndex, repeat: spec.repeat, modality: spec.modality, status: 'error',
    startedAt: new Date(started).toISOString(), durationMs: 0, attempts: [], turns: [], assertions: [],
  };
}

/** A result for a conversation that never ran (skipped, interrupted before start, dependency failed). */
export function notRunResult(plan: ConversationPlan, status: 'skipped' | 'interrupted', reason: string): ConversationResult {
  const r = baseResult(plan, Date.now());
  r.status = status;
  if (status === 'skipped') r.skipReason = reason;
  else r.error = { code: 'INTERRUPTED', message: reason };
  return r;
}
