// Sends one spec turn in an open session: the first request, then one round per batch of
// client-side tool calls answered from toolFakes. The client's TurnInProgress reads each round
// (pending client calls, end of session) and builds the TurnResult; no wire shape is read here.
import { TurnInProgress, type AudioRunResult, type RunOptions, type RunSessionResponse } from '../../client/index.js';
import type { ToolCall, TurnInput, TurnResult } from '../../model/turn.js';
import { UnmatchedToolCallError, type ToolFakeResponder } from './tool-fakes.js';
import { pairAnswers, type ToolAnswerSpec } from './tool-answers.js';
import type { SessionsPort } from './session-port.js';
import type { TurnSendOptions } from './inputs.js';
import { isQuotaRejection, retryDelayOf, RunnerError } from './errors.js';
import { backoffDelay } from './backoff.js';
import type { AimdThrottle } from './throttle.js';

/** The turn permits of the run's throttle: a turn holds one from its first request to its reply. */
type TurnPermits = Pick<AimdThrottle, 'tryAcquire' | 'acquire' | 'release' | 'requeue' | 'inFlight'>;

export interface TurnContext {
  sessions: SessionsPort;
  sessionId: string;
  /** Session config sent with every request of the turn (deployment, tool fakes, ...). */
  config: Partial<RunOptions>;
  /**
   * Options that seed the session (history, entry agent): sent with the session's first request
   * only, so set for its first turn and unset after. Its client tool rounds go without them: the
   * session carries them by then, and a history conversation would be fetched again per round.
   */
  sessionStart?: Partial<RunOptions> | undefined;
  responder: ToolFakeResponder;
  signal: AbortSignal;
  timeoutMs: number;
  permits: TurnPermits;
  onQuotaError(delayMs: number): void;
  onSuccess(): void;
  maxToolRounds?: number;
  maxQuotaWaits?: number;
  /**
   * The next scripted turn's answers when it is a `toolResponses` turn: client calls it answers and
   * no fake does end this turn, left pending for it (tool-answers.ts).
   */
  nextAnswers?: readonly ToolAnswerSpec[] | undefined;
}

export interface ExecutedTurn {
  /** The normalized TurnResult (latency computed once, by the client). */
  result(): TurnResult;
  /** The agent ended the session in this turn. */
  sessionEnded: boolean;
  /** Raw audio of an audio-modality turn (all rounds), for the runner to save as WAV. */
  audio?: AudioRunResult;
  /** Client calls the turn left pending for the next turn's `toolResponses` to answer. */
  leftPending?: ToolCall[];
}

/**
 * Sends the turn under a permit of the throttle (throttle.ts), held from its first request to its
 * reply, client tool rounds included. Time queued for the permit is the client's own: it starts
 * neither the turn's timeout nor its latency. A free permit is taken without a promise.
 */
export async function executeTurn(send: TurnSendOptions, inputs: TurnInput[], ctx: TurnContext): Promise<ExecutedTurn> {
  if (!ctx.permits.tryAcquire()) await ctx.permits.acquire(ctx.signal);
  try {
    const turn = new TurnInProgress();
    let request: TurnSendOptions = send;
    for (let round = 0; ; round++) {
      const res = await sendRound(requestOptions(ctx, request, round === 0), ctx);
      ctx.onSuccess();
      const { pendingToolCalls, sessionEnded } = turn.add(res);
      const left = sessionEnded ? undefined : leftForNextTurn(pendingToolCalls, ctx);
      if (pendingToolCalls.length === 0 || sessionEnded || left) {
        const sent = inputs;
        const audio = turn.audio;
        return {
          result: () => turn.result(sent),
          sessionEnded,
          ...(audio ? { audio } : {}),
          ...(left ? { leftPending: left } : {}),
        };
      }
      if (round >= (ctx.maxToolRounds ?? 8)) {
        const last = pendingToolCalls.map((c) => c.name).join(', ');
        throw new RunnerError(
          'TOOL_LOOP',
          `the agent asked for client tools ${ctx.maxToolRounds ?? 8} times in one turn; stopping (last: ${last})`,
        );
      }
      const toolResponses = pendingToolCalls.map((c) => ctx.responder.answer(c));
      const responses = toolResponses.map((r) => ({ id: r.id, name: shortName(r.tool), response: r.response }));
      inputs = [...inputs, { kind: 'toolResponses', responses }];
      request = {
        toolResponses,
        ...(send.modality ? { modality: send.modality } : {}),
        ...(send.pacing ? { pacing: send.pacing } : {}),
      };
    }
  } finally {
    ctx.permits.release();
  }
}

