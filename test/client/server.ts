// A recording CES server for the client tests: Google's protos (loadCesProtos), bound to
// 127.0.0.1:0. It records every decoded request with its metadata and answers through
// handlers the test can replace.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { loadCesProtos } from '../../src/client/proto/load.js';
import { encodeRetryStatus, STATUS_DETAILS_KEY } from '../../src/client/proto/status.js';
import { Sessions, type SessionsOptions } from '../../src/client/sessions.js';

export const APP = 'projects/demo/locations/us/apps/support';

/** A decoded proto-loader object: untyped on purpose, each test asserts its exact shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Decoded = any;

interface Recorded {
  method: string;
  request: Decoded;
  metadata: grpc.Metadata;
}
type Reply = { outputs: unknown[] } | grpc.ServiceError;

interface Handlers {
  runSession(req: Decoded): Reply | Promise<Reply>;
  /** Each element is one streamed RunSessionResponse. */
  streamRunSession(req: Decoded): Array<{ outputs: unknown[] }> | grpc.ServiceError;
  getConversation(req: Decoded): unknown | grpc.ServiceError;
  listConversations(req: Decoded): unknown | grpc.ServiceError;
}

export interface TestServer {
  address: string;
  requests: Recorded[];
  handlers: Handlers;
  sessions(opts?: Partial<SessionsOptions>): Sessions;
  stop(): Promise<void>;
}

/** The turn a simple agent answers: one text output, then turnCompleted with diagnosticInfo. */
export function echoReply(req: Decoded): { outputs: unknown[] } {
  const text = req.inputs.find((i: Decoded) => i.text !== undefined)?.text ?? '(no text)';
  return {
    outputs: [
      { text: `echo: ${text}`, turnIndex: 1 },
      {
        turnCompleted: true,
        turnIndex: 1,
        diagnosticInfo: {
          messages: [
            { role: 'user', chunks: [{ text }] },
            { role: 'root_agent', chunks: [{ text: `echo: ${text}` }] },
          ],
        },
      },
    ],
  };
}

export function grpcError(code: grpc.status, details: string, retryDelayMs?: number): grpc.ServiceError {
  const metadata = new grpc.Metadata();
  if (retryDelayMs !== undefined) metadata.set(STATUS_DETAILS_KEY, encodeRetryStatus(code, details, retryDelayMs));
  return Object.assign(new Error(details), { code, details, metadata });
}

function isError(x: unknown): x is grpc.ServiceError {
  return x instanceof Error;
}

export async function startRecordingServer(): Promise<TestServer> {
  const protos = loadCesProtos('v1');
  const server = new grpc.Server();
  const requests: Recorded[] = [];
  const handlers: Handlers = {
    runSession: echoReply,
    streamRunSession: (req) => echoReply(req).outputs.map((o) => ({ outputs: [o] })),
    getConversation: () => grpcError(grpc.status.NOT_FOUND, 'no such conversation'),
    listConversations: () => ({ conversations: [] }),
  };
  const unary =
    (method: keyof Handlers) => (call: grpc.ServerUnaryCall<Decoded, Decoded>, cb: grpc.sendUnaryData<Decoded>) => {
      requests.push({ method, request: call.request, metadata: call.metadata });
      Promise.resolve((handlers[method] as (r: Decoded) => unknown)(call.request)).then(
        (reply) => (isError(reply) ? cb(reply) : cb(null, reply)),
        (err: grpc.ServiceError) => cb(err),
      );
    };
  server.addService(protos.SessionService.service, {
    runSession: unary('runSession'),
    streamRunSession: (call: grpc.ServerWritableStream<Decoded, Decoded>) => {
      requests.push({ method: 'streamRunSession', request: call.request, metadata: call.metadata });
      const reply = handlers.streamRunSession(call.request);
      if (isError(reply)) return void call.emit('error', reply);
      for (const msg of reply) call.write(msg);
      call.end();
    },
    bidiRunSession: (call: grpc.ServerDuplexStream<Decoded, Decoded>) =>
      void call.emit('error', grpcError(grpc.status.UNIMPLEMENTED, 'not in this test server')),
  });
  server.addService(protos.AgentService.service, {
    getConversation: unary('getConversation'),
    listConversations: unary('listConversations'),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  const address = `127.0.0.1:${port}`;
  const clients: Sessions[] = [];
  return {
    address,
    requests,
    handlers,
    sessions(opts = {}) {
      const s = new Sessions({ appName: APP, endpoint: address, insecure: true, ...opts });
      clients.push(s);
      return s;
    },
    async stop() {
      for (const c of clients) c.close();
      // Tests must not hang on a call left open by a failing test.
      server.forceShutdown();
    },
  };
}

/** A decoded wire Struct back to plain JSON, to assert what went over the wire. */
export { fromWireStruct as plain } from '../../src/client/proto/struct.js';

/**
 * One recording server per test file: started before the tests, stopped after them, its recorded
 * requests cleared before each test. `onStart` receives it (and usually builds a client from it).
 */
export function useRecordingServer(onStart: (server: TestServer) => void): void {
  let started: TestServer | undefined;
  beforeAll(async () => {
    started = await startRecordingServer();
    onStart(started);
  });
  afterAll(() => started?.stop());
  beforeEach(() => {
    if (started) started.requests.length = 0;
  });
}
