// Before the first frame of an audio run: the access token and the WebSocket opening handshake are
// waits like any other, bounded by timeoutMs (TIMEOUT) and ended by the AbortSignal
// (CANCELLED_BY_CALLER), against loopback servers that never get that far.
import * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CesAuthError, CesError } from '../../src/client/errors.js';
import { Sessions } from '../../src/client/sessions.js';
import { rejectionOf } from '../helpers/rejection.js';
import { APP } from './server.js';
import { startWsServer, type WsTestServer } from './ws-server.js';

/** Timers, the first audio call loading `ws`, a loaded machine: how late a rejection may come. */
const SLACK_MS = 1000;

let server: WsTestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** `p`, or a plain Error when it is still pending after `ms`: a hang fails the test instead of stalling it. */
function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms);
  });
  return Promise.race([p, hang]).finally(() => clearTimeout(timer));
}

describe('bidi access token', () => {
  // An AuthClient whose token never comes (a metadata server that does not answer).
  const hanging = { getAccessToken: () => new Promise<never>(() => {}) };

  it('a token fetch that never settles is a TIMEOUT after timeoutMs, naming the wait', async () => {
    server = await startWsServer(() => {});
    const sessions = server.sessions({ credentials: hanging as never });
    const started = performance.now();
    const run = sessions.run({ sessionId: 'session-12345', modality: 'audio', dtmf: '1#', timeoutMs: 400 });
    const err = await rejectionOf(within(run, 400 + 3000), CesError);
    expect(err.code).toBe('TIMEOUT');
    expect(err.transient).toBe(true);
    expect(err.message).toMatch(/waited 400 ms for an access token from an explicit AuthClient \(timeoutMs\)$/);
    expect(performance.now() - started).toBeLessThan(400 + SLACK_MS);
    expect(server.connections).toHaveLength(0);
  });

  it('the AbortSignal ends the token fetch (CANCELLED_BY_CALLER)', async () => {
    server = await startWsServer(() => {});
    const sessions = server.sessions({ credentials: hanging as never });
    const started = performance.now();
    const signal = AbortSignal.timeout(200);
    const run = sessions.run({ sessionId: 'session-12345', modality: 'audio', dtmf: '1#', timeoutMs: 30_000, signal });
    const err = await rejectionOf(within(run, 3000), CesError);
    expect(err.code).toBe('CANCELLED_BY_CALLER');
    expect(performance.now() - started).toBeLessThan(200 + SLACK_MS);
  });

  it('a token fetch that fails is a CesAuthError (UNAUTHENTICATED) naming the credential source', async () => {
    server = await startWsServer(() => {});
    const failing = { getAccessToken: () => Promise.reject(new Error('metadata server said no')) };
    const sessions = server.sessions({ credentials: failing as never });
    const run = sessions.run({ sessionId: 'session-12345', modality: 'audio', dtmf: '1#', timeoutMs: 2000 });
    const err = await rejectionOf(within(run, 3000), CesAuthError);
    expect(err.code).toBe('UNAUTHENTICATED');
    expect(err.transient).toBe(false);
    expect(err.message).toMatch(/could not get an access token from an explicit AuthClient: metadata server said no$/);
    expect(server.connections).toHaveLength(0);
  });
});

describe('bidi opening handshake', () => {
  /** A TCP server that accepts the connection and never answers the HTTP upgrade. */
  async function silentServer(): Promise<{ url: string; stop(): Promise<void> }> {
    const sockets = new Set<net.Socket>();
    const srv = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('data', () => {});
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    const { port } = srv.address() as net.AddressInfo;
    return {
      url: `ws://127.0.0.1:${port}`,
      stop: async () => {
        for (const s of sockets) s.destroy();
        await new Promise((resolve) => srv.close(resolve));
      },
    };
  }

  it('an upgrade that never comes is a TIMEOUT after timeoutMs, naming the wait', async () => {
    const silent = await silentServer();
    const sessions = new Sessions({
      appName: APP,
      endpoint: '127.0.0.1:1',
      insecure: true,
      websocketEndpoint: silent.url,
    });
    try {
      const started = performance.now();
      const run = sessions.run({ sessionId: 'session-12345', modality: 'audio', dtmf: '1#', timeoutMs: 400 });
      const err = await rejectionOf(within(run, 400 + 3000), CesError);
      expect(err.code).toBe('TIMEOUT');
      expect(err.transient).toBe(true);
      expect(err.message).toMatch(/: waited 400 ms for the WebSocket opening handshake \(timeoutMs\)$/);
      expect(performance.now() - started).toBeLessThan(400 + SLACK_MS);
    } finally {
      sessions.close();
      await silent.stop();
    }
  });

  it('the AbortSignal ends the handshake (CANCELLED_BY_CALLER)', async () => {
    const silent = await silentServer();
    const sessions = new Sessions({
      appName: APP,
      endpoint: '127.0.0.1:1',
      insecure: true,
      websocketEndpoint: silent.url,
    });
    try {
      const signal = AbortSignal.timeout(200);
      const run = sessions.run({
        sessionId: 'session-12345',
        modality: 'audio',
        dtmf: '1#',
        timeoutMs: 30_000,
        signal,
      });
      const err = await rejectionOf(within(run, 3000), CesError);
      expect(err.code).toBe('CANCELLED_BY_CALLER');
    } finally {
      sessions.close();
      await silent.stop();
    }
  });
});