/**
 * The calls to leave pending for the next turn, a `toolResponses` turn: this round's calls when no
 * fake answers them and that turn answers each. Undefined when fakes answer the whole round; a call answered
 * by neither is UNMATCHED_TOOL_CALL. A round whose calls are split between
 * fakes and that turn is refused: the agent takes a round's answers in one request.
 */
function leftForNextTurn(calls: readonly ToolCall[], ctx: TurnContext): ToolCall[] | undefined {
  if (!ctx.nextAnswers?.length || calls.length === 0) return undefined;
  const paired = new Set(pairAnswers(calls, ctx.nextAnswers));
  const byHand = calls.filter((c) => paired.has(c) && !ctx.responder.answers(c));
  const unanswered = calls.filter((c) => !paired.has(c) && !ctx.responder.answers(c));
  // Named before any fake is taken: the first call the next turn answers may come before it.
  if (unanswered.length > 0) throw new UnmatchedToolCallError(unanswered[0]!);
  if (byHand.length === 0) return undefined;
  if (byHand.length < calls.length) {
    const faked = calls.filter((c) => !byHand.includes(c)).map((c) => c.name);
    throw new RunnerError(
      'UNMATCHED_TOOL_CALL',
      `client tool calls ${calls.map((c) => c.name).join(', ')} came in one round: toolFakes answer ` +
        `${faked.join(', ')}, the next turn's toolResponses ${byHand.map((c) => c.name).join(', ')}; ` +
        'the agent takes all answers of a round in one request: give them all one way',
    );
  }
  return byHand;
}

/**
 * The request's options: session config (with what seeds the session on the turn's first round
 * only), the round's inputs, then the session, signal and timeout. Assigned, not spread: on Node 20
 * `{ ...config, ...request, sessionId, ... }` cost about 1 KB per request whenever the config was
 * not empty (docs/architecture.md "Runner performance").
 */
function requestOptions(ctx: TurnContext, request: TurnSendOptions, firstRound: boolean): RunOptions {
  const opts = Object.assign({}, ctx.config, firstRound ? ctx.sessionStart : undefined, request) as RunOptions;
  opts.sessionId = ctx.sessionId;
  opts.signal = ctx.signal;
  opts.timeoutMs = ctx.timeoutMs;
  return opts;
}

/**
 * Waits for quota stay short: the server says when to come back, and a conversation asleep for
 * seconds leaves quota unused (the throttle, not long sleeps, is what lowers the load).
 */
const QUOTA_BACKOFF = { baseMs: 100, maxMs: 1000 };

/** A server's RetryInfo is honoured up to this; a day-long delay is a server fault, not a plan. */
const MAX_SERVER_DELAY_MS = 60_000;

/**
 * After a failed call: RESOURCE_EXHAUSTED is a rejection before the turn was applied, so the
 * request is re-sent after a short wait; any other error is thrown as it is. The wait is the
 * throttle's: it pauses every turn's permits (the quota is shared), and this turn gives its permit
 * up and queues again ahead of turns not yet sent, so the turns waiting longest are sent first.
 * Waits and re-sent requests fit in the turn's timeout, counted from the first request, except
 * the client's own queueing: time queued behind other turns, and the whole wait after a rejection
 * while other turns were in flight (the client's limit was too high for the quota; the throttle
 * lowers it). A wait that would end past the timeout (the server's RetryInfo included) is not
 * waited, the turn fails at once.
 */
