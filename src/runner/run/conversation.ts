// Runs one planned conversation: attempts with fresh sessions (retrying transient failures),
// turns in order within one session, assertions after each turn and at the end.
import type { RunOptions } from '../../client/index.js';
import {
  runAssertions,
  type CustomMatcherModule,
  type DeferredCheck,
  type UnloadedCustomMatcher,
} from '../../assertions/index.js';
import type { RunObserver } from '../../model/observer.js';
import type {
  AssertionResult,
  Attempt,
  ConversationResult,
  ConversationWarning,
  ErrorInfo,
  TurnRecord,
} from '../../model/result.js';
import { assertionStatuses, conversationVerdict } from '../../model/verdict.js';
import type { ConversationSpec, ToolFakeSpec, TurnSpec } from '../../model/spec.js';
import type { ToolCall, TurnResult } from '../../model/turn.js';
import { prepareTurn, type PreparedTurn, type TurnSendOptions } from './inputs.js';
import { executeTurn, type ExecutedTurn, type TurnContext } from './turn.js';
import { toolAnswersOf } from './tool-answers.js';
import { saveTurnAudio, type AudioFolders } from './audio-files.js';
import { ToolFakeResponder, unusedFakeMessage } from './tool-fakes.js';
import { RunnerError, toErrorInfo } from './errors.js';
import { backoffDelay, sleep } from './backoff.js';
import type { SessionsPort } from './session-port.js';
import type { AimdThrottle } from './throttle.js';
import type { Redactor } from '../../model/redact.js';
import { simulationDriver, type SimulationSetup } from './simulation/index.js';
import { OverlappedTurnFinisher, TurnFinishError } from './overlap.js';
import type { SimulationDriver } from './simulation/driver.js';
import { conversationInputsHash } from './inputs-hash.js';
import { baseResult, sessionEndedEarly } from './conversation-result.js';

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
  customMatchers: ReadonlyMap<string, CustomMatcherModule | UnloadedCustomMatcher>;
  /** Session config for the first request (history), resolved by the suite. */
  historyFor(spec: ConversationSpec): Partial<RunOptions>;
  /** Told of each turn's end, in turn order. */
  observer?: RunObserver | undefined;
  /** Where audio turns' WAV files go (the report directory); audio is not saved without it. */
  artifactsDir?: string | undefined;
  /** The run's audio folders, one per conversation run (audio-files.ts). */
  audioFolders: AudioFolders;
  /** Masks secrets in audio folder names. */
  redactor?: Redactor | undefined;
  random?: () => number;
  /** The user model and judge for `simulation:` conversations. */
  simulation?: SimulationSetup | undefined;
  /** The LLM judge of `judge` expectations (run/judge-check.ts); absent when the run has none. */
  judge?: DeferredCheck | undefined;
}

interface AttemptOutcome {
  turns: TurnRecord[];
  results: TurnResult[];
  assertions: AssertionResult[];
  warnings: ConversationWarning[];
  error?: ErrorInfo;
  simulation?: ConversationResult['simulation'];
}

