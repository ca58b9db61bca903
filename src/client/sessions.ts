// The Sessions client: the TypeScript port of cxas-scrapi's Sessions (docs/scrapi-compatibility.md
// §1), over gRPC with Google's protos. Requests are built and validated in
// full before anything is sent; every failure is a CesError (errors.ts).
import type { JsonObject } from '../model/json.js';
import type { TurnInput } from '../model/turn.js';
import type { Conversation, RunSessionRequestWire, SessionOutput } from './types.js';
import { assertKeys, assertRunOptionKeys, modalityOf, textList, type CallOptions, type RunOptions } from './options.js';
import { CES_ENDPOINT, GrpcTransport, isCesEndpoint } from './transport.js';
import { CXAS_OAUTH_TOKEN, emulatorAuth, resolveAuth, type AuthProvider } from './auth.js';
import { assertAppName, childName, newSessionId, sessionName } from './names.js';
import { buildConfig, planCalls, type ConfigContext } from './request.js';
import { resolveHistory } from './history.js';
import { getConversation, listConversations, type ListConversationsOptions } from './conversations.js';
import { listAppResources, type InventoryOptions } from './inventory.js';
import { inventoryFromResources } from '../model/app-resources.js';
import type { AppInventory } from '../model/inventory.js';
import { isLoopbackHost } from '../model/emulator-access.js';
import { endpointProblem, websocketEndpointProblem } from '../model/endpoint.js';
import { CesInputError, clientClosed } from './errors.js';
import { toWire } from './wire.js';
import { normalizeTurn } from './normalize.js';
import { turnLatency } from './latency.js';
import { formatTranscript } from './format.js';
import { readFileData } from './files.js';
import { executeCalls, runDeadline, withinDeadline } from './execute.js';
import type { Message } from './types.js';
import { AUDIO_OPTION_KEYS, audioConfigFor, audioSteps, bidiSettings, type AudioOptions } from './bidi/plan.js';
import { stepsFromSessionInputs, type BidiStep } from './bidi/steps.js';
import type { AudioConfig } from '../audio/index.js';
import type {
  BidiCallOptions,
  ParseFormat,
  RunSessionResponse,
  SessionConfigInput,
  SessionInputInput,
  SessionsOptions,
  StructuredResponse,
} from './sessions-types.js';

export type { CallOptions, RunOptions } from './options.js';
export type { ConversationSource } from './conversations.js';
export type { SessionOutput, Conversation, RunSessionRequestWire, Message, Chunk } from './types.js';
export type { AudioOptions } from './bidi/plan.js';
export type { AudioRunResult } from './bidi/client.js';
export type * from './sessions-types.js';

const SESSIONS_OPTION_KEYS = [
  'appName',
  'deploymentId',
  'endpoint',
  'insecure',
  'credentials',
  'env',
  'apiVersion',
  'websocketEndpoint',
  'maxReceiveMessageBytes',
  'audio',
];
const DEFAULT_MAX_RECEIVE = 32 * 1024 * 1024;

export class Sessions {
  readonly appName: string;
  readonly endpoint: string;
  readonly websocketEndpoint?: string;
  private readonly deploymentId?: string;
  private readonly transport: GrpcTransport;
  private readonly insecure: boolean;
  /** For the WebSocket (insecure: only when credentials were given explicitly). */
  private readonly wsAuth?: AuthProvider;
  private readonly audio: AudioOptions;
  /** Speech synthesis's credentials (Google TTS): the options', else the env's CXAS_OAUTH_TOKEN. */
  private readonly ttsCredentials?: SessionsOptions['credentials'];
  /**
   * Variables of an audio run that sent nothing else, by session name, until the session's next
   * run() sends them again. The platform applies a variables frame with the turn that follows on
   * its stream, and each run() has a socket of its own: alone, they would be lost when it closed.
   */
  private readonly heldVariables = new Map<string, JsonObject>();

