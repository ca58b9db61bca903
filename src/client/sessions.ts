// The Sessions client: the TypeScript port of cxas-scrapi's Sessions (DESIGN.md "The
// Sessions client"), over gRPC with Google's protos. Requests are built and validated in
// full before anything is sent; every failure is a CesError (errors.ts).
import type { AuthClient } from 'google-auth-library';
import type { JsonObject } from '../model/json.js';
import type { TurnInput, TurnResult } from '../model/turn.js';
import type { ApiVersion } from './proto/load.js';
import type { Conversation, RunSessionRequestWire, SessionOutput } from './types.js';
import { assertKeys, assertRunOptionKeys, assertTextModality, textList, type CallOptions, type RunOptions } from './options.js';
import { GrpcTransport } from './transport.js';
import { resolveAuth } from './auth.js';
import { assertAppName, childName, newSessionId, sessionName } from './names.js';
import { buildConfig, planCalls } from './request.js';
import { historyFromConversation, historyFromShorthand } from './history.js';
import { CesInputError } from './errors.js';
import { fromWire, toWire } from './wire.js';
import { normalizeTurn } from './normalize.js';
import { formatTranscript } from './format.js';
import { readFileData } from './files.js';
import { executeCalls, type CallRecord } from './execute.js';
import type { Message } from './types.js';

export type { CallOptions, RunOptions, HistoryInput, ToolResponseInput } from './options.js';
export type { SessionOutput, Conversation, RunSessionRequestWire, Message, Chunk } from './types.js';

export interface SessionsOptions {
  appName: string;
  deploymentId?: string;
  endpoint?: string;
  insecure?: boolean;
  credentials?: { keyFile?: string; token?: string } | AuthClient;
  apiVersion?: ApiVersion;
  websocketEndpoint?: string;
  maxReceiveMessageBytes?: number;
}

export interface RunSessionResponse {
  outputs: SessionOutput[];
  /** One entry per RunSession call made, in order. */
  calls: CallRecord[];
}

/** Plain SessionConfig / SessionInput as makeTextRequest takes them (camelCase, Structs as JSON). */
export type SessionConfigInput = Record<string, unknown>;
export type SessionInputInput = Record<string, unknown>;
export type StructuredResponse = TurnResult;
export type ParseFormat = 'auto' | 'ansi' | 'plain' | 'html';

const SESSIONS_OPTION_KEYS = ['appName', 'deploymentId', 'endpoint', 'insecure', 'credentials', 'apiVersion', 'websocketEndpoint', 'maxReceiveMessageBytes'];
export const DEFAULT_ENDPOINT = 'ces.googleapis.com:443';
const DEFAULT_MAX_RECEIVE = 32 * 1024 * 1024;

export class Sessions {
  readonly appName: string;
  readonly endpoint: string;
  readonly websocketEndpoint?: string;
  private readonly deploymentId?: string;
  private readonly transport: GrpcTransport;

