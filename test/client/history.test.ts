// historicalContexts: a conversation id fetched with GetConversation and cut to turnCount, or shorthands.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APP, echoReply, plain, startRecordingServer, type TestServer, type Decoded } from './server.js';
import type { Sessions } from '../../src/client/sessions.js';
import { CesError } from '../../src/client/errors.js';
import { rejectionOf } from '../helpers/rejection.js';

let server: TestServer;
let sessions: Sessions;
const SID = 'session-12345';
const CONV = `${APP}/conversations/conv-0001`;

const conversation = {
  name: CONV,
  turns: [
    {
      messages: [
        { role: 'user', chunks: [{ text: 'my bill' }], eventTime: { seconds: '1700000000', nanos: 0 } },
        {
          role: 'root_agent',
          chunks: [
            { toolCall: { id: 'c1', tool: `${APP}/tools/lookup`, args: { fields: { acct: { stringValue: '9' } } } } },
            { text: 'Your balance is 42.' },
          ],
        },
      ],
    },
    {
      messages: [
        { role: 'user', chunks: [{ text: 'thanks' }] },
        { role: 'root_agent', chunks: [{ text: 'bye' }] },
      ],
    },
  ],
};

beforeAll(async () => {
  server = await startRecordingServer();
  server.handlers.getConversation = () => conversation;
  sessions = server.sessions();
});
afterAll(() => server.stop());
beforeEach(() => {
  server.requests.length = 0;
});

const runRequests = () => server.requests.filter((r) => r.method === 'runSession').map((r) => r.request);

describe('historicalContexts', () => {
  it('fetches a conversation by bare id, cuts it to turnCount and flattens its messages', async () => {
    await sessions.run({ sessionId: SID, text: ['next', 'again'], historicalContexts: 'conv-0001', turnCount: 1 });
    const gets = server.requests.filter((r) => r.method === 'getConversation');
    expect(gets).toHaveLength(1);
    expect(gets[0]!.request).toEqual({ name: CONV });
    expect(gets[0]!.metadata.get('x-goog-request-params')).toEqual([`name=${CONV}`]);
    const reqs = runRequests();
    expect(reqs).toHaveLength(2);
    for (const req of reqs) {
      const history = req.config.historicalContexts;
      expect(history.map((m: Decoded) => m.role)).toEqual(['user', 'root_agent']);
      expect(history[0].eventTime).toBeUndefined();
      expect(history[0].chunks[0].text).toBe('my bill');
      expect(plain(history[1].chunks[0].toolCall.args)).toEqual({ acct: '9' });
      expect(history[1].chunks[1].text).toBe('Your balance is 42.');
    }
  });

  it('keeps every turn without turnCount and accepts a full conversation name', async () => {
    await sessions.run({ sessionId: SID, text: 'x', historicalContexts: CONV });
    expect(server.requests[0]!.request).toEqual({ name: CONV });
    expect(runRequests()[0].config.historicalContexts).toHaveLength(4);
  });

  it('converts shorthand lists', async () => {
    await sessions.run({
      sessionId: SID,
      text: 'x',
      historicalContexts: [
        { user: 'hi' },
        { agent: 'hello', name: 'billing_agent' },
        { model: 'ignored', text: 'from text' },
        { role: 'root_agent', chunks: [{ payload: { card: 1 } }] },
      ],
    });
    const history = runRequests()[0].config.historicalContexts;
    expect(history.map((m: Decoded) => [m.role, m.chunks[0].text])).toEqual([
      ['user', 'hi'],
      ['billing_agent', 'hello'],
      ['model', 'from text'],
      ['root_agent', undefined],
    ]);
    expect(plain(history[3].chunks[0].payload)).toEqual({ card: 1 });
    expect(server.requests.some((r) => r.method === 'getConversation')).toBe(false);
  });

  it('getConversation returns plain JSON and listConversations walks every page', async () => {
    const conv = await sessions.getConversation('conv-0001');
    expect(conv.turns![0]!.messages![1]!.chunks![0]!.toolCall!.args).toEqual({ acct: '9' });
    expect(JSON.stringify(conv)).not.toContain('"data"');
    server.handlers.listConversations = (req) =>
      req.pageToken
        ? { conversations: [{ name: `${APP}/conversations/b` }] }
        : { conversations: [{ name: `${APP}/conversations/a` }], nextPageToken: 'p2' };
    const all = await sessions.listConversations({ pageSize: 1, filter: 'start_time > "2026-01-01T00:00:00Z"' });
    expect(all.map((c) => c.name)).toEqual([`${APP}/conversations/a`, `${APP}/conversations/b`]);
    const lists = server.requests.filter((r) => r.method === 'listConversations').map((r) => r.request);
    expect(lists).toEqual([
      { parent: APP, pageSize: 1, filter: 'start_time > "2026-01-01T00:00:00Z"' },
      { parent: APP, pageSize: 1, filter: 'start_time > "2026-01-01T00:00:00Z"', pageToken: 'p2' },
    ]);
  });

  it('listConversations names the sources asked for on every page, and refuses one CES does not have', async () => {
    server.handlers.listConversations = () => ({ conversations: [] });
    await sessions.listConversations({ sources: ['LIVE', 'EVAL'] });
    const [list] = server.requests.filter((r) => r.method === 'listConversations').map((r) => r.request);
    expect(list).toEqual({ parent: APP, sources: ['LIVE', 'EVAL'] });
    const bad = { sources: ['live'] } as unknown as Parameters<Sessions['listConversations']>[0];
    await expect(sessions.listConversations(bad)).rejects.toThrow(
      'sources must be a list of LIVE, SIMULATOR, EVAL, AGENT_TOOL',
    );
  });

  it('spends timeoutMs once: the conversation fetch and the requests share one deadline', async () => {
    const slow =
      <T>(reply: () => T) =>
      () =>
        new Promise<T>((resolve) => setTimeout(() => resolve(reply()), 300));
    server.handlers.getConversation = slow(() => conversation);
    server.handlers.runSession = (req) => slow(() => echoReply(req))();
    try {
      const started = performance.now();
      const pending = sessions.run({ sessionId: SID, text: 'x', historicalContexts: 'conv-0001', timeoutMs: 450 });
      const err = await rejectionOf(pending, CesError);
      expect(err.code).toBe('DEADLINE_EXCEEDED');
      expect(performance.now() - started).toBeLessThan(450 + 100);
      expect(runRequests()).toHaveLength(1); // sent with what was left, and cut by it
    } finally {
      server.handlers.getConversation = () => conversation;
      server.handlers.runSession = echoReply;
    }
  });
});
