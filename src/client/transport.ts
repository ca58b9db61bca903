// gRPC calls with deadlines, AbortSignal, the routing header and typed errors. The Sessions
// class builds requests; this file only moves them and turns failures into CesErrors.
//
// The project's other gRPC client is src/platform/grpc.ts (the v1beta EvaluationService and its
// kin). They share what must agree, from here: the endpoint, the routing header and what an error
// says about its call (auth and error mapping come from auth.ts and errors.ts). They are kept apart
// because they differ where it matters: this one carries the Sessions and AgentService calls of
// the runner's hot path (requests already validated wire objects, an AbortSignal per call, server
// streaming, per-call costs kept down: see withoutCallerStack and onAbort below), the platform's
// makes a few slow unary calls of other services, converting proto3 JSON against the protos on
// each call, under one deadline for a whole command.
import * as grpc from '@grpc/grpc-js';
import { loadSessionProtos, type ApiVersion, type CesProtos } from './proto/load.js';
import { channelCredentials, withBearer, type AuthProvider, type EmulatorAuth } from './auth.js';
import { cancelledByCaller, CesError, CesInputError, clientClosed, fromGrpcError, type CallContext } from './errors.js';

/** The CES endpoint when none is given (the Sessions client's and the platform client's). */
export const CES_ENDPOINT = 'ces.googleapis.com:443';

/**
 * Whether `endpoint` is CES's own host, whose WebSocket bridge is wss://ces.googleapis.com
 * (docs/protocol.md, section 7). No other host is documented to serve one, so none is guessed.
 */
export const isCesEndpoint = (endpoint: string): boolean => /^ces\.googleapis\.com(:443)?$/i.test(endpoint);

/** GAPIC's routing header (`field=value`): url-encoded value with `/` kept, as google-api-core sends it. */
export function routingMetadata(field: string, value: string): grpc.Metadata {
  const md = new grpc.Metadata();
  md.set('x-goog-request-params', `${field}=${encodeURIComponent(value).replace(/%2F/g, '/')}`);
  return md;
}

