// A scripted BidiRunSession WebSocket server for the client's audio tests, bound to 127.0.0.1:0:
// it records every connection's frames and lets the test answer each client frame as it arrives
// (send server frames, close with a code). `stop()` ends every socket and the server.
import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import { Sessions, type SessionsOptions } from '../../src/client/sessions.js';
import type { JsonObject } from '../../src/model/json.js';
import { APP } from './server.js';

export const SESSION = `${APP}/sessions/session-12345`;
export const L16 = { audioEncoding: 'LINEAR16', sampleRateHertz: 16000 };

export interface WsConnection {
  /** 0 for the first socket of the test, 1 for the first reconnect, ... */
  n: number;
  ws: WebSocket;
  frames: JsonObject[];
  /** Sends one BidiSessionServerMessage as JSON. */
  reply(msg: JsonObject): void;
}

export interface WsTestServer {
  url: string;
  connections: WsConnection[];
  sessions(opts?: Partial<SessionsOptions>): Sessions;
  stop(): Promise<void>;
}

/** `onFrame` sees every client frame with its connection; the realtimeInput, when there is one. */
export async function startWsServer(
  onFrame: (conn: WsConnection, input: JsonObject | undefined, frame: JsonObject) => void,
): Promise<WsTestServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  const connections: WsConnection[] = [];
  const clients: Sessions[] = [];
  wss.on('connection', (ws) => {
    const conn: WsConnection = {
      n: connections.length,
      ws,
      frames: [],
      reply: (msg) => ws.send(JSON.stringify(msg)),
    };
    connections.push(conn);
    ws.on('message', (data) => {
      const frame = JSON.parse((data as Buffer).toString('utf8')) as JsonObject;
      conn.frames.push(frame);
      onFrame(conn, frame['realtimeInput'] as JsonObject | undefined, frame);
    });
  });
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  return {
    url,
    connections,
    sessions(opts = {}) {
      // Text runs are never made here: the gRPC endpoint is a closed port.
      const s = new Sessions({
        appName: APP,
        endpoint: '127.0.0.1:1',
        insecure: true,
        websocketEndpoint: url,
        ...opts,
      });
      clients.push(s);
      return s;
    },
    async stop() {
      for (const c of clients) c.close();
      for (const c of connections) c.ws.terminate();
      await new Promise((resolve) => wss.close(resolve));
    },
  };
}

/** `ms` of 16 kHz LINEAR16 agent audio as a sessionOutput frame (base64, as proto3 JSON has it). */
export function agentAudio(ms: number, turnIndex = 1): JsonObject {
  return { sessionOutput: { audio: Buffer.alloc((16000 * 2 * ms) / 1000).toString('base64'), turnIndex } };
}
