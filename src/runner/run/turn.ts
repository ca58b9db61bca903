// Sends one spec turn in an open session and returns the normalized TurnResult: the first
// request, then one round per batch of client-side tool calls answered from toolFakes.
import { normalizeAudioTurn, normalizeTurn, sessionEndOf } from '../../client/index.js';
import type { AudioRunResult, RunOptions, RunSessionResponse, SessionOutput } from '../../client/index.js';
import type { ToolCall, TurnInput, TurnLatency, TurnResult } from '../../model/turn.js';
import type { ToolFakeResponder } from './tool-fakes.js';
import type { SessionsPort } from './session-port.js';
import type { TurnSendOptions } from './inputs.js';
import { isQuotaRejection, retryDelayOf, RunnerError } from './errors.js';
import { backoffDelay, sleep } from './backoff.js';

export interface TurnContext {
  sessions: SessionsPort;
  sessionId: string;
  /** Session config sent with every request of the turn (deployment, tool fakes, ...). */
  config: Partial<RunOptions>;
  responder: ToolFakeResponder;
  signal: AbortSignal;
  timeoutMs: number;
  onQuotaError(delayMs: number): void;
  onSuccess(): void;
  maxToolRounds?: number;
  maxQuotaWaits?: number;
}

export interface ExecutedTurn {
  /**
   * The normalized TurnResult. A text turn is normalized on the first call, so the runner can
   * send the next turn before it spends time on this one's result and assertions.
   */
  result(): TurnResult;
  /** The agent ended the session in this turn (known without normalizing). */
  sessionEnded: boolean;
  /** Raw audio of an audio-modality turn (all rounds), for the runner to save as WAV. */
  audio?: AudioRunResult;
}

export async function executeTurn(send: TurnSendOptions, inputs: TurnInput[], ctx: TurnContext): Promise<ExecutedTurn> {
  const outputs: SessionOutput[] = [];
  const audioParts: AudioRunResult[] = [];
  let latencyMs = 0;
  let firstOutputMs: number | undefined;
  let request: TurnSendOptions = send;
  for (let round = 0; ; round++) {
    const opts: RunOptions = { ...ctx.config, ...request, sessionId: ctx.sessionId, signal: ctx.signal, timeoutMs: ctx.timeoutMs };
    let res: RunSessionResponse;
    try {
      const sent = performance.now();
      res = await ctx.sessions.run(opts);
      assertWithinTimeout(sent, ctx.timeoutMs);
    } catch (err) {
      res = await waitOutQuota(err, opts, ctx);
    }
    ctx.onSuccess();
    for (const o of res.outputs) outputs.push(o);
    if (res.audio) audioParts.push(res.audio);
    for (const call of res.calls) {
      firstOutputMs ??= call.firstOutputMs === undefined ? undefined : latencyMs + call.firstOutputMs;
      latencyMs += call.latencyMs;
    }
    // Client tool calls come only in `toolCalls` outputs: without one the turn is complete.
    if (!res.outputs.some(asksClientTools)) break;
    const roundResult = normalizeTurn(res.outputs, { inputs, latency: { totalMs: 0 } });
    const pending = unansweredClientCalls(roundResult);
    if (pending.length === 0 || roundResult.sessionEnded) break;
    if (round >= (ctx.maxToolRounds ?? 8)) {
      throw new RunnerError('TOOL_LOOP', `the agent asked for client tools ${ctx.maxToolRounds ?? 8} times in one turn; stopping (last: ${pending.map((c) => c.name).join(', ')})`);
    }
    const toolResponses = pending.map((c) => ctx.responder.answer(c));
    inputs = [...inputs, { kind: 'toolResponses', responses: toolResponses.map((r) => ({ id: r.id, name: shortName(r.tool), response: r.response })) }];
    request = { toolResponses, ...(send.modality ? { modality: send.modality } : {}), ...(send.pacing ? { pacing: send.pacing } : {}) };
  }
  const latency: TurnLatency = { totalMs: Math.round(latencyMs) };
  if (firstOutputMs !== undefined) latency.firstOutputMs = Math.round(firstOutputMs);
  const audio = mergeAudio(audioParts);
  if (audio) {
    const normalized = normalizeAudioTurn({ outputs, calls: [], audio });
    const result = { ...normalized, inputs, latency: { ...latency, ...(audio.firstAudioMs !== undefined ? { firstAudioMs: audio.firstAudioMs } : {}) } };
    return { result: () => result, sessionEnded: result.sessionEnded, audio };
  }
  const turnInputs = inputs;
  let result: TurnResult | undefined;
  return {
    // Spans give the server-side time (latency.serverMs); the client-side times are the turn's own.
    result: () => (result ??= normalizeTurn(outputs, { inputs: turnInputs, latency })),
    sessionEnded: sessionEndOf(outputs) !== undefined,
  };
}