/** What a failed call's CesError names: the call, the app, and where its credentials came from. */
export function callContext(method: string, resource: string, appName: string, auth?: AuthProvider): CallContext {
  return {
    method,
    resource,
    appName,
    // On an insecure channel only an emulator's token is sent: say where it goes.
    credentialSource:
      auth?.source ?? 'none (insecure channel; an emulator started with --token needs CXAS_EMULATOR_TOKEN)',
    redact: auth?.redact ?? ((t) => t),
  };
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface TransportOptions {
  appName: string;
  endpoint: string;
  insecure: boolean;
  /** TLS channels: the per-call token. */
  auth?: AuthProvider;
  /** Insecure channels: an emulator's `--token`, sent in each call's metadata (auth.ts `emulatorAuth`). */
  emulator?: EmulatorAuth;
  apiVersion: ApiVersion;
  maxReceiveMessageBytes: number;
}

/** What one call is about: the resource named in errors and the routing header field. */
export interface CallTarget {
  method: string;
  resource: string;
  routingKey: string;
}

type UnaryFn = (
  req: unknown,
  md: grpc.Metadata,
  opts: grpc.CallOptions,
  cb: (err: grpc.ServiceError | null, res?: unknown) => void,
) => grpc.ClientUnaryCall;
type StreamFn = (req: unknown, md: grpc.Metadata, opts: grpc.CallOptions) => grpc.ClientReadableStream<unknown>;

export class GrpcTransport {
  readonly protos: CesProtos;
  private readonly session: grpc.Client;
  private agentClient: grpc.Client | undefined;
  private readonly bound = new Map<string, (...a: unknown[]) => unknown>();
  private closed = false;

  constructor(private readonly opts: TransportOptions) {
    this.protos = loadSessionProtos(opts.apiVersion);
    const channelOptions = { 'grpc.max_receive_message_length': opts.maxReceiveMessageBytes };
    this.session = new this.protos.SessionService(
      opts.endpoint,
      channelCredentials(opts.insecure, opts.auth),
      channelOptions,
    );
  }

  /** Made on first use (its protos load then); it shares the session client's channel and connection. */
  private get agent(): grpc.Client {
    this.agentClient ??= new this.protos.AgentService(
      this.opts.endpoint,
      channelCredentials(this.opts.insecure, this.opts.auth),
      { channelOverride: this.session.getChannel() },
    );
    return this.agentClient;
  }

  unary(service: 'session' | 'agent', target: CallTarget, req: unknown, call: CallOptions = {}): Promise<unknown> {
    const fn = this.method<UnaryFn>(service, target.method);
    const ctx = this.context(target);
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(clientClosed(`${target.method} ${target.resource}`));
      if (call.signal?.aborted) return reject(cancelledByCaller(`${target.method} ${target.resource}`));
      const handle = withoutCallerStack(() =>
        fn(req, this.metadata(target), this.callOptions(call), (err, res) => {
          detach();
          if (err) reject(this.toError(err, ctx, call));
          else resolve(res);
        }),
      );
      const detach = onAbort(call.signal, () => handle.cancel());
    });
  }

  /** Server streaming; `onMessage` sees each response as it arrives. */
  serverStream(target: CallTarget, req: unknown, call: CallOptions, onMessage: (msg: unknown) => void): Promise<void> {
    const fn = this.method<StreamFn>('session', target.method);
    const ctx = this.context(target);
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(clientClosed(`${target.method} ${target.resource}`));
      if (call.signal?.aborted) return reject(cancelledByCaller(`${target.method} ${target.resource}`));
      const stream = withoutCallerStack(() => fn(req, this.metadata(target), this.callOptions(call)));
      const detach = onAbort(call.signal, () => stream.cancel());
      let failed = false;
      stream.on('data', (msg: unknown) => {
        try {
          onMessage(msg);
        } catch (err) {
          failed = true;
          detach();
          stream.cancel();
          reject(err);
        }
      });
      stream.on('error', (err: grpc.ServiceError) => {
        detach();
        if (!failed) reject(this.toError(err, ctx, call));
      });
      stream.on('end', () => {
        detach();
        if (!failed) resolve();
      });
    });
  }

  /** After close() every call rejects with CLIENT_CLOSED (grpc-js would throw a plain Error). */
  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    this.closed = true;
    this.agentClient?.close();
    this.session.close();
  }

  private method<T>(service: 'session' | 'agent', name: string): T {
    const key = `${service}.${name}`;
    let bound = this.bound.get(key);
    if (!bound) {
      const client = service === 'session' ? this.session : this.agent;
      const fn = (client as unknown as Record<string, unknown>)[name];
      if (typeof fn !== 'function')
        throw new CesError('NOT_IMPLEMENTED', `the ${service} service has no method ${name}`);
      bound = (fn as (...a: unknown[]) => unknown).bind(client);
      this.bound.set(key, bound);
    }
    return bound as T;
  }

  private metadata(target: CallTarget): grpc.Metadata {
    const md = routingMetadata(target.routingKey, target.resource);
    return this.opts.insecure ? withBearer(md, this.opts.emulator) : md;
  }

  private callOptions(call: CallOptions): grpc.CallOptions {
    if (call.timeoutMs === undefined) return {};
    if (!(call.timeoutMs > 0)) throw new CesInputError(`timeoutMs must be a positive number, got ${call.timeoutMs}`);
    return { deadline: new Date(Date.now() + call.timeoutMs) };
  }

  private context(target: CallTarget): CallContext {
    const auth = this.opts.insecure ? this.opts.emulator : this.opts.auth;
    return callContext(target.method, target.resource, this.opts.appName, auth);
  }

  private toError(err: grpc.ServiceError, ctx: CallContext, call: CallOptions): CesError {
    if (call.signal?.aborted && err.code === grpc.status.CANCELLED)
      return cancelledByCaller(`${ctx.method} ${ctx.resource}`);
    return fromGrpcError(err, ctx);
  }
}

/**
 * grpc-js captures a caller stack trace (`new Error()`) when each call starts, only to append it
 * to error details; it was ~30 µs of every call. Our errors carry method, resource and status
 * instead (errors.ts), so calls start with stack capture off.
 */
function withoutCallerStack<T>(start: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return start();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

// A run shares one AbortSignal among thousands of calls: one listener per signal fans out to
// the calls in flight, instead of an add/removeEventListener pair per call.
const inFlight = new WeakMap<AbortSignal, Set<() => void>>();

function onAbort(signal: AbortSignal | undefined, cancel: () => void): () => void {
  if (!signal) return () => {};
  const cancels = inFlight.get(signal) ?? watch(signal);
  cancels.add(cancel);
  return () => cancels.delete(cancel);
}

function watch(signal: AbortSignal): Set<() => void> {
  const cancels = new Set<() => void>();
  signal.addEventListener(
    'abort',
    () => {
      for (const cancel of [...cancels]) cancel();
      cancels.clear();
    },
    { once: true },
  );
  inFlight.set(signal, cancels);
  return cancels;
}
