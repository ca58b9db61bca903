// The paged AgentService listings (listConversations, getAppInventory) against a loopback gRPC
// server whose every page takes PAGE_MS: timeoutMs bounds the whole listing (one deadline for
// every page, GetApp included), not each page, and the AbortSignal ends it.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCesProtos } from '../../src/client/proto/load.js';
import { CesError } from '../../src/client/errors.js';
import { Sessions } from '../../src/client/sessions.js';
import { APP, type Decoded } from './server.js';
import { rejectionOf } from '../helpers/rejection.js';

const PAGES = 6;
const PAGE_MS = 200;
/** Timers and a loaded machine: what a rejection may take past its deadline. */
const SLACK_MS = 250;

const requests: string[] = [];
let server: grpc.Server;
let sessions: Sessions;

/** A List method: PAGES pages of one item each, every page answered after PAGE_MS. */
function paged(method: string, key: string) {
  return (call: grpc.ServerUnaryCall<Decoded, Decoded>, cb: grpc.sendUnaryData<Decoded>) => {
    requests.push(method);
    const page = call.request.pageToken ? Number(call.request.pageToken) : 0;
    const next = page + 1 < PAGES ? { nextPageToken: String(page + 1) } : {};
    setTimeout(() => cb(null, { [key]: [{ name: `${APP}/${key}/item-${page}` }], ...next }), PAGE_MS);
  };
}

beforeAll(async () => {
  const protos = loadCesProtos('v1');
  server = new grpc.Server();
  server.addService(protos.AgentService.service, {
    listConversations: paged('listConversations', 'conversations'),
    listAgents: paged('listAgents', 'agents'),
    listTools: paged('listTools', 'tools'),
    listToolsets: paged('listToolsets', 'toolsets'),
    listGuardrails: paged('listGuardrails', 'guardrails'),
    getApp: (_call: unknown, cb: grpc.sendUnaryData<Decoded>) =>
      setTimeout(() => cb(null, { name: APP, displayName: 'support' }), PAGE_MS),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  sessions = new Sessions({ appName: APP, endpoint: `127.0.0.1:${port}`, insecure: true });
});
afterAll(() => {
  sessions.close();
  server.forceShutdown();
});
beforeEach(() => {
  requests.length = 0;
});

describe('listConversations', () => {
  it('spends timeoutMs once over every page: DEADLINE_EXCEEDED at the deadline, not after the last page', async () => {
    const started = performance.now();
    const err = await rejectionOf(sessions.listConversations({ timeoutMs: 500 }), CesError);
    expect(err.code).toBe('DEADLINE_EXCEEDED');
    expect(err.transient).toBe(true);
    expect(performance.now() - started).toBeLessThan(500 + SLACK_MS);
    expect(requests.length).toBeLessThan(PAGES);
  });

  it('reads every page when the deadline leaves time for them', async () => {
    const all = await sessions.listConversations({ timeoutMs: PAGES * PAGE_MS + 2000 });
    expect(all).toHaveLength(PAGES);
  });

  it('ends at the AbortSignal (CANCELLED_BY_CALLER)', async () => {
    const started = performance.now();
    const err = await rejectionOf(sessions.listConversations({ signal: AbortSignal.timeout(300) }), CesError);
    expect(err.code).toBe('CANCELLED_BY_CALLER');
    expect(performance.now() - started).toBeLessThan(300 + SLACK_MS);
  });
});

describe('getAppInventory', () => {
  it('spends timeoutMs once over GetApp and every page of the four listings', async () => {
    const started = performance.now();
    const err = await rejectionOf(sessions.getAppInventory({ timeoutMs: 500 }), CesError);
    expect(err.code).toBe('DEADLINE_EXCEEDED');
    expect(performance.now() - started).toBeLessThan(500 + SLACK_MS);
    expect(requests.filter((m) => m === 'listTools').length).toBeLessThan(PAGES);
  });

  it('reads every page of every listing when the deadline leaves time for them', async () => {
    const inventory = await sessions.getAppInventory({ timeoutMs: PAGES * PAGE_MS + 2000 });
    expect(inventory.tools).toHaveLength(PAGES);
  });

  it('ends at the AbortSignal (CANCELLED_BY_CALLER)', async () => {
    const err = await rejectionOf(sessions.getAppInventory({ signal: AbortSignal.timeout(300) }), CesError);
    expect(err.code).toBe('CANCELLED_BY_CALLER');
  });
});