  constructor(opts: SessionsOptions) {
    assertKeys(opts, SESSIONS_OPTION_KEYS, 'Sessions options');
    this.appName = assertAppName(opts.appName);
    this.endpoint = opts.endpoint ?? CES_ENDPOINT;
    assertEndpoints(opts);
    if (opts.deploymentId !== undefined)
      this.deploymentId = childName(this.appName, 'deployments', opts.deploymentId, 'deploymentId');
    if (opts.websocketEndpoint !== undefined) this.websocketEndpoint = opts.websocketEndpoint;
    const insecure = opts.insecure ?? false;
    this.insecure = insecure;
    this.audio = opts.audio ?? {};
    assertKeys(this.audio, AUDIO_OPTION_KEYS, 'Sessions options audio');
    const envToken = opts.env?.[CXAS_OAUTH_TOKEN];
    const ttsCredentials = opts.credentials ?? (envToken ? { token: envToken } : undefined);
    if (ttsCredentials !== undefined) this.ttsCredentials = ttsCredentials;
    // Insecure (the emulator): only an emulator's token goes over plaintext, gRPC and WebSocket alike.
    const emulator = insecure ? emulatorAuth(opts.credentials, opts.env) : undefined;
    const auth = insecure ? (emulator ?? insecureWsAuth(opts)) : resolveAuth(opts.credentials, opts.env);
    if (auth) this.wsAuth = auth;
    this.transport = new GrpcTransport({
      appName: this.appName,
      endpoint: this.endpoint,
      insecure,
      ...(insecure ? (emulator ? { emulator } : {}) : auth ? { auth } : {}),
      apiVersion: opts.apiVersion ?? 'v1',
      maxReceiveMessageBytes: opts.maxReceiveMessageBytes ?? DEFAULT_MAX_RECEIVE,
    });
  }

  createSessionId(): string {
    return newSessionId();
  }

  sessionName(sessionId: string): string {
    return sessionName(this.appName, sessionId);
  }

  async run(opts: RunOptions): Promise<RunSessionResponse> {
    if (!opts || typeof opts !== 'object') return this.execute(opts);
    const withHeld = this.withHeldVariables(opts);
    if (modalityOf(opts.modality) === 'audio') return this.runAudio(withHeld);
    return this.execute(withHeld);
  }

  /**
   * The run with the variables a variables-only audio run of its session left (heldVariables)
   * under its own, as the text modality would have applied them already. Taken once.
   */
  private withHeldVariables(opts: RunOptions): RunOptions {
    if (this.heldVariables.size === 0 || typeof opts.sessionId !== 'string') return opts;
    const key = sessionName(this.appName, opts.sessionId);
    const held = this.heldVariables.get(key);
    if (!held) return opts;
    this.heldVariables.delete(key);
    return { ...opts, variables: { ...held, ...(opts.variables ?? {}) } };
  }

  /**
   * BidiRunSession over the WebSocket bridge with a plain SessionConfig (session required; full
   * name) and SessionInputs: `{audio}` inputs are whole utterances in the input encoding
   * (chunked, padded and paced), every other input is one realtimeInput frame. Async like every
   * call that returns a promise (sendEvent too): a bad argument rejects, it never throws.
   */
  async bidiRunSession(
    config: SessionConfigInput,
    inputs: SessionInputInput[],
    opts: BidiCallOptions = {},
  ): Promise<RunSessionResponse> {
    this.assertOpen();
    assertKeys(
      opts,
      ['signal', 'timeoutMs', 'pacing', 'silenceMs', 'waitForPlayback', 'maxReconnects'],
      'bidiRunSession options',
    );
    return this.bidi(config, stepsFromSessionInputs(config, inputs), opts);
  }

  async sendEvent(
    sessionId: string,
    event: string,
    eventVars?: JsonObject,
    opts: CallOptions = {},
  ): Promise<RunSessionResponse> {
    assertKeys(opts, ['signal', 'timeoutMs'], 'sendEvent options');
    return this.execute({ ...opts, sessionId, event, ...(eventVars !== undefined ? { eventVars } : {}) });
  }

  streamRunSession(opts: RunOptions, onOutput?: (o: SessionOutput) => void): Promise<RunSessionResponse> {
    return this.execute({ ...opts, stream: true }, onOutput);
  }

