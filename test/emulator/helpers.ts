// Raw grpc-js clients built straight from Google's protos (not the project's Sessions client),
// plus small helpers to call the emulator over loopback.
import * as grpc from '@grpc/grpc-js';
import * as path from 'node:path';
import { loadCesProtos, type ApiVersion } from '../../src/client/proto/load.js';
import { fromProto3Json, toProto3Json } from '../../src/client/proto/json.js';
import { decodeRetryDelayMs, STATUS_DETAILS_KEY } from '../../src/client/proto/status.js';
import type { JsonObject } from '../../src/model/json.js';

export const DEMO_APP = path.resolve(import.meta.dirname, '../../specs/demo/app.yaml');
export const APP = 'projects/demo/locations/us/apps/cymbal-support';

let counter = 0;
export const newSession = (prefix = 'sess'): string => `${APP}/sessions/${prefix}-${process.pid}-${++counter}`;

type Unary = (req: unknown, cb: (err: grpc.ServiceError | null, res: unknown) => void) => void;

export interface Clients {
  version: ApiVersion;
  sessions: grpc.Client & Record<string, unknown>;
  agents: grpc.Client & Record<string, unknown>;
  close(): void;
}

export function connect(address: string, version: ApiVersion = 'v1'): Clients {
  const p = loadCesProtos(version);
  const sessions = new p.SessionService(address, grpc.credentials.createInsecure()) as unknown as Clients['sessions'];
  const agents = new p.AgentService(address, grpc.credentials.createInsecure()) as unknown as Clients['agents'];
  return {
    version,
    sessions,
    agents,
    close: () => {
      sessions.close();
      agents.close();
    },
  };
}

function callUnary(client: Record<string, unknown>, method: string, req: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    (client[method] as Unary).call(client, req, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

/** RunSession with a canonical-JSON request; returns the canonical-JSON response. */
export async function runSession(c: Clients, request: JsonObject): Promise<{ outputs: JsonObject[] }> {
  const p = loadCesProtos(c.version);
  const res = await callUnary(c.sessions, 'RunSession', fromProto3Json(p.lookupType('RunSessionRequest'), request));
  const json = toProto3Json(p.lookupType('RunSessionResponse'), res) as { outputs?: JsonObject[] };
  return { outputs: json.outputs ?? [] };
}

export async function agentCall(
  c: Clients,
  method: string,
  typeIn: string,
  typeOut: string,
  request: JsonObject,
): Promise<JsonObject> {
  const p = loadCesProtos(c.version);
  const res = await callUnary(c.agents, method, fromProto3Json(p.lookupType(typeIn), request));
  return toProto3Json(p.lookupType(typeOut), res) as JsonObject;
}

/** Sends a text/event/... turn on a session and returns the outputs. */
export const turn = (c: Clients, session: string, inputs: JsonObject[], config: JsonObject = {}) =>
  runSession(c, { config: { session, ...config }, inputs }).then((r) => r.outputs);

export async function expectGrpcError(p: Promise<unknown>): Promise<grpc.ServiceError & { retryDelayMs?: number }> {
  try {
    await p;
  } catch (err) {
    const e = err as grpc.ServiceError & { retryDelayMs?: number };
    const bin = e.metadata?.get(STATUS_DETAILS_KEY)[0];
    if (bin !== undefined) e.retryDelayMs = decodeRetryDelayMs(bin as Buffer);
    return e;
  }
  throw new Error('expected the call to fail');
}

/** The agent texts of a turn's outputs. */
export const texts = (outputs: JsonObject[]): string[] =>
  outputs.filter((o) => 'text' in o).map((o) => o['text'] as string);
export const final = (outputs: JsonObject[]): JsonObject => outputs[outputs.length - 1]!;
export const agentChunks = (outputs: JsonObject[]): JsonObject[] => {
  const info = final(outputs)['diagnosticInfo'] as { messages: Array<{ role: string; chunks?: JsonObject[] }> };
  return info.messages.filter((m) => m.role !== 'user').flatMap((m) => m.chunks ?? []);
};

/** StreamRunSession: every streamed response's outputs, in order. */
export function streamRunSession(c: Clients, request: JsonObject): Promise<JsonObject[][]> {
  const p = loadCesProtos(c.version);
  const call = (c.sessions['StreamRunSession'] as (r: unknown) => grpc.ClientReadableStream<unknown>).call(
    c.sessions,
    fromProto3Json(p.lookupType('RunSessionRequest'), request),
  );
  const responses: JsonObject[][] = [];
  return new Promise((resolve, reject) => {
    call.on('data', (res: unknown) =>
      responses.push(
        (toProto3Json(p.lookupType('RunSessionResponse'), res) as { outputs?: JsonObject[] }).outputs ?? [],
      ),
    );
    call.on('error', reject);
    call.on('end', () => resolve(responses));
  });
}

export interface BidiHandle {
  send(message: JsonObject): void;
  /** Resolves with the next server message (canonical JSON). */
  next(): Promise<JsonObject>;
  /** Collects server messages up to and including the next turnCompleted output. */
  untilTurnCompleted(): Promise<JsonObject[]>;
  /** Resolves when the server ends the stream (rejects with its error status). */
  ended: Promise<void>;
  end(): void;
}

export function openBidi(c: Clients): BidiHandle {
  const p = loadCesProtos(c.version);
  const In = p.lookupType('BidiSessionClientMessage');
  const Out = p.lookupType('BidiSessionServerMessage');
  const call = (c.sessions['BidiRunSession'] as () => grpc.ClientDuplexStream<unknown, unknown>).call(c.sessions);
  const queue: JsonObject[] = [];
  const waiters: Array<(m: JsonObject) => void> = [];
  call.on('data', (m: unknown) => {
    const json = toProto3Json(Out, m) as JsonObject;
    const w = waiters.shift();
    if (w) w(json);
    else queue.push(json);
  });
  const ended = new Promise<void>((resolve, reject) => {
    call.on('error', reject);
    call.on('end', () => resolve());
  });
  ended.catch(() => undefined);
  const next = (): Promise<JsonObject> => {
    const m = queue.shift();
    if (m) return Promise.resolve(m);
    return new Promise<JsonObject>((resolve, reject) => {
      waiters.push(resolve);
      ended.then(() => reject(new Error('stream ended')), reject);
    });
  };
  return {
    send: (m) => call.write(fromProto3Json(In, m)),
    next,
    async untilTurnCompleted() {
      const got: JsonObject[] = [];
      for (;;) {
        const m = await next();
        got.push(m);
        if ((m['sessionOutput'] as JsonObject | undefined)?.['turnCompleted'] === true) return got;
      }
    },
    ended,
    end: () => call.end(),
  };
}
