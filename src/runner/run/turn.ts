// Sends one spec turn in an open session and returns the normalized TurnResult: the first
// request, then one round per batch of client-side tool calls answered from toolFakes.
import type { RunOptions, RunSessionResponse, SessionOutput } from '../../client/sessions.js';
import { normalizeTurn } from '../../client/normalize.js';
import type { ToolCall, TurnInput, TurnResult } from '../../model/turn.js';
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

export async function executeTurn(send: TurnSendOptions, inputs: TurnInput[], ctx: TurnContext): Promise<TurnResult> {
  const outputs: SessionOutput[] = [];
  let latencyMs = 0;
  let firstOutputMs: number | undefined;
  let request: TurnSendOptions = send;
  for (let round = 0; ; round++) {
    const res = await callWithQuotaWaits({ ...ctx.config, ...request }, ctx);
    outputs.push(...res.outputs);
    for (const call of res.calls) {
      firstOutputMs ??= call.firstOutputMs === undefined ? undefined : latencyMs + call.firstOutputMs;
      latencyMs += call.latencyMs;
    }
    const roundResult = normalizeTurn(res.outputs, { inputs: [], latency: { totalMs: 0 } });
    const pending = unansweredClientCalls(roundResult);
    if (pending.length === 0 || roundResult.sessionEnded) break;
    if (round >= (ctx.maxToolRounds ?? 8)) {
      throw new RunnerError('TOOL_LOOP', `the agent asked for client tools ${ctx.maxToolRounds ?? 8} times in one turn; stopping (last: ${pending.map((c) => c.name).join(', ')})`);
    }
    const toolResponses = pending.map((c) => ctx.responder.answer(c));
    inputs = [...inputs, { kind: 'toolResponses', responses: toolResponses.map((r) => ({ id: r.id, name: shortName(r.tool), response: r.response })) }];
    request = { toolResponses };
  }
  const latency = { totalMs: Math.round(latencyMs), ...(firstOutputMs !== undefined ? { firstOutputMs: Math.round(firstOutputMs) } : {}) };
  return normalizeTurn(outputs, { inputs, latency });
}

/** RESOURCE_EXHAUSTED is a rejection before the turn was applied, so re-sending it is safe. */
async function callWithQuotaWaits(opts: TurnSendOptions, ctx: TurnContext): Promise<RunSessionResponse> {
  const maxWaits = ctx.maxQuotaWaits ?? 12;
  for (let wait = 1; ; wait++) {
    try {
      const res = await ctx.sessions.run({ ...opts, sessionId: ctx.sessionId, signal: ctx.signal, timeoutMs: ctx.timeoutMs });
      ctx.onSuccess();
      return res;
    } catch (err) {
      if (!isQuotaRejection(err) || wait > maxWaits || ctx.signal.aborted) throw err;
      const serverDelay = retryDelayOf(err);
      ctx.onQuotaError(serverDelay ?? 0);
      await sleep(backoffDelay(wait, serverDelay), ctx.signal);
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
