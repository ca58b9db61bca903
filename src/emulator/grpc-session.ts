// SessionService over gRPC: RunSession (unary), StreamRunSession (server stream) and
// BidiRunSession. Requests are converted to canonical JSON at the edge (rejecting two oneof
// members), responses back to proto-loader objects (Struct in wire form).
import * as http2 from 'node:http2';
import type * as grpc from '@grpc/grpc-js';
import type { JsonObject } from '../model/json.js';
import type { CesProtos } from '../client/proto/index.js';
import { fromProto3Json, toProto3Json } from '../client/proto/index.js';
import { BidiConversation } from './bidi.js';
import { checkConfig } from './config.js';
import type { EmulatorCore } from './core.js';
import { asEmulatorError, EmulatorError } from './errors.js';
import { status as GrpcStatus } from '@grpc/grpc-js';

type AnyCall =
  | grpc.ServerUnaryCall<unknown, unknown>
  | grpc.ServerWritableStream<unknown, unknown>
  | grpc.ServerDuplexStream<unknown, unknown>;

/**
 * A dropped stream must look like a real network reset: we send RST_STREAM(INTERNAL_ERROR) on
 * the call's HTTP/2 stream. A grpc-js client then sees status INTERNAL with details
 * "Received RST_STREAM with code 2 (Internal server error)"; a bidi client also loses the stream.
 * grpc-js keeps the stream private, so we walk its interceptor chain to reach it.
 */
function resetHttp2Stream(call: AnyCall): void {
  let node = (call as unknown as { call?: unknown }).call as
    { stream?: http2.ServerHttp2Stream; nextCall?: unknown } | undefined;
  while (node && !node.stream) node = node.nextCall as typeof node;
  if (!node?.stream) {
    throw new EmulatorError(
      GrpcStatus.INTERNAL,
      'dropStream fault: cannot reach the HTTP/2 stream in this @grpc/grpc-js version',
    );
  }
  node.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
}

/** With `auth.token`, calls without `authorization: Bearer <token>` fail UNAUTHENTICATED. */
function checkAuth(call: AnyCall, auth: { token: string } | undefined): void {
  if (auth && call.metadata.get('authorization')[0] !== `Bearer ${auth.token}`) {
    throw new EmulatorError(
      GrpcStatus.UNAUTHENTICATED,
      'missing or invalid bearer token (the emulator was started with auth.token)',
    );
  }
}

export function sessionServiceImpl(
  core: EmulatorCore,
  protos: CesProtos,
  auth?: { token: string },
): grpc.UntypedServiceImplementation {
  // Looked up with the first call (lookupType caches them): a version nobody calls is never read.
  const RequestType = () => protos.lookupType('RunSessionRequest');
  const ResponseType = () => protos.lookupType('RunSessionResponse');
  const ClientMessage = () => protos.lookupType('BidiSessionClientMessage');
  const ServerMessage = () => protos.lookupType('BidiSessionServerMessage');

  const parseRequest = (request: unknown): { config: ReturnType<typeof checkConfig>; inputs: JsonObject[] } => {
    const json = toProto3Json(RequestType(), request) as JsonObject;
    return { config: checkConfig(json['config'], core.app), inputs: (json['inputs'] ?? []) as JsonObject[] };
  };

  return {
    async RunSession(call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) {
      try {
        checkAuth(call, auth);
        const { config, inputs } = parseRequest(call.request);
        const outputs: JsonObject[] = [];
        if ((await core.turn(config, inputs, (o) => outputs.push(o))) === 'dropped') return resetHttp2Stream(call);
        callback(null, fromProto3Json(ResponseType(), { outputs }));
      } catch (err) {
        callback(asEmulatorError(err).toServiceError());
      }
    },

    async StreamRunSession(call: grpc.ServerWritableStream<unknown, unknown>) {
      try {
        checkAuth(call, auth);
        const { config, inputs } = parseRequest(call.request);
        const outcome = await core.turn(config, inputs, (o) => {
          if (!call.cancelled) call.write(fromProto3Json(ResponseType(), { outputs: [o] }));
        });
        if (outcome === 'dropped') return resetHttp2Stream(call);
        call.end();
      } catch (err) {
        call.emit('error', asEmulatorError(err).toServiceError());
      }
    },

    BidiRunSession(call: grpc.ServerDuplexStream<unknown, unknown>) {
      const bidi = new BidiConversation(core, {
        send: (message) => call.write(fromProto3Json(ServerMessage(), message)),
        fail: (error) => call.emit('error', error.toServiceError()),
        drop: () => resetHttp2Stream(call),
        end: () => call.end(),
      });
      try {
        checkAuth(call, auth);
      } catch (err) {
        bidi.abort(err);
        return;
      }
      call.on('data', (message: unknown) => {
        try {
          bidi.receive(toProto3Json(ClientMessage(), message) as JsonObject);
        } catch (err) {
          bidi.abort(err);
        }
      });
      call.on('end', () => bidi.clientDone());
      call.on('cancelled', () => bidi.detach());
    },
  };
}