export async function runConversation(plan: ConversationPlan, deps: ConversationDeps): Promise<ConversationResult> {
  const started = Date.now();
  const result = baseResult(plan, started);
  for (let attempt = 1; attempt <= deps.retries + 1; attempt++) {
    const sessionId = deps.sessions.createSessionId({
      id: plan.id,
      inputsHash: conversationInputsHash(plan.spec),
      turns: plan.spec.turns,
    });
    const t0 = Date.now();
    const outcome = await runAttempt(plan, sessionId, deps);
    // A hard abort during the attempt cut it short, whatever it left: a cancelled call is its error,
    // a custom matcher or judge call stopped is an assertion `error`. Either way it is `interrupted`
    // (its evidence kept), not an `error` of the agent's.
    if (deps.signal.aborted) outcome.error ??= toErrorInfo(interruptedError());
    const provisional = outcome.error && deps.signal.aborted ? 'interrupted' : 'passed';
    // The evidence as a literal, not `{ ...outcome, status }`: see baseResult.
    const { turns, assertions, error } = outcome;
    const status = conversationVerdict({ status: provisional, turns, assertions, error });
    const record: Attempt = {
      attempt,
      sessionId,
      status,
      durationMs: Date.now() - t0,
      ...(outcome.error ? { error: outcome.error } : {}),
    };
    result.attempts.push(record);
    Object.assign(result, { sessionId, turns: outcome.turns, assertions: outcome.assertions, status });
    if (outcome.warnings.length) result.warnings = outcome.warnings;
    else delete result.warnings;
    if (outcome.simulation) result.simulation = outcome.simulation;
    if (outcome.error) result.error = outcome.error;
    else delete result.error;
    // An attempt in which an assertion already failed is not retried, even when a later turn then
    // hit a transient error: a fresh attempt could pass and hide the failure (flaky must show).
    const retry =
      outcome.error?.transient &&
      status === 'error' &&
      !assertionStatuses(outcome).has('failed') &&
      attempt <= deps.retries &&
      !deps.signal.aborted;
    if (!retry) break;
    record.retryDelayMs = Math.round(
      backoffDelay(attempt, undefined, { baseMs: 250, maxMs: 8000, random: deps.random }),
    );
    // Observers counted this attempt's turns: they are told it is discarded (an observer that fails ends it).
    const discarded = await attemptDiscarded(plan.id, record, deps.observer);
    if (discarded) {
      Object.assign(result, { status: 'error', error: discarded });
      break;
    }
    try {
      await sleep(record.retryDelayMs, deps.signal);
    } catch {
      result.status = 'interrupted';
      break;
    }
  }
  // No attempt ran (retries below 0 or not a number, from a caller that skipped the settings'
  // checks): no evidence is no verdict, so never `passed`.
  if (result.attempts.length === 0) {
    result.status = 'error';
    result.error = { code: 'NO_ATTEMPT', message: `no attempt was made (retries ${deps.retries}; it must be >= 0)` };
  }
  result.durationMs = Date.now() - started;
  return result;
}

