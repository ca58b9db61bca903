// getStructuredResponse and parseResult on a realistic turn that went over the wire.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP, startRecordingServer, type TestServer } from './server.js';
import type { Sessions } from '../../src/client/sessions.js';
import { loadCesProtos } from '../../src/client/proto/load.js';
import { toWire } from '../../src/client/wire.js';
import { realisticTurn } from './fixtures/turn.js';

let server: TestServer;
let sessions: Sessions;

beforeAll(async () => {
  server = await startRecordingServer();
  const wire = toWire(loadCesProtos('v1').lookupType('RunSessionResponse'), { outputs: realisticTurn }, 'response');
  server.handlers.runSession = () => wire as { outputs: unknown[] };
  sessions = server.sessions();
});
afterAll(() => server.stop());

describe('getStructuredResponse / parseResult', () => {
  it('returns the outputs in plain JSON, identical to what the server meant', async () => {
    const res = await sessions.run({ sessionId: 'session-12345', text: 'my account is 123' });
    expect(res.outputs).toEqual(realisticTurn);
  });

  it('builds the structured response from the real chunk fields, with latency', async () => {
    const res = await sessions.run({ sessionId: 'session-12345', text: 'my account is 123' });
    const s = sessions.getStructuredResponse(res);
    expect(s.text).toBe('Your balance is $42.50. <script>alert(1)</script>');
    expect(s.toolCalls.map((c) => [c.name, c.origin, c.args])).toEqual([
      ['lookup_account', 'server', { account_id: '123' }],
      ['open_ticket', 'client', { priority: 'high' }],
    ]);
    expect(s.toolResponses.map((r) => r.response)).toEqual([{ output: { balance: 42.5 } }]);
    expect(s.transfers.map((t) => t.resource)).toEqual([`${APP}/agents/billing_agent`]);
    expect(s.sessionEnded).toBe(true);
    expect(s.inputs).toEqual([{ kind: 'text', text: 'my account is 123' }]);
    expect(s.latency.totalMs).toBeGreaterThan(0);
    expect(s.latency.totalMs).toBe(res.calls[0]!.latencyMs);
    expect(s.latency.serverMs).toBe(1500);
  });

  it('parseResult renders plain, ANSI and escaped HTML; auto is plain off a TTY', async () => {
    const res = await sessions.run({ sessionId: 'session-12345', text: 'my account is 123' });
    const plain = sessions.parseResult(res, { format: 'plain' });
    expect(plain.split('\n')[0]).toBe('USER QUERY: my account is 123');
    expect(plain).toContain('AGENT TRANSFER: [root_agent] Transferred to Billing');
    expect(sessions.parseResult(res, { format: 'ansi' })).toContain('\x1b[1m\x1b[35mAGENT RESPONSE:\x1b[39m\x1b[22m');
    const html = sessions.parseResult(res, { format: 'html' });
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    const tty = process.stdout.isTTY;
    process.stdout.isTTY = false;
    try {
      expect(sessions.parseResult(res)).toBe(plain);
    } finally {
      process.stdout.isTTY = tty;
    }
  });
});
