// A recording gRPC proxy on 127.0.0.1:0, in front of a real server (the emulator): it forwards the
// bytes of every unary SessionService / AgentService call unchanged and records each request,
// decoded, so a test can assert what the client put on the wire when the server cannot tell
// (it applies history only when a session is created, for instance).
import * as grpc from '@grpc/grpc-js';
import { loadCesProtos } from '../../src/client/proto/load.js';

/** A decoded request: untyped on purpose, each test asserts its exact shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DecodedRequest = any;

interface RecordedCall {
  /** The method's name, as in the proto (`RunSession`, `GetConversation`). */
  method: string;
  request: DecodedRequest;
}

export interface RecordingProxy {
  address: string;
  calls: RecordedCall[];
  stop(): void;
}

const same = (b: Buffer): Buffer => b;

/** Starts the proxy in front of `upstream` (host:port, plaintext). */
export async function startRecordingProxy(upstream: string): Promise<RecordingProxy> {
  const protos = loadCesProtos('v1');
  const client = new grpc.Client(upstream, grpc.credentials.createInsecure());
  const server = new grpc.Server();
  const calls: RecordedCall[] = [];
  for (const ctor of [protos.SessionService, protos.AgentService]) {
    const definition: Record<string, grpc.MethodDefinition<Buffer, Buffer>> = {};
    const handlers: grpc.UntypedServiceImplementation = {};
    for (const [method, shape] of Object.entries(ctor.service)) {
      if (shape.requestStream || shape.responseStream) continue; // unary calls only
      definition[method] = {
        ...shape,
        requestSerialize: same,
        requestDeserialize: same,
        responseSerialize: same,
        responseDeserialize: same,
      };
      handlers[method] = (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
        calls.push({ method, request: shape.requestDeserialize(call.request) });
        client.makeUnaryRequest(shape.path, same, same, call.request, call.metadata, (err, res) =>
          err ? cb(err) : cb(null, res),
        );
      };
    }
    server.addService(definition, handlers);
  }
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    calls,
    stop() {
      client.close();
      server.forceShutdown();
    },
  };
}