async function runAttempt(plan: ConversationPlan, sessionId: string, deps: ConversationDeps): Promise<AttemptOutcome> {
  const { spec } = plan;
  const out: AttemptOutcome = { turns: [], results: [], assertions: [], warnings: [] };
  const ctx = turnContext(spec, sessionId, deps);
  let ended = false;
  // A simulation yields its turns one by one, each after the previous one's result is known.
  const simulated: SimulationDriver | undefined = spec.simulation
    ? simulationDriver(spec, deps.simulation, { results: out.results, ended: () => ended, signal: deps.signal })
    : undefined;
  if (simulated) out.simulation = simulated.trace;
  const finisher = new OverlappedTurnFinisher();
  const simulatedTurns = simulated?.turns();
  // Client calls the last turn left for this one, a `toolResponses` turn, to answer (tool-answers.ts).
  let leftPending: readonly ToolCall[] = [];
  try {
    const sessionStart = { ...deps.historyFor(spec), ...(spec.entryAgent ? { entryAgent: spec.entryAgent } : {}) };
    // Scripted turns are read by index, not with `for await` over the array: that cost a promise and
    // iterator results per turn (bench/runner-overhead). Only a simulated user's turns are awaited.
    for (let index = 0; ; index++) {
      const turn = simulatedTurns ? await nextTurn(simulatedTurns) : spec.turns[index];
      if (turn === undefined) break;
      if (ended) {
        // Behaviour, not infrastructure: the agent hung up while the spec had more to say.
        if (!simulated) out.assertions.push(sessionEndedEarly(out.turns[index - 1]!, spec.turns.length - index));
        break;
      }
      const record: TurnRecord = { index, inputs: [], assertions: [] };
      if (turn.loc) record.loc = turn.loc;
      if (turn.label) record.label = turn.label;
      out.turns.push(record);
      // History and entry agent seed the session: its first request carries them, then the session does.
      ctx.sessionStart = index === 0 ? sessionStart : undefined;
      ctx.timeoutMs = turn.timeoutMs ?? spec.timeoutMs ?? deps.timeoutMs;
      // A simulated user's turns are text: only a scripted next turn answers tool calls by hand.
      ctx.nextAnswers = simulated ? undefined : toolAnswersOf(spec.turns[index + 1]);
      const ready = prepareTurn(turn, deps.cwd, leftPending);
      const prepared = ready instanceof Promise ? await ready : ready; // only file inputs are read
      record.inputs = prepared.inputs;
      const executing = executeTurn(sendOptions(spec, prepared, index === 0), prepared.inputs, ctx);
      await finisher.whileInFlight(executing);
      const executed = await executing;
      ended = executed.sessionEnded;
      leftPending = executed.leftPending ?? [];
      const at = { plan, out, deps, timeoutMs: ctx.timeoutMs };
      finisher.defer(index, () => evaluateTurn(executed, record, turn.expect, at));
      // Nothing to overlap with: the simulated user needs this reply, the session is over, audio is saved now.
      if (simulated || ended || executed.audio) await finisher.flush();
    }
    await finisher.flush();
    out.assertions.push(
      ...(await runAssertions(spec.expect, {
        scope: 'conversation',
        turns: out.results,
        customMatchers: deps.customMatchers,
        match: spec.match,
        exactScalars: exactScalars(spec),
        timeoutMs: spec.timeoutMs ?? deps.timeoutMs,
        judge: deps.judge,
      })),
    );
    const stopped = simulated?.stopAssertion();
    if (stopped) out.assertions.push(stopped);
    reportUnusedFakes(ctx.responder.unused(), spec, out);
  } catch (err) {
    // The turns that got their reply keep their results and assertions, whatever failed after them; if
    // finishing the held turn fails too, that earlier failure is the one reported, naming its turn.
    const failure = await finisher.flush().then(
      () => err,
      (finishErr: unknown) => finishErr,
    );
    // (A simulated user failing between turns is no turn's error.)
    const between = simulated !== undefined && out.turns.at(-1)?.result !== undefined;
    const lastTurn = out.turns.length && !between ? out.turns.length - 1 : undefined;
    const turnIndex = failure instanceof TurnFinishError ? failure.turn : lastTurn;
    const cause = failure instanceof TurnFinishError ? failure.cause : failure;
    out.error = toErrorInfo(deps.signal.aborted ? interruptedError() : cause, turnIndex);
    simulated?.failed(out.error.message);
    const last = out.turns.at(-1);
    if (last && !last.result) last.error = out.error;
  } finally {
    await simulatedTurns?.return(undefined); // as `for await` would on leaving the loop early
  }
  return out;
}

/** Tells observers an attempt's turns are discarded; their failure, if they fail. */
async function attemptDiscarded(
  id: string,
  attempt: Attempt,
  observer: RunObserver | undefined,
): Promise<ErrorInfo | undefined> {
  try {
    await observer?.onAttemptDiscarded?.(id, attempt);
    return undefined;
  } catch (err) {
    return toErrorInfo(err);
  }
}

/** A simulated user's next turn, or undefined once it has stopped. */
async function nextTurn(turns: AsyncGenerator<TurnSpec>): Promise<TurnSpec | undefined> {
  const next = await turns.next();
  return next.done ? undefined : next.value;
}

/**
 * A tool fake that answered no call never took part: a warning, and under `match: strict` a failed
 * expectation (a configured check must not silently not run). Only for attempts that finished; by
 * `rescore` too, with the fakes its recording left unused (tool-fakes.ts `unusedFakesOf`).
 */