  /** The wire RunSessionRequest for `config` and `inputs`, validated: unknown keys and double oneofs throw. */
  makeTextRequest(config: SessionConfigInput, inputs: SessionInputInput[]): RunSessionRequestWire {
    const protos = this.transport.protos;
    const wireConfig = toWire(protos.lookupType('SessionConfig'), config, 'config');
    if (typeof wireConfig['session'] !== 'string' || wireConfig['session'] === '')
      throw new CesInputError('config.session is required');
    if (!Array.isArray(inputs) || inputs.length === 0)
      throw new CesInputError('inputs must be a non-empty list of SessionInput');
    const inputType = protos.lookupType('SessionInput');
    const wireInputs = inputs.map((input, i) => toWire(inputType, input, `inputs[${i}]`));
    return { config: wireConfig as RunSessionRequestWire['config'], inputs: wireInputs };
  }

  static getFileData(path: string): Promise<{ mimeType: string; data: Buffer }> {
    return readFileData(path);
  }

  getStructuredResponse(res: RunSessionResponse): StructuredResponse {
    return normalizeTurn(res.outputs, {
      inputs: res.calls.flatMap((c): TurnInput[] => c.inputs),
      latency: turnLatency(res.calls),
    });
  }

  parseResult(res: RunSessionResponse, opts: { format?: ParseFormat } = {}): string {
    const format = opts.format ?? 'auto';
    const resolved = format === 'auto' ? (process.stdout.isTTY ? 'ansi' : 'plain') : format;
    if (!['ansi', 'plain', 'html'].includes(resolved))
      throw new CesInputError(`unknown format "${format}": expected auto, ansi, plain or html`);
    return formatTranscript(this.getStructuredResponse(res).transcript, resolved as 'ansi' | 'plain' | 'html');
  }

  getConversation(conversation: string, opts: CallOptions = {}): Promise<Conversation> {
    return getConversation(this.transport, this.appName, conversation, opts);
  }

  listConversations(opts: ListConversationsOptions = {}): Promise<Conversation[]> {
    return listConversations(this.transport, this.appName, opts);
  }

  /** What the app is made of (AgentService list methods and GetApp), for coverage and name checks. */
  async getAppInventory(opts: InventoryOptions = {}): Promise<AppInventory> {
    const resources = await listAppResources(this.transport, this.appName, opts);
    return inventoryFromResources(resources, this.appName, 'agent-service');
  }

  close(): void {
    this.heldVariables.clear();
    this.transport.close();
  }

  private async runAudio(opts: RunOptions): Promise<RunSessionResponse> {
    this.assertOpen();
    assertRunOptionKeys(opts);
    const texts = textList(opts.text);
    // Audio: timeoutMs bounds each wait, the history fetch being one of them.
    const history = await this.resolveHistory(opts, {
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    });
    const config = audioConfigFor(opts, this.configContext(history));
    const steps = await audioSteps(
      this.appName,
      opts,
      texts,
      config['inputAudioConfig'] as AudioConfig,
      this.audio,
      this.ttsCredentials,
    );
    const res = await this.bidi(config, steps, {
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
      ...(opts.pacing ? { pacing: opts.pacing } : {}),
    });
    // Sent, but no turn followed on that socket: the session's next run() sends them again.
    if (opts.variables !== undefined && steps.every((s) => s.kind === 'frame' && !s.awaitsTurn))
      this.heldVariables.set(config['session'] as string, opts.variables);
    return res;
  }

  private async bidi(
    config: SessionConfigInput,
    steps: BidiStep[],
    opts: BidiCallOptions,
  ): Promise<RunSessionResponse> {
    // Audio never goes to another host than the one asked for: without websocketEndpoint, only
    // CES's own host has a known bridge (an insecure endpoint is refused by bidiRun).
    if (this.websocketEndpoint === undefined && !this.insecure && !isCesEndpoint(this.endpoint))
      throw new CesInputError(
        `audio modality with endpoint ${this.endpoint} needs websocketEndpoint (wss://HOST): only ` +
          "ces.googleapis.com's WebSocket bridge is documented (wss://ces.googleapis.com), so none is guessed",
      );
    // The WebSocket client (and `ws`) loads with the first audio call: text runs never need it.
    const { bidiRun } = await import('./bidi/client.js');
    return bidiRun(
      {
        appName: this.appName,
        protos: this.transport.protos,
        insecure: this.insecure,
        ...(this.websocketEndpoint ? { websocketEndpoint: this.websocketEndpoint } : {}),
        ...(this.wsAuth ? { auth: this.wsAuth } : {}),
      },
      config,
      steps,
      bidiSettings(opts, this.audio),
    );
  }

