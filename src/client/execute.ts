// Sends the planned RunSession calls of one run(), in order, on the same session: unary or
// server streaming. timeoutMs bounds the whole run() (one deadline, set before the history fetch),
// so later calls get what is left.
import type { TurnInput } from '../model/turn.js';
import type { RunSessionRequestWire, SessionOutput } from './types.js';
import type { CallOptions, GrpcTransport } from './transport.js';
import { CesError, CesInputError } from './errors.js';
import { fromWire } from './wire.js';
import { MAX_TIMEOUT_MS } from '../model/timeout.js';

export interface CallRecord {
  inputs: TurnInput[];
  /** Whole milliseconds (measured once, rounded at the source). */
  latencyMs: number;
  firstOutputMs?: number;
  outputCount: number;
  /** Audio modality (one record per bidi turn): the last cumulative recognitionResult of the turn. */
  recognizedTranscript?: string;
  /** Audio modality: from the end of the user's input to the first agent audio (whole ms, as latencyMs). */
  firstAudioMs?: number;
  /** Audio modality: interruptionSignals with bargeIn during the turn. */
  bargeIns?: number;
  /**
   * Audio modality: the wait for the agent that timeoutMs bounds, from the end of sending the
   * turn's input (its silence included) to turnCompleted (0 when it completed while sending).
   * latencyMs also counts the user's own speaking time.
   */
  waitMs?: number;
}
export interface PlannedRequest {
  request: RunSessionRequestWire;
  summary: TurnInput[];
}

/** The end of a run() that `timeoutMs` bounds, on performance.now()'s clock; undefined: unbounded. */
export function runDeadline(timeoutMs: number | undefined): number | undefined {
  if (timeoutMs === undefined) return undefined;
  if (!(timeoutMs > 0 && timeoutMs <= MAX_TIMEOUT_MS))
    throw new CesInputError(`timeoutMs must be a positive number of ms up to ${MAX_TIMEOUT_MS}, got ${timeoutMs}`);
  return performance.now() + timeoutMs;
}

/**
 * `deadline` (from runDeadline) is shared by every call of the run(), the history fetch included,
 * so each gets what is left of it.
 */
export async function executeCalls(
  transport: GrpcTransport,
  requests: PlannedRequest[],
  opts: { signal?: AbortSignal; deadline?: number | undefined; stream?: boolean },
  onOutput?: (o: SessionOutput) => void,
): Promise<{ outputs: SessionOutput[]; calls: CallRecord[] }> {
  const { deadline } = opts;
  const outputs: SessionOutput[] = [];
  const calls: CallRecord[] = [];
  const send: SendCall = opts.stream ? streamCall : unaryCall;
  const emit = (o: SessionOutput): void => {
    outputs.push(o);
    onOutput?.(o);
  };
  for (const { request, summary } of requests) {
    const call = withinDeadline(opts.signal, deadline, `RunSession ${request.config.session}`);
    calls.push({ inputs: summary, ...(await send(transport, request, call, emit)) });
  }
  return { outputs, calls };
}

/**
 * One request's options: the caller's signal and what is left of the deadline its whole call
 * shares (a run(), a listing), DEADLINE_EXCEEDED when nothing is.
 */
export function withinDeadline(
  signal: AbortSignal | undefined,
  deadline: number | undefined,
  what: string,
): CallOptions {
  const call: CallOptions = {};
  if (signal) call.signal = signal;
  if (deadline === undefined) return call;
  const left = deadline - performance.now();
  if (left <= 0)
    throw new CesError(
      'DEADLINE_EXCEEDED',
      `${what}: timeoutMs ran out before this request (one deadline bounds the whole call)`,
    );
  call.timeoutMs = left;
  return call;
}

function decodeOutputs(transport: GrpcTransport, msg: unknown): SessionOutput[] {
  const res = fromWire(transport.protos.lookupType('RunSessionResponse'), msg) as { outputs?: SessionOutput[] };
  return res.outputs ?? [];
}

/** One RunSession call, unary or server streaming: every output goes to `emit` as it is decoded. */
type SendCall = (
  transport: GrpcTransport,
  request: RunSessionRequestWire,
  call: CallOptions,
  emit: (o: SessionOutput) => void,
) => Promise<Omit<CallRecord, 'inputs'>>;

const unaryCall: SendCall = async (transport, request, call, emit) => {
  const started = performance.now();
  const msg = await transport.unary('session', target('runSession', request), request, call);
  const latencyMs = Math.round(performance.now() - started);
  const outputs = decodeOutputs(transport, msg);
  outputs.forEach(emit);
  return { latencyMs, outputCount: outputs.length };
};

const streamCall: SendCall = async (transport, request, call, emit) => {
  const started = performance.now();
  let firstOutputMs: number | undefined;
  let outputCount = 0;
  await transport.serverStream(target('streamRunSession', request), request, call, (msg) => {
    const outputs = decodeOutputs(transport, msg);
    if (outputs.length > 0) firstOutputMs ??= Math.round(performance.now() - started);
    outputCount += outputs.length;
    outputs.forEach(emit);
  });
  const latencyMs = Math.round(performance.now() - started);
  return { latencyMs, outputCount, ...(firstOutputMs !== undefined ? { firstOutputMs } : {}) };
};

function target(
  method: string,
  request: RunSessionRequestWire,
): { method: string; resource: string; routingKey: string } {
  return { method, resource: request.config.session, routingKey: 'config.session' };
}