export function reportUnusedFakes(
  unused: readonly ToolFakeSpec[],
  spec: ConversationSpec,
  out: { assertions: AssertionResult[]; warnings: ConversationWarning[] },
): void {
  for (const fake of unused) {
    const message = unusedFakeMessage(fake);
    const loc = fake.loc ? { loc: fake.loc } : {};
    if (spec.match === 'strict')
      out.assertions.push({ matcher: 'toolFakes', negated: false, status: 'failed', message, ...loc });
    else out.warnings.push({ code: 'UNUSED_TOOL_FAKE', message, ...loc });
  }
}

/** Type-exact scalars for native specs under `match: strict`; cxas-scrapi files keep their leniency. */
export function exactScalars(spec: ConversationSpec): boolean {
  return spec.match === 'strict' && spec.format === 'native';
}

/** One context for an attempt's turns: each turn then sets its own config and timeout. */
function turnContext(spec: ConversationSpec, sessionId: string, deps: ConversationDeps): TurnContext {
  const config: Partial<RunOptions> = {
    ...(spec.deploymentId ? { deploymentId: spec.deploymentId } : {}),
    ...(spec.useToolFakes !== undefined ? { useToolFakes: spec.useToolFakes } : {}),
    ...(spec.timeZone ? { timeZone: spec.timeZone } : {}),
  };
  return {
    sessions: deps.sessions,
    sessionId,
    config,
    responder: new ToolFakeResponder(spec.toolFakes),
    signal: deps.signal,
    timeoutMs: deps.timeoutMs,
    permits: deps.throttle,
    onQuotaError: (d) => deps.throttle.onQuotaError(d),
    onSuccess: () => deps.throttle.onSuccess(),
  };
}

function sendOptions(spec: ConversationSpec, prepared: PreparedTurn, first: boolean): TurnSendOptions {
  const send = prepared.send;
  if (spec.modality === 'audio' || prepared.needsAudio) Object.assign(send, audioModality(spec));
  if (first && spec.variables) send.variables = { ...spec.variables, ...(prepared.send.variables ?? {}) };
  return send;
}

/**
 * A turn's result (audio saved), its assertions, then the observer. Run by OverlappedTurnFinisher,
 * usually while the next turn's request is in flight. Assertions are plainly async.
 */
async function evaluateTurn(
  executed: ExecutedTurn,
  record: TurnRecord,
  expect: TurnSpec['expect'],
  at: { plan: ConversationPlan; out: AttemptOutcome; deps: ConversationDeps; timeoutMs: number },
): Promise<void> {
  const { plan, out, deps } = at;
  const turnResult = executed.result();
  if (executed.audio && deps.artifactsDir) {
    // Named as results.json stores the conversation (masked), so a folder never spells a secret.
    const owner = {
      id: deps.redactor?.conversationId(plan.id) ?? plan.id,
      name: deps.redactor?.text(plan.spec.name) ?? plan.spec.name,
      runIndex: plan.runIndex,
    };
    const folder = deps.audioFolders.claim(owner);
    turnResult.audio = await saveTurnAudio(executed.audio, deps.artifactsDir, folder, record.index);
  }
  record.result = turnResult;
  out.results.push(turnResult);
  record.assertions = await runAssertions(expect, {
    scope: 'turn',
    turnIndex: record.index,
    turn: turnResult,
    turns: out.results,
    customMatchers: deps.customMatchers,
    match: plan.spec.match,
    exactScalars: exactScalars(plan.spec),
    timeoutMs: at.timeoutMs,
    judge: deps.judge,
  });
  // Reported once every verdict is in, the judge's too: observers never see a result change.
  await deps.observer?.onTurnEnd?.(plan.id, record);
}

/** Audio conversations (and speech turns in text ones) go over BidiRunSession. */
function audioModality(spec: ConversationSpec): Partial<RunOptions> {
  return { modality: 'audio', ...(spec.pacing ? { pacing: spec.pacing } : {}) };
}

function interruptedError(): RunnerError {
  return new RunnerError('INTERRUPTED', 'the run was interrupted (Ctrl-C) while this conversation was running');
}