  private async execute(opts: RunOptions, onOutput?: (o: SessionOutput) => void): Promise<RunSessionResponse> {
    if (!opts || typeof opts !== 'object')
      throw new CesInputError('run() needs an options object with at least sessionId');
    assertRunOptionKeys(opts);
    if (modalityOf(opts.modality) === 'audio')
      throw new CesInputError('streamRunSession and sendEvent are text-modality calls: use run({ modality: "audio" })');
    const planned = planCalls(this.appName, opts, textList(opts.text));
    // One deadline for the whole run(): the history fetch spends from it like the requests do.
    const deadline = runDeadline(opts.timeoutMs);
    // Most calls carry no history: skip the await (a microtask per call) when there is none to fetch.
    const history =
      opts.historicalContexts === undefined && opts.turnCount === undefined
        ? undefined
        : await this.resolveHistory(opts, withinDeadline(opts.signal, deadline, 'GetConversation'));
    const config = buildConfig(opts, this.configContext(history));
    const requests = planned.map((call) => ({
      request: this.makeTextRequest(config, call.inputs),
      summary: call.summary,
    }));
    return executeCalls(
      this.transport,
      requests,
      { ...(opts.signal ? { signal: opts.signal } : {}), deadline, ...(opts.stream ? { stream: true } : {}) },
      onOutput,
    );
  }

  /**
   * The audio calls' check (gRPC calls get theirs from the transport), made before a synthesiser
   * or a socket is spent on a call that cannot succeed.
   */
  private assertOpen(): void {
    if (this.transport.isClosed) throw clientClosed(`BidiRunSession on ${this.appName}`);
  }

  private configContext(history: Message[] | undefined): ConfigContext {
    return { appName: this.appName, history, deployment: this.deploymentId };
  }

  private resolveHistory(opts: RunOptions, call: CallOptions): Promise<Message[] | undefined> {
    return resolveHistory(opts, (id, c) => this.getConversation(id, c), call);
  }
}

/**
 * `endpoint` and `websocketEndpoint` held to the CLI's rule (src/model/endpoint.ts) when the client
 * is made: `http://host:8080` would otherwise fail only per call, as an UNAVAILABLE naming a
 * `dns:http://…` target.
 */
function assertEndpoints(opts: SessionsOptions): void {
  const problem =
    (opts.endpoint === undefined ? undefined : endpointProblem(opts.endpoint, 'endpoint')) ??
    (opts.websocketEndpoint === undefined
      ? undefined
      : websocketEndpointProblem(opts.websocketEndpoint, 'websocketEndpoint'));
  if (problem) throw new CesInputError(problem);
}

/**
 * Explicit Google credentials (a key file, an AuthClient) on an insecure connection: never on the
 * plaintext gRPC channel; on the WebSocket only when it is TLS (`wss://`) or on this machine
 * (loopback), as the audio tests against a local server use them. A `ws://` URL to another host
 * with them is refused: it would send a Google access token in the clear.
 */
function insecureWsAuth(opts: SessionsOptions): AuthProvider | undefined {
  if (opts.credentials === undefined) return undefined;
  const ws = opts.websocketEndpoint;
  if (ws !== undefined && plaintextToAnotherHost(ws))
    throw new CesInputError(
      `refusing to send Google credentials over plaintext ${ws}: use wss://, a loopback address, or, for an ` +
        'emulator started with --token, credentials: { token } or CXAS_EMULATOR_TOKEN',
    );
  return resolveAuth(opts.credentials, opts.env);
}

/** A `ws://` URL whose host is not this machine. */
function plaintextToAnotherHost(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false; // refused with its own message when the first audio call builds the URL
  }
  return parsed.protocol === 'ws:' && !isLoopbackHost(parsed.hostname);
}
