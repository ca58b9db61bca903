// Server failures become typed CesErrors: code, transient flag, RetryInfo delay, and a message
// that names the app/session; deadlines and AbortSignal end calls.
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { APP, echoReply, grpcError, useRecordingServer, type TestServer } from './server.js';
import type { Sessions } from '../../src/client/sessions.js';
import { CesAuthError, CesError, isTransient } from '../../src/client/errors.js';

let server: TestServer;
let sessions: Sessions;
const SID = 'session-12345';
const SESSION = `${APP}/sessions/${SID}`;

useRecordingServer((s) => {
  server = s;
  sessions = s.sessions();
});

async function failWith(reply: grpc.ServiceError): Promise<CesError> {
  server.handlers.runSession = () => reply;
  try {
    const err = await sessions.run({ sessionId: SID, text: 'hi' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CesError);
    return err as CesError;
  } finally {
    server.handlers.runSession = echoReply;
  }
}

describe('server errors', () => {
  it('UNAVAILABLE is transient', async () => {
    const err = await failWith(grpcError(grpc.status.UNAVAILABLE, 'backend down'));
    expect(err.code).toBe('UNAVAILABLE');
    expect(err.grpcCode).toBe(grpc.status.UNAVAILABLE);
    expect(isTransient(err)).toBe(true);
    expect(err.message).toBe(`runSession ${SESSION} failed with UNAVAILABLE: backend down`);
  });

  it('RESOURCE_EXHAUSTED carries the RetryInfo delay', async () => {
    const err = await failWith(grpcError(grpc.status.RESOURCE_EXHAUSTED, 'quota', 1500));
    expect(err.code).toBe('RESOURCE_EXHAUSTED');
    expect(err.transient).toBe(true);
    expect(err.retryDelayMs).toBe(1500);
  });

  it('UNAUTHENTICATED names the credential source and is not transient', async () => {
    const err = await failWith(grpcError(grpc.status.UNAUTHENTICATED, 'token expired'));
    expect(err).toBeInstanceOf(CesAuthError);
    expect(err.code).toBe('UNAUTHENTICATED');
    expect(err.transient).toBe(false);
    expect(err.message).toBe(
      `runSession ${SESSION}: authentication failed with credentials from none (insecure channel; an emulator ` +
        'started with --token needs CXAS_EMULATOR_TOKEN): token expired',
    );
  });

  it('NOT_FOUND names the app and the session', async () => {
    const err = await failWith(grpcError(grpc.status.NOT_FOUND, 'app not found'));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toBe(
      `runSession ${SESSION}: not found (check that app ${APP} exists and the resource name is right): app not found`,
    );
  });

  it('INTERNAL with RST_STREAM is a dropped stream, transient', async () => {
    const err = await failWith(grpcError(grpc.status.INTERNAL, 'Received RST_STREAM with code 2'));
    expect(err.code).toBe('STREAM_DROPPED');
    expect(err.transient).toBe(true);
  });

  it('a deadline exceeded against a server that sleeps', async () => {
    server.handlers.runSession = (req) => new Promise((resolve) => setTimeout(() => resolve(echoReply(req)), 400));
    try {
      const err = await sessions.run({ sessionId: SID, text: 'hi', timeoutMs: 50 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(CesError);
      expect((err as CesError).code).toBe('DEADLINE_EXCEEDED');
      expect((err as CesError).transient).toBe(true);
    } finally {
      server.handlers.runSession = echoReply;
    }
  });

  it('an AbortSignal cancels an in-flight call', async () => {
    server.handlers.runSession = (req) => new Promise((resolve) => setTimeout(() => resolve(echoReply(req)), 400));
    try {
      const controller = new AbortController();
      const pending = sessions.run({ sessionId: SID, text: 'hi', signal: controller.signal });
      setTimeout(() => controller.abort(), 30);
      const err = await pending.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((err as CesError).code).toBe('CANCELLED_BY_CALLER');
      expect((err as CesError).transient).toBe(false);
    } finally {
      server.handlers.runSession = echoReply;
    }
  });

  it('an already aborted signal sends nothing', async () => {
    server.requests.length = 0;
    const err = await sessions.run({ sessionId: SID, text: 'hi', signal: AbortSignal.abort() }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as CesError).code).toBe('CANCELLED_BY_CALLER');
    expect(server.requests).toHaveLength(0);
  });

  it('a streaming failure is typed the same way', async () => {
    server.handlers.streamRunSession = () => grpcError(grpc.status.UNAVAILABLE, 'gone');
    const err = await sessions.streamRunSession({ sessionId: SID, text: 'hi', timeoutMs: 5000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as CesError).code).toBe('UNAVAILABLE');
    expect((err as CesError).message).toBe(`streamRunSession ${SESSION} failed with UNAVAILABLE: gone`);
  });

  it('apiVersion v1beta calls the v1beta service (absent from this v1-only server)', async () => {
    const beta = server.sessions({ apiVersion: 'v1beta' });
    const err = await beta.run({ sessionId: SID, text: 'hi', timeoutMs: 5000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as CesError).code).toBe('UNIMPLEMENTED');
    expect((err as CesError).transient).toBe(false);
  });
});
