// One gRPC client for the v1beta platform services. Requests and responses are canonical proto3
// JSON (camelCase, Structs as plain objects, Any with "@type"): the conversion to grpc-js
// objects happens here, against the protos, so every call is checked against the v1beta wire shape.
//
// The Sessions client has its own, src/client/transport.ts; this one takes from it what must agree
// (the endpoint, the routing header, what an error says about its call; auth and error mapping are
// the client's too). They are kept apart because they differ where it matters: the platform makes
// a few slow unary calls of other services (protos loaded on first use, proto3 JSON converted on
// each call) under one deadline for a whole command, while the Sessions transport carries the
// runner's hot path (validated wire objects, an AbortSignal per call, streaming, per-call costs
// kept down).
import * as grpc from '@grpc/grpc-js';
import {
  assertKeys,
  callContext,
  CES_ENDPOINT,
  CesInputError,
  channelCredentials,
  emulatorAuth,
  fromGrpcError,
  fromProto3Json,
  loadPlatformProtos,
  resolveAuth,
  routingMetadata,
  toProto3Json,
  type AuthProvider,
  type CesError,
  type CredentialsOption,
  type EmulatorAuth,
  type PlatformService,
  withBearer,
} from '../client/index.js';
import type { JsonObject } from '../model/json.js';
import { endpointProblem } from '../model/endpoint.js';

export interface PlatformClientOptions {
  /** projects/{p}/locations/{l}/apps/{a} */
  app: string;
  /** host:port, default ces.googleapis.com:443 */
  endpoint?: string;
  /**
   * Plaintext (the emulator): no Google credentials; an emulator's `--token` (`credentials.token`, else
   * CXAS_EMULATOR_TOKEN) is sent as `authorization: Bearer` in each call's metadata.
   */
  insecure?: boolean;
  credentials?: CredentialsOption;
  /** The environment CXAS_OAUTH_TOKEN is read from when `credentials` gives none (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Deadline of each call (default 60 s). */
  callTimeoutMs?: number;
  /**
   * The caller's deadline for everything (a `Date.now()` time, e.g. from `--timeout`): no call runs
   * past it, so a server that never answers cannot hold a command longer than asked.
   */
  deadlineMs?: number;
}

/** Every option's name, for the constructor's check (a misspelt one was ignored). */
const OPTION_NAMES: Record<keyof PlatformClientOptions, true> = {
  app: true,
  endpoint: true,
  insecure: true,
  credentials: true,
  env: true,
  callTimeoutMs: true,
  deadlineMs: true,
};

type UnaryFn = (
  req: unknown,
  md: grpc.Metadata,
  opts: grpc.CallOptions,
  cb: (err: grpc.ServiceError | null, res?: unknown) => void,
) => void;

export class PlatformClient {
  readonly app: string;
  private readonly clients = new Map<PlatformService, grpc.Client>();
  private readonly auth: AuthProvider | undefined;
  private readonly emulator: EmulatorAuth | undefined;

  constructor(private readonly opts: PlatformClientOptions) {
    assertKeys(opts, Object.keys(OPTION_NAMES), 'PlatformClient options');
    // Checked now, as Sessions checks its own: a URL (`http://host`) would fail only per call.
    const badEndpoint = opts.endpoint === undefined ? undefined : endpointProblem(opts.endpoint, 'endpoint');
    if (badEndpoint) throw new CesInputError(badEndpoint);
    this.app = opts.app;
    this.emulator = opts.insecure ? emulatorAuth(opts.credentials, opts.env) : undefined;
    this.auth = opts.insecure ? this.emulator : resolveAuth(opts.credentials, opts.env);
  }

  get endpoint(): string {
    return this.opts.endpoint ?? CES_ENDPOINT;
  }

  /** Time left before the caller's `deadlineMs`, after which every call fails at once; Infinity without one. */
  timeLeftMs(): number {
    return (this.opts.deadlineMs ?? Infinity) - Date.now();
  }

  /**
   * Calls `service.method` with a proto3 JSON request; resolves to the proto3 JSON response.
   * `routing` is the request field GAPIC puts in x-goog-request-params (parent, name, app...).
   */
  async call(service: PlatformService, method: string, request: JsonObject, routing: string): Promise<JsonObject> {
    const protos = loadPlatformProtos();
    const types = protos.methodTypes(service, method);
    const wire = fromProto3Json(types.request, request);
    const fn = this.method(service, method);
    // A dotted routing field (`evaluation.name`) is read from the nested message.
    const resource = String(
      routing.split('.').reduce<unknown>((o, k) => (o as JsonObject | undefined)?.[k], request) ?? '',
    );
    // The header names the field as the proto does (snake_case).
    const md = withBearer(
      routingMetadata(
        routing.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase()),
        resource,
      ),
      this.emulator,
    );
    const deadline = new Date(
      Math.min(Date.now() + (this.opts.callTimeoutMs ?? 60_000), this.opts.deadlineMs ?? Infinity),
    );
    const res = await new Promise<unknown>((resolve, reject) => {
      fn(wire, md, { deadline }, (err, out) =>
        err ? reject(this.toError(err, `${service}.${method}`, resource)) : resolve(out),
      );
    });
    return toProto3Json(types.response, res) as JsonObject;
  }

  close(): void {
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }

  private method(service: PlatformService, method: string): UnaryFn {
    let client = this.clients.get(service);
    if (!client) {
      const Ctor = loadPlatformProtos()[service];
      const first = this.clients.values().next().value as grpc.Client | undefined;
      const creds = channelCredentials(Boolean(this.opts.insecure), this.auth);
      client = new Ctor(this.endpoint, creds, first ? { channelOverride: first.getChannel() } : {});
      this.clients.set(service, client);
    }
    const fn = (client as unknown as Record<string, unknown>)[method];
    if (typeof fn !== 'function') throw new Error(`${service} has no method ${method}`);
    return (fn as UnaryFn).bind(client);
  }

  private toError(err: grpc.ServiceError, method: string, resource: string): CesError {
    return fromGrpcError(err, callContext(method, resource, this.app, this.auth));
  }
}