function asksClientTools(o: SessionOutput): boolean {
  return (o.toolCalls?.toolCalls?.length ?? 0) > 0;
}

/** One turn may take several bidi calls (client tool rounds): their audio is one conversation turn. */
function mergeAudio(parts: AudioRunResult[]): AudioRunResult | undefined {
  const [first] = parts;
  if (!first) return undefined;
  return {
    ...first,
    agent: Buffer.concat(parts.map((p) => p.agent)),
    user: Buffer.concat(parts.map((p) => p.user)),
    bargeIns: parts.reduce((n, p) => n + p.bargeIns, 0),
    ...(parts.find((p) => p.recognizedTranscript !== undefined) ? { recognizedTranscript: parts.find((p) => p.recognizedTranscript !== undefined)!.recognizedTranscript! } : {}),
  };
}

/**
 * Waits for quota stay short: the server says when to come back, and a conversation asleep for
 * seconds leaves quota unused (the throttle, not long sleeps, is what lowers the load).
 */
const QUOTA_BACKOFF = { baseMs: 100, maxMs: 1000 };

/**
 * After a failed call: RESOURCE_EXHAUSTED is a rejection before the turn was applied, so the
 * request is re-sent after a short wait; any other error is thrown as it is.
 */
async function waitOutQuota(first: unknown, opts: RunOptions, ctx: TurnContext): Promise<RunSessionResponse> {
  // Short waits (at most 1 s each), so allow many: about a minute in all before the turn fails.
  const maxWaits = ctx.maxQuotaWaits ?? 60;
  let err = first;
  for (let wait = 1; ; wait++) {
    if (!isQuotaRejection(err) || wait > maxWaits || ctx.signal.aborted) throw err;
    const serverDelay = retryDelayOf(err);
    ctx.onQuotaError(serverDelay ?? 0);
    await sleep(backoffDelay(wait, serverDelay, QUOTA_BACKOFF), ctx.signal);
    try {
      return await ctx.sessions.run(opts);
    } catch (next) {
      err = next;
    }
  }
}

function unansweredClientCalls(round: TurnResult): ToolCall[] {
  const answered = new Set(round.toolResponses.map((r) => r.id));
  return round.toolCalls.filter((c) => c.origin === 'client' && !answered.has(c.id));
}

function shortName(tool: string): string {
  return tool.slice(tool.lastIndexOf('/') + 1);
}

/** Slack for timer jitter: a reply this much past the timeout was not in time. */
const TIMEOUT_SLACK_MS = 100;

/**
 * A reply that arrives after the turn's timeout is a timeout, even when it won the race with the
 * deadline timer (an in-process app that blocked the event loop delays both).
 */
function assertWithinTimeout(sentAt: number, timeoutMs: number): void {
  const took = performance.now() - sentAt;
  if (took > timeoutMs + TIMEOUT_SLACK_MS) {
    throw new RunnerError('DEADLINE_EXCEEDED', `the reply came after ${Math.round(took)} ms, past the turn's ${timeoutMs} ms timeout`, true);
  }
}