  constructor(opts: SessionsOptions) {
    assertKeys(opts, SESSIONS_OPTION_KEYS, 'Sessions options');
    this.appName = assertAppName(opts.appName);
    this.endpoint = opts.endpoint ?? DEFAULT_ENDPOINT;
    if (opts.deploymentId !== undefined) this.deploymentId = childName(this.appName, 'deployments', opts.deploymentId, 'deploymentId');
    if (opts.websocketEndpoint !== undefined) this.websocketEndpoint = opts.websocketEndpoint;
    const insecure = opts.insecure ?? false;
    this.transport = new GrpcTransport({
      appName: this.appName,
      endpoint: this.endpoint,
      insecure,
      ...(insecure ? {} : { auth: resolveAuth(opts.credentials) }),
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

  run(opts: RunOptions): Promise<RunSessionResponse> {
    return this.execute(opts);
  }

  sendEvent(sessionId: string, event: string, eventVars?: JsonObject, opts: CallOptions = {}): Promise<RunSessionResponse> {
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
    if (typeof wireConfig['session'] !== 'string' || wireConfig['session'] === '') throw new CesInputError('config.session is required');
    if (!Array.isArray(inputs) || inputs.length === 0) throw new CesInputError('inputs must be a non-empty list of SessionInput');
    const inputType = protos.lookupType('SessionInput');
    const wireInputs = inputs.map((input, i) => toWire(inputType, input, `inputs[${i}]`));
    return { config: wireConfig as RunSessionRequestWire['config'], inputs: wireInputs };
  }

  static getFileData(path: string): Promise<{ mimeType: string; data: Buffer }> {
    return readFileData(path);
  }

  getStructuredResponse(res: RunSessionResponse): StructuredResponse {
    const totalMs = res.calls.reduce((sum, c) => sum + c.latencyMs, 0);
    const firstOutputMs = res.calls[0]?.firstOutputMs;
    return normalizeTurn(res.outputs, {
      inputs: res.calls.flatMap((c): TurnInput[] => c.inputs),
      latency: { totalMs, ...(firstOutputMs !== undefined ? { firstOutputMs } : {}) },
    });
  }

  parseResult(res: RunSessionResponse, opts: { format?: ParseFormat } = {}): string {
    const format = opts.format ?? 'auto';
    const resolved = format === 'auto' ? (process.stdout.isTTY ? 'ansi' : 'plain') : format;
    if (!['ansi', 'plain', 'html'].includes(resolved)) throw new CesInputError(`unknown format "${format}": expected auto, ansi, plain or html`);
    return formatTranscript(this.getStructuredResponse(res).transcript, resolved as 'ansi' | 'plain' | 'html');
  }

  async getConversation(conversation: string, opts: CallOptions = {}): Promise<Conversation> {
    const name = childName(this.appName, 'conversations', conversation, 'conversation');
    const res = await this.transport.unary('agent', { method: 'getConversation', resource: name, routingKey: 'name' }, { name }, opts);
    return fromWire(this.transport.protos.lookupType('Conversation'), res) as Conversation;
  }

  async listConversations(opts: { pageSize?: number; filter?: string } & CallOptions = {}): Promise<Conversation[]> {
    assertKeys(opts, ['pageSize', 'filter', 'signal', 'timeoutMs'], 'listConversations options');
    const { pageSize, filter, ...call } = opts;
    const type = this.transport.protos.lookupType('ListConversationsResponse');
    const target = { method: 'listConversations', resource: this.appName, routingKey: 'parent' };
    const all: Conversation[] = [];
    let pageToken: string | undefined;
    do {
      const req = { parent: this.appName, ...(pageSize ? { pageSize } : {}), ...(filter ? { filter } : {}), ...(pageToken ? { pageToken } : {}) };
      const page = fromWire(type, await this.transport.unary('agent', target, req, call)) as { conversations?: Conversation[]; nextPageToken?: string };
      all.push(...(page.conversations ?? []));
      pageToken = page.nextPageToken || undefined;
    } while (pageToken);
    return all;
  }

  close(): void {
    this.transport.close();
  }

  private async execute(opts: RunOptions, onOutput?: (o: SessionOutput) => void): Promise<RunSessionResponse> {
    if (!opts || typeof opts !== 'object') throw new CesInputError('run() needs an options object with at least sessionId');
    assertRunOptionKeys(opts);
    assertTextModality(opts.modality);
    const planned = planCalls(this.appName, opts, textList(opts.text));
    const history = await this.resolveHistory(opts);
    const config = buildConfig(this.appName, opts, history, this.deploymentId);
    const requests = planned.map((call) => ({ request: this.makeTextRequest(config, call.inputs), summary: call.summary }));
    return executeCalls(this.transport, requests, opts, onOutput);
  }

  private async resolveHistory(opts: RunOptions): Promise<Message[] | undefined> {
    const { historicalContexts: h, turnCount } = opts;
    if (turnCount !== undefined && (!Number.isInteger(turnCount) || turnCount < 0)) throw new CesInputError('turnCount must be a non-negative integer');
    if (h === undefined) {
      if (turnCount !== undefined) throw new CesInputError('turnCount needs historicalContexts (a conversation id)');
      return undefined;
    }
    if (typeof h !== 'string') {
      if (turnCount !== undefined) throw new CesInputError('turnCount applies only when historicalContexts is a conversation id');
      return historyFromShorthand(h);
    }
    const call = { ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}) };
    return historyFromConversation(await this.getConversation(h, call), turnCount);
  }
}