async function waitOutQuota(
  first: unknown,
  opts: RunOptions,
  ctx: TurnContext,
  deadline: number,
): Promise<RunSessionResponse> {
  // Short waits (at most 1 s each), so allow many: about a minute in all before the turn fails.
  const maxWaits = ctx.maxQuotaWaits ?? 60;
  let err = first;
  for (let wait = 1; ; wait++) {
    if (!isQuotaRejection(err) || ctx.signal.aborted) throw err;
    const serverDelay = Math.min(retryDelayOf(err) ?? 0, MAX_SERVER_DELAY_MS);
    ctx.onQuotaError(serverDelay);
    const delay = backoffDelay(wait, serverDelay, QUOTA_BACKOFF);
    const left = deadline - performance.now();
    if (wait > maxWaits || delay >= left) throw quotaGaveUp(err, wait - 1, ctx.timeoutMs, serverDelay);
    const crowded = ctx.permits.inFlight > 1;
    const queued = performance.now();
    await ctx.permits.requeue(delay, ctx.signal);
    const inQueue = performance.now() - queued;
    deadline += crowded ? inQueue : Math.max(0, inQueue - delay);
    try {
      const sent = performance.now();
      const timeoutMs = Math.max(1, Math.round(deadline - sent));
      const res = await ctx.sessions.run({ ...opts, timeoutMs });
      assertWithinTimeout(sent, timeoutMs, res);
      return res;
    } catch (next) {
      err = next;
    }
  }
}

function quotaGaveUp(err: unknown, waits: number, timeoutMs: number, serverDelay: number): RunnerError {
  const asked = serverDelay > 0 ? ` (the server asked to wait ${serverDelay} ms)` : '';
  const why = err instanceof Error ? err.message : String(err);
  return new RunnerError(
    'RESOURCE_EXHAUSTED',
    `quota: still rejected after ${waits} wait${waits === 1 ? '' : 's'}, and the next would end past ` +
      `the turn's ${timeoutMs} ms timeout${asked}: ${why}`,
    true,
  );
}

/**
 * One request of the turn: a quota rejection is waited out; a reply past the turn's timeout is a
 * timeout. Not an async function: the common case (a reply in time) then costs one `then`, not a
 * second async frame per turn (bench/runner-overhead).
 */
function sendRound(opts: RunOptions, ctx: TurnContext): Promise<RunSessionResponse> {
  const sent = performance.now();
  const waitOut = (err: unknown): Promise<RunSessionResponse> => waitOutQuota(err, opts, ctx, sent + ctx.timeoutMs);
  let reply: Promise<RunSessionResponse>;
  try {
    reply = ctx.sessions.run(opts);
  } catch (err) {
    return waitOut(err); // a port that throws instead of rejecting
  }
  // A reply past the timeout rejects at once: waitOutQuota would only rethrow it (it waits out quota).
  return reply.then((res) => {
    assertWithinTimeout(sent, ctx.timeoutMs, res);
    return res;
  }, waitOut);
}

function shortName(tool: string): string {
  return tool.slice(tool.lastIndexOf('/') + 1);
}

/** Slack for timer jitter: a reply this much past the timeout was not in time. */
const TIMEOUT_SLACK_MS = 100;

/**
 * A reply that arrives after the turn's timeout is a timeout, even when it won the race with the
 * deadline timer (an in-process app that blocked the event loop delays both). An audio turn's
 * timeout bounds each wait for the agent, from the end of sending its input (`waitMs`): the user's
 * own speaking time (seconds with `pacing: realtime`) is no wait, nor is the playback after the
 * reply (the client plays the agent's audio out, as long as it is, bounded by the signal only).
 */
function assertWithinTimeout(sentAt: number, timeoutMs: number, res: RunSessionResponse): void {
  const took = res.audio ? Math.max(0, ...res.calls.map((c) => c.waitMs ?? c.latencyMs)) : performance.now() - sentAt;
  if (took > timeoutMs + TIMEOUT_SLACK_MS) {
    throw new RunnerError(
      'DEADLINE_EXCEEDED',
      `the reply came after ${Math.round(took)} ms, past the turn's ${timeoutMs} ms timeout`,
      true,
    );
  }
}
