// BidiRunSession over the WebSocket bridge, for Sessions: URL, token, canonical frames, the
// run loop, and the RunSessionResponse (with its `audio` part) it returns.
import { checkAudioConfig, type AudioConfig } from '../../audio/index.js';
import type { JsonObject } from '../../model/json.js';
import type { AuthProvider } from '../auth.js';
import type { CesProtos } from '../proto/load.js';
import { fromProto3Json, toProto3Json } from '../proto/json.js';
import { CesInputError } from '../errors.js';
import { fromWire, toWire } from '../wire.js';
import type { CallRecord } from '../execute.js';
import { turnLatency } from '../latency.js';
import type { SessionOutput } from '../types.js';
import { runBidi, type BidiRunContext } from './run.js';
import type { Pacing } from './sender.js';
import type { BidiStep } from './steps.js';
import type { ServerMessage, TurnRecord } from './tracker.js';

const DEFAULT_WEBSOCKET_ENDPOINT = 'wss://ces.googleapis.com';
/** What an insecure (emulator) connection sends when no credentials were given. */
const EMULATOR_TOKEN = 'emulator';

export interface AudioRunResult {
  /** Agent audio bytes as received, in the output encoding. */
  agent: Buffer;
  outputConfig: AudioConfig;
  /** PCM16 of the user's audio as sent (decoded from the wire encoding), without the silence padding. */
  user: Buffer;
  userSampleRateHertz: number;
  recognizedTranscript?: string;
  firstAudioMs?: number;
  bargeIns: number;
}

export interface BidiRunResponse {
  outputs: SessionOutput[];
  calls: CallRecord[];
  audio?: AudioRunResult;
}

export interface BidiDeps {
  appName: string;
  protos: CesProtos;
  websocketEndpoint?: string;
  insecure: boolean;
  auth?: AuthProvider;
}

export interface BidiSettings {
  pacing: Pacing;
  silenceMs: number;
  waitForPlayback: boolean;
  maxReconnects: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

function bidiUrl(deps: BidiDeps, session: string): string {
  if (deps.websocketEndpoint === undefined && deps.insecure) {
    throw new CesInputError(
      "audio modality with an insecure endpoint needs websocketEndpoint (e.g. the emulator's ws://127.0.0.1:PORT)",
    );
  }
  const base = (deps.websocketEndpoint ?? DEFAULT_WEBSOCKET_ENDPOINT).replace(/\/+$/, '');
  const location = /^projects\/[^/]+\/locations\/([^/]+)\//.exec(session)?.[1];
  if (!location) throw new CesInputError(`config.session "${session}" has no location`);
  const method = `${deps.protos.packageName}.SessionService/BidiRunSession`;
  return `${base}/ws/${method}/locations/${encodeURIComponent(location)}`;
}

/** `config` is a plain SessionConfig (camelCase, Structs as JSON) with `session` set. */
export async function bidiRun(
  deps: BidiDeps,
  config: Record<string, unknown>,
  steps: BidiStep[],
  settings: BidiSettings,
): Promise<BidiRunResponse> {
  const { protos } = deps;
  const wireConfig = toWire(protos.lookupType('SessionConfig'), config, 'config');
  const session = typeof wireConfig['session'] === 'string' ? wireConfig['session'] : '';
  if (!session) throw new CesInputError('config.session is required');
  if (!(settings.timeoutMs > 0))
    throw new CesInputError(`timeoutMs must be a positive number, got ${settings.timeoutMs}`);
  const input = audioConfig(config['inputAudioConfig'], 'config.inputAudioConfig');
  const output = audioConfig(config['outputAudioConfig'], 'config.outputAudioConfig');
  if (!input && steps.some((s) => s.kind === 'utterance'))
    throw new CesInputError('audio inputs need config.inputAudioConfig');
  const ClientMessage = protos.lookupType('BidiSessionClientMessage');
  const ServerMessage = protos.lookupType('BidiSessionServerMessage');
  const SessionInput = protos.lookupType('SessionInput');
  const { historicalContexts: _history, ...withoutHistory } = wireConfig;
  const ctx: BidiRunContext = {
    ...settings,
    url: bidiUrl(deps, session),
    resource: session,
    appName: deps.appName,
    credentialSource: deps.auth?.source ?? `none (insecure: "Bearer ${EMULATOR_TOKEN}")`,
    redact: deps.auth?.redact ?? ((t) => t),
    getToken: () => (deps.auth ? deps.auth.getToken() : Promise.resolve(EMULATOR_TOKEN)),
    encodeConfig: (first) => toProto3Json(ClientMessage, { config: first ? wireConfig : withoutHistory }) as JsonObject,
    encodeInput: (i) =>
      toProto3Json(ClientMessage, { realtimeInput: toWire(SessionInput, i, 'realtimeInput') }) as JsonObject,
    decode: (frame) =>
      fromWire(ServerMessage, fromProto3Json(ServerMessage, frame, { ignoreUnknown: true })) as ServerMessage,
    ...(input ? { input } : {}),
    ...(output ? { output } : {}),
  };
  const { tracker, records } = await runBidi(ctx, steps);
  const res: BidiRunResponse = { outputs: tracker.outputs, calls: records.map(toCallRecord) };
  if (input || output) res.audio = audioResult(records, steps, tracker.agentAudio, input, output);
  return res;
}

function audioConfig(value: unknown, where: string): AudioConfig | undefined {
  if (value === undefined) return undefined;
  try {
    return checkAudioConfig(value as AudioConfig);
  } catch (err) {
    throw new CesInputError(`${where}: ${(err as Error).message}`);
  }
}

function toCallRecord(r: TurnRecord): CallRecord {
  const sent = r.inputSentAt ?? r.startedAt;
  const end = r.completedAt ?? performance.now();
  return {
    inputs: r.inputs,
    latencyMs: Math.round(end - r.startedAt),
    waitMs: Math.round(Math.max(0, end - (r.sendEndedAt ?? r.startedAt))),
    outputCount: r.outputCount,
    ...(r.firstOutputAt !== undefined ? { firstOutputMs: Math.round(r.firstOutputAt - sent) } : {}),
    ...(r.firstAudioAt !== undefined ? { firstAudioMs: Math.round(r.firstAudioAt - sent) } : {}),
    ...(r.recognizedTranscript !== undefined ? { recognizedTranscript: r.recognizedTranscript } : {}),
    bargeIns: r.bargeIns,
  };
}

function audioResult(
  records: TurnRecord[],
  steps: BidiStep[],
  agent: Buffer[],
  input?: AudioConfig,
  output?: AudioConfig,
): AudioRunResult {
  const calls = records.map(toCallRecord);
  const transcript = calls
    .map((c) => c.recognizedTranscript)
    .filter((t): t is string => t !== undefined)
    .at(-1);
  // From the run's start, like the first output, whichever turn of the run brought it.
  const { firstAudioMs } = turnLatency(calls);
  return {
    agent: Buffer.concat(agent),
    outputConfig: (output ?? input)!,
    user: Buffer.concat(steps.flatMap((s) => (s.kind === 'utterance' ? [s.user] : []))),
    userSampleRateHertz: (input ?? output)!.sampleRateHertz,
    ...(transcript !== undefined ? { recognizedTranscript: transcript } : {}),
    ...(firstAudioMs !== undefined ? { firstAudioMs } : {}),
    bargeIns: calls.reduce((n, c) => n + (c.bargeIns ?? 0), 0),
  };
}
