// The WebSocket bridge: `/ws/google.cloud.ces.{v1|v1beta}.SessionService/BidiRunSession/locations/{location}`,
// one canonical proto3 JSON message per frame (docs/protocol.md §7). Errors close the socket
// with a code and a "STATUS: message" reason; a dropStream fault terminates the TCP socket
// (the client sees close code 1006, no close frame).
import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import type { RawData, WebSocket, WebSocketServer } from 'ws';
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { JsonObject } from '../model/json.js';
import { fromProto3Json, loadSessionProtos, toProto3Json } from '../client/proto/index.js';
import { BidiConversation } from './bidi.js';
import type { EmulatorCore } from './core.js';
import { asEmulatorError, EmulatorError, invalidArgument } from './errors.js';

const PATH = /^\/ws\/google\.cloud\.ces\.(v1|v1beta)\.SessionService\/BidiRunSession\/locations\/([^/?]+)$/;
const MAX_REASON_BYTES = 123; // RFC 6455: a close reason fits in 123 bytes

function closeCodeFor(error: EmulatorError): number {
  switch (error.grpcCode) {
    case GrpcStatus.UNAVAILABLE:
    case GrpcStatus.RESOURCE_EXHAUSTED:
      return 1013; // try again later
    case GrpcStatus.INTERNAL:
    case GrpcStatus.UNKNOWN:
      return 1011;
    default:
      return 1008; // policy violation: the client sent something we refuse
  }
}

function closeReasonFor(error: EmulatorError): string {
  const retry = error.retryDelayMs !== undefined ? ` (retry after ${error.retryDelayMs}ms)` : '';
  let reason = `${GrpcStatus[error.grpcCode]}: ${error.message}${retry}`;
  while (Buffer.byteLength(reason) > MAX_REASON_BYTES) reason = reason.slice(0, -2) + '…';
  return reason;
}

function reject(socket: Duplex, code: number, text: string): void {
  socket.end(
    `HTTP/1.1 ${code} ${http.STATUS_CODES[code]}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${text}\n`,
  );
}

type UpgradeTarget = { version: 'v1' | 'v1beta'; location: string } | { refused: number; text: string };

/** What an upgrade request asks for, or why it is refused (an HTTP status and a line of text). */
function upgradeTarget(req: http.IncomingMessage, auth: { token: string } | undefined): UpgradeTarget {
  const match = PATH.exec(req.url ?? '');
  if (!match) return { refused: 404, text: `no WebSocket endpoint at ${req.url ?? ''}` };
  if (!req.headers.authorization) return { refused: 401, text: 'an Authorization header is required' };
  if (auth && req.headers.authorization !== `Bearer ${auth.token}`)
    return { refused: 401, text: 'the bearer token is not valid' };
  const location = decodeLocation(match[2]!);
  if (location === undefined)
    return { refused: 400, text: `the location in ${req.url ?? ''} is not valid percent-encoding` };
  return { version: match[1] as 'v1' | 'v1beta', location };
}

/** The URL's {location} segment decoded; undefined for a malformed escape (`%ZZ`, a cut UTF-8 sequence). */
function decodeLocation(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export interface WsBridge {
  server: http.Server;
  close(): Promise<void>;
}

/** `auth.token`: the only bearer token accepted; without it any Authorization header will do. */
export function createWsBridge(core: EmulatorCore, auth?: { token: string }): WsBridge {
  const server = http.createServer((_req, res) =>
    res.writeHead(404).end('cxas-eval emulator: only the BidiRunSession WebSocket path is served\n'),
  );
  // `ws` is loaded by the first upgrade: a text-only run never needs it (docs/architecture.md
  // "Start-up cost"). One promise, so that upgrades arriving together share one server.
  let wss: Promise<WebSocketServer> | undefined;
  const webSocketServer = (): Promise<WebSocketServer> =>
    (wss ??= import('ws').then(({ WebSocketServer }) => new WebSocketServer({ noServer: true })));
  server.on('upgrade', (req, socket, head) => {
    // Node takes its own error listener off a socket it hands to 'upgrade': without one, a client
    // that resets the connection (ECONNRESET on our reply) would end the whole process.
    socket.on('error', () => socket.destroy());
    const target = upgradeTarget(req, auth);
    if ('refused' in target) return reject(socket, target.refused, target.text);
    // Whatever fails here fails this upgrade only (a rejection left unhandled would end the process).
    webSocketServer()
      .then((ws) =>
        ws.handleUpgrade(req, socket, head, (socketWs) => {
          try {
            serveSocket(core, socketWs, target.version, target.location);
          } catch (err) {
            // An accepted socket that cannot be served closes with INTERNAL; the emulator goes on.
            socketWs.close(1011, closeReasonFor(asEmulatorError(err)));
          }
        }),
      )
      .catch((err: unknown) =>
        reject(socket, 500, `the WebSocket upgrade failed: ${err instanceof Error ? err.message : String(err)}`),
      );
  });
  return {
    server,
    close: async () => {
      const open = await wss?.catch(() => undefined);
      for (const client of open?.clients ?? []) client.terminate();
      open?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function serveSocket(core: EmulatorCore, ws: WebSocket, version: 'v1' | 'v1beta', location: string): void {
  const protos = loadSessionProtos(version);
  const ClientMessage = protos.lookupType('BidiSessionClientMessage');
  const ServerMessage = protos.lookupType('BidiSessionServerMessage');
  let sawConfig = false;
  const bidi = new BidiConversation(core, {
    // Round-tripping through the proto types guarantees every frame is canonical and valid.
    send: (message) => ws.send(JSON.stringify(toProto3Json(ServerMessage, fromProto3Json(ServerMessage, message)))),
    fail: (error) => ws.close(closeCodeFor(error), closeReasonFor(error)),
    drop: () => ws.terminate(),
    end: (reason) => ws.close(1000, reason ?? 'session ended'),
  });
  ws.on('message', (data: RawData) => {
    try {
      const frame = JSON.parse(
        Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'),
      ) as unknown;
      const message = toProto3Json(ClientMessage, fromProto3Json(ClientMessage, frame)) as JsonObject;
      if (!sawConfig) {
        if (message['config'] === undefined)
          return bidi.abort(invalidArgument('the first frame must be a {"config": …} BidiSessionClientMessage'));
        sawConfig = true;
        checkLocation(message['config'] as JsonObject, location);
      }
      bidi.receive(message);
    } catch (err) {
      bidi.abort(err instanceof SyntaxError ? invalidArgument(`frame is not valid JSON: ${err.message}`) : err);
    }
  });
  ws.on('close', () => bidi.detach());
  ws.on('error', () => bidi.detach());
}

/** The URL's {location} must be the session's location (docs/protocol.md §7). */
function checkLocation(config: JsonObject, location: string): void {
  const session = typeof config['session'] === 'string' ? config['session'] : '';
  const m = /^projects\/[^/]+\/locations\/([^/]+)\//.exec(session);
  if (m && m[1] !== location)
    throw invalidArgument(`config.session is in location "${m[1]}" but the WebSocket URL names location "${location}"`);
}
