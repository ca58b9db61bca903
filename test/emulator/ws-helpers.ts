// A minimal WebSocket client for the bridge, with the `ws` library.
import * as net from 'node:net';
import WebSocket from 'ws';
import type { JsonObject } from '../../src/model/json.js';

export const wsPath = (version = 'v1', location = 'us') =>
  `/ws/google.cloud.ces.${version}.SessionService/BidiRunSession/locations/${location}`;

export interface WsHandle {
  ws: WebSocket;
  /** Raw text of every frame received, in order. */
  frames: string[];
  send(message: JsonObject | string): void;
  untilTurnCompleted(): Promise<JsonObject[]>;
  closed: Promise<{ code: number; reason: string }>;
}

export async function openWs(
  base: string,
  path = wsPath(),
  headers: Record<string, string> = { Authorization: 'Bearer test' },
): Promise<WsHandle> {
  const ws = new WebSocket(base + path, { headers });
  const frames: string[] = [];
  let cursor = 0;
  let wake: (() => void) | undefined;
  ws.on('message', (data) => {
    frames.push(data.toString());
    wake?.();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => {
      wake?.();
      resolve({ code, reason: reason.toString() });
    }),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    frames,
    closed,
    send: (m) => ws.send(typeof m === 'string' ? m : JSON.stringify(m)),
    async untilTurnCompleted() {
      const got: JsonObject[] = [];
      for (;;) {
        while (cursor < frames.length) {
          const m = JSON.parse(frames[cursor++]!) as JsonObject;
          got.push(m);
          if ((m['sessionOutput'] as JsonObject | undefined)?.['turnCompleted'] === true) return got;
        }
        if (ws.readyState === WebSocket.CLOSED) throw new Error('socket closed before turnCompleted');
        await new Promise<void>((r) => (wake = r));
      }
    },
  };
}

/** Rejects with the HTTP status of a refused upgrade. */
export function refusedStatus(base: string, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(base + path, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => reject(new Error('upgrade was accepted')));
    ws.on('error', () => undefined);
  });
}

/**
 * Sends an upgrade request over a raw TCP socket and resets the connection (RST) as soon as it is
 * written, `times` times at once: the server's reply then meets a reset socket (ECONNRESET).
 * Resolves when every socket has closed.
 */
export async function resetDuringUpgrade(base: string, path: string, times = 20): Promise<void> {
  const { hostname, port } = new URL(base);
  const request =
    `GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer test\r\n\r\n';
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const socket = net.connect(Number(port), hostname, () => {
        socket.write(request);
        setImmediate(() => socket.resetAndDestroy());
      });
      socket.on('error', () => undefined);
      socket.on('close', () => resolve());
    });
  await Promise.all(Array.from({ length: times }, one));
}
