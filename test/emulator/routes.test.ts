// End to end over loopback gRPC (unary RunSession) against the demo app: every route feature.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { status } from '@grpc/grpc-js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import {
  agentCall,
  agentChunks,
  APP,
  connect,
  DEMO_APP,
  expectGrpcError,
  final,
  newSession,
  runSession,
  texts,
  turn,
  type Clients,
} from './helpers.js';
import type { JsonObject } from '../../src/model/json.js';

let emu: RunningEmulator;
let v1: Clients;
let v1beta: Clients;
beforeAll(async () => {
  emu = await startEmulator({ app: DEMO_APP });
  v1 = connect(emu.address, 'v1');
  v1beta = connect(emu.address, 'v1beta');
});
afterAll(async () => {
  v1?.close();
  v1beta?.close();
  await emu?.stop();
});

const text = (t: string): JsonObject => ({ text: t });

describe('routes', () => {
  it('serves the app name and the same behaviour on v1 and v1beta', async () => {
    expect(emu.appName).toBe(APP);
    for (const c of [v1, v1beta]) {
      const out = await turn(c, newSession(), [{ event: { event: 'welcome' } }]);
      expect(texts(out)).toEqual(['Welcome to Cymbal support! Please enter your PIN followed by #.']);
    }
  });

  it('authenticates by DTMF, sets variables, and reports updatedVariables', async () => {
    const s = newSession();
    const bad = await turn(v1, s, [{ dtmf: '9999#' }]);
    expect(texts(bad)).toEqual(['Sorry, that PIN is not valid. Please try again.']);
    const good = await turn(v1, s, [{ dtmf: '1234#' }]);
    expect(texts(good)).toEqual(['Thank you, you are now verified.']);
    expect(agentChunks(good)).toContainEqual({ updatedVariables: { authenticated: true, pin: '1234#' } });
    expect(final(good)['turnIndex']).toBe(2);
  });

  it('calls a server tool: response without fakes, fake with useToolFakes', async () => {
    const real = newSession();
    expect(texts(await turn(v1, real, [text('my balance please')]))).toEqual(['Please enter your PIN first.']);
    await turn(v1, real, [{ dtmf: '1234#' }]);
    const out = await turn(v1, real, [text('What is my BALANCE?')]);
    expect(texts(out)).toEqual(['Your balance is $42.5.']);
    const chunks = agentChunks(out);
    const call = chunks.find((c) => 'toolCall' in c)!['toolCall'] as JsonObject;
    expect(call).toMatchObject({
      tool: `${APP}/tools/lookup_account`,
      displayName: 'Lookup account',
      args: { account_id: 'ACC-1001' },
    });
    expect(chunks).toContainEqual({
      toolResponse: {
        id: call['id'],
        tool: `${APP}/tools/lookup_account`,
        displayName: 'Lookup account',
        response: { status: 'ok', account_id: 'ACC-1001', balance: 42.5, currency: 'USD' },
      },
    });
    const spans = ((final(out)['diagnosticInfo'] as JsonObject)['rootSpan'] as JsonObject)[
      'childSpans'
    ] as JsonObject[];
    expect(spans.map((s) => s['name'])).toEqual(['Tool', 'LLM']);
    expect(spans[0]!['attributes']).toEqual({
      name: 'lookup_account',
      agent: 'root_agent',
      args: { account_id: 'ACC-1001' },
      response: { status: 'ok', account_id: 'ACC-1001', balance: 42.5, currency: 'USD' },
    });

    const faked = newSession();
    const cfg = { useToolFakes: true };
    await turn(v1, faked, [{ dtmf: '1234#' }], cfg);
    expect(texts(await turn(v1, faked, [text('balance')], cfg))).toEqual(['Your balance is $0.']);
  });

  it('merges variables inputs into session state before routing and templating', async () => {
    const s = newSession();
    const out = await turn(v1, s, [{ variables: { authenticated: true, account_id: 'ACC-7' } }, text('balance')]);
    expect(agentChunks(out).find((c) => 'toolCall' in c)).toMatchObject({
      toolCall: { args: { account_id: 'ACC-7' } },
    });
  });

  it('transfers to billing_agent, which handles later turns, and back', async () => {
    const s = newSession();
    const out = await turn(v1, s, [text('I want a human')]);
    expect(texts(out)).toEqual(['Billing team here. How can I help with your bill?']);
    const messages = (final(out)['diagnosticInfo'] as JsonObject)['messages'] as JsonObject[];
    expect(messages.map((m) => m['role'])).toEqual(['user', 'root_agent', 'billing_agent']);
    expect(messages[1]!['chunks']).toEqual([
      { agentTransfer: { targetAgent: `${APP}/agents/billing_agent`, displayName: 'Billing' } },
    ]);
    expect(texts(await turn(v1, s, [text('hello?')]))).toEqual(['Billing can help with invoices and payments.']);
    expect(texts(await turn(v1, s, [text('back to support')]))).toEqual(['Back to support. How can I help?']);
  });

  it('emits a custom payload and citations', async () => {
    const out = await turn(v1, newSession(), [text('show me a card')]);
    expect(out[0]).toEqual({
      payload: {
        type: 'rich_card',
        title: 'Cymbal Premium',
        subtitle: 'Unlimited data',
        buttons: [{ text: 'Upgrade', postback: 'upgrade' }],
      },
      turnIndex: 1,
    });
    expect(agentChunks(out)).toContainEqual({ payload: out[0]!['payload'] });
    const cited = await turn(v1, newSession(), [text('refund')]);
    expect(cited[1]).toEqual({
      citations: {
        citedChunks: [
          {
            uri: 'https://cymbal.example/refunds',
            title: 'Refund policy',
            text: 'Refunds are processed within 5-7 business days.',
          },
        ],
      },
      turnIndex: 1,
    });
  });

  it('matches images and blobs by mime type', async () => {
    const png = { mimeType: 'image/png', data: Buffer.from('png').toString('base64') };
    expect(texts(await turn(v1, newSession(), [{ image: png }]))).toEqual([
      'Thanks for the photo, we have attached it to your case.',
    ]);
    const pdf = { mimeType: 'application/pdf', data: Buffer.from('%PDF').toString('base64') };
    const out = await turn(v1, newSession(), [{ blob: pdf }]);
    expect(texts(out)).toEqual(['Thanks, we received your document.']);
    expect(((final(out)['diagnosticInfo'] as JsonObject)['messages'] as JsonObject[])[0]).toEqual({
      role: 'user',
      chunks: [{ blob: pdf }],
    });
  });

  it('ends the session, then refuses further input with FAILED_PRECONDITION', async () => {
    const s = newSession();
    const out = await turn(v1, s, [text('ok bye')]);
    expect(out[1]).toEqual({ endSession: { metadata: { reason: 'user_goodbye' } }, turnIndex: 1 });
    const err = await expectGrpcError(turn(v1, s, [text('hello')]));
    expect(err.code).toBe(status.FAILED_PRECONDITION);
    expect(err.details).toBe(`session "${s}" has ended (endSession); start a new session to continue`);
  });

  it('runs a client tool round trip over two RunSession calls', async () => {
    const s = newSession();
    const first = await turn(v1, s, [text('open a ticket')]);
    const toolCall = ((first[0]!['toolCalls'] as JsonObject)['toolCalls'] as JsonObject[])[0]!;
    expect(toolCall).toMatchObject({
      tool: `${APP}/tools/open_ticket`,
      displayName: 'Open ticket',
      args: { priority: 'high', summary: 'open a ticket' },
    });
    expect(first).toHaveLength(2);
    expect(final(first)).toMatchObject({ turnCompleted: true, turnIndex: 1 });
    const second = await turn(v1, s, [
      {
        toolResponses: {
          toolResponses: [{ id: toolCall['id']!, tool: toolCall['tool']!, response: { output: { ticket_id: 'T-1' } } }],
        },
      },
    ]);
    expect(texts(second)).toEqual(['Ticket T-1 is open.']);
    const spans = ((final(second)['diagnosticInfo'] as JsonObject)['rootSpan'] as JsonObject)[
      'childSpans'
    ] as JsonObject[];
    expect(spans[0]).toMatchObject({
      name: 'Tool',
      attributes: { name: 'open_ticket', response: { output: { ticket_id: 'T-1' } } },
    });
  });

  it('starts in the entryAgent', async () => {
    const out = await turn(v1, newSession(), [text('hello')], { entryAgent: `${APP}/agents/billing_agent` });
    expect(texts(out)).toEqual(['Billing can help with invoices and payments.']);
    const err = await expectGrpcError(turn(v1, newSession(), [text('hello')], { entryAgent: 'nobody' }));
    expect(err.code).toBe(status.NOT_FOUND);
    expect(err.details).toMatch(/config.entryAgent: agent "nobody" not found/);
  });

  it('continues a conversation from historicalContexts with the agent that spoke last', async () => {
    const historicalContexts = [
      { role: 'user', chunks: [{ text: 'billing please' }] },
      { role: 'billing_agent', chunks: [{ text: 'Billing team here.' }] },
    ];
    const out = await turn(v1, newSession(), [text('hello')], { historicalContexts });
    expect(texts(out)).toEqual(['Billing can help with invoices and payments.']);
  });
});

describe('conversation history (AgentService)', () => {
  it('returns a served session by conversation id, turns with messages and rootSpan', async () => {
    const s = newSession('hist');
    await turn(v1, s, [{ event: { event: 'WELCOME' } }]);
    await turn(v1, s, [text('human')]);
    const id = s.slice(s.lastIndexOf('/') + 1);
    const conv = await agentCall(v1, 'GetConversation', 'GetConversationRequest', 'Conversation', {
      name: `${APP}/conversations/${id}`,
    });
    expect(conv).toMatchObject({
      name: `${APP}/conversations/${id}`,
      turnCount: 2,
      source: 'LIVE',
      entryAgent: `${APP}/agents/root_agent`,
    });
    const turns = conv['turns'] as JsonObject[];
    expect(turns).toHaveLength(2);
    expect((turns[1]!['messages'] as JsonObject[]).map((m) => m['role'])).toEqual([
      'user',
      'root_agent',
      'billing_agent',
    ]);
    expect(turns[0]!['rootSpan']).toMatchObject({ name: 'root' });
    // The client's recipe: replay history into a new session (docs/protocol.md §6).
    const history = turns.flatMap((t) => t['messages'] as JsonObject[]);
    expect(texts(await turn(v1, newSession(), [text('anything')], { historicalContexts: history }))).toEqual([
      'Billing can help with invoices and payments.',
    ]);
  });

  it('lists conversations with paging and a start_time filter', async () => {
    for (let i = 0; i < 3; i++) await turn(v1, newSession('page'), [text('hi')]);
    const all: string[] = [];
    let pageToken = '';
    do {
      const page = await agentCall(v1, 'ListConversations', 'ListConversationsRequest', 'ListConversationsResponse', {
        parent: APP,
        pageSize: 2,
        pageToken,
      });
      expect((page['conversations'] as JsonObject[]).length).toBeLessThanOrEqual(2);
      all.push(...(page['conversations'] as JsonObject[]).map((c) => c['name'] as string));
      pageToken = (page['nextPageToken'] as string | undefined) ?? '';
    } while (pageToken);
    expect(new Set(all).size).toBe(all.length);
    expect(all.filter((n) => n.includes('/conversations/page-'))).toHaveLength(3);
    const future = await agentCall(v1, 'ListConversations', 'ListConversationsRequest', 'ListConversationsResponse', {
      parent: APP,
      filter: 'start_time > "2999-01-01T00:00:00Z"',
    });
    expect(future['conversations']).toBeUndefined();
  });

  it('answers INVALID_ARGUMENT to a List call with a negative pageSize or a pageToken it did not issue', async () => {
    await turn(v1, newSession('page'), [text('hi')]);
    const lists = [
      ['ListConversations', 'ListConversationsRequest', 'ListConversationsResponse'],
      ['ListAgents', 'ListAgentsRequest', 'ListAgentsResponse'],
      ['ListTools', 'ListToolsRequest', 'ListToolsResponse'],
      ['ListToolsets', 'ListToolsetsRequest', 'ListToolsetsResponse'],
      ['ListGuardrails', 'ListGuardrailsRequest', 'ListGuardrailsResponse'],
    ] as const;
    // Not tokens: not base64url, other text, a negative or fractional offset, a non-canonical encoding.
    const tokens = ['not a token!', 'bm9wZQ', 'LTI', 'MS41', 'MQ==', 'MDE'];
    for (const c of [v1, v1beta]) {
      for (const [method, req, res] of lists) {
        const ok = await agentCall(c, method, req, res, { parent: APP, pageSize: 1 });
        expect(ok['nextPageToken'] === undefined || typeof ok['nextPageToken'] === 'string').toBe(true);
        const negative = await expectGrpcError(agentCall(c, method, req, res, { parent: APP, pageSize: -1 }));
        expect([method, negative.code, negative.details]).toEqual([
          method,
          status.INVALID_ARGUMENT,
          'pageSize must not be negative (got -1)',
        ]);
        for (const pageToken of tokens) {
          const bad = await expectGrpcError(agentCall(c, method, req, res, { parent: APP, pageToken }));
          expect([method, pageToken, bad.code, bad.details]).toEqual([
            method,
            pageToken,
            status.INVALID_ARGUMENT,
            `pageToken "${pageToken}" is not a token this emulator issued`,
          ]);
        }
      }
    }
  });

  it('answers NOT_FOUND for unknown conversations and UNIMPLEMENTED for other AgentService methods', async () => {
    const missing = await expectGrpcError(
      agentCall(v1, 'GetConversation', 'GetConversationRequest', 'Conversation', {
        name: `${APP}/conversations/nope-12345`,
      }),
    );
    expect(missing.code).toBe(status.NOT_FOUND);
    const other = await expectGrpcError(
      agentCall(v1, 'GetAgent', 'GetAgentRequest', 'Agent', { name: `${APP}/agents/root_agent` }),
    );
    expect(other.code).toBe(status.UNIMPLEMENTED);
  });
});

describe('malformed requests', () => {
  const session = () => newSession('bad');
  const cases: Array<[string, JsonObject, number, string | RegExp]> = [
    ['missing session', { config: {}, inputs: [text('x')] }, status.INVALID_ARGUMENT, 'config.session is required'],
    [
      'bad session name',
      { config: { session: `${APP}/sessions/a` }, inputs: [text('x')] },
      status.INVALID_ARGUMENT,
      /config.session ".*\/sessions\/a" is not a valid session name/,
    ],
    [
      'another app',
      { config: { session: 'projects/x/locations/us/apps/other/sessions/abcdef' }, inputs: [text('x')] },
      status.NOT_FOUND,
      `app "projects/x/locations/us/apps/other" not found: this emulator serves "${APP}"`,
    ],
    [
      'no inputs',
      { config: { session: '' }, inputs: [] },
      status.INVALID_ARGUMENT,
      'inputs: at least one SessionInput is required',
    ],
    [
      'empty event',
      { config: { session: '' }, inputs: [{ event: { event: '' } }] },
      status.INVALID_ARGUMENT,
      'inputs[0].event.event: the event name must not be empty',
    ],
    [
      'tool response without response',
      { config: { session: '' }, inputs: [{ toolResponses: { toolResponses: [{ id: 'c1', tool: 'x' }] } }] },
      status.INVALID_ARGUMENT,
      /inputs\[0\].toolResponses.toolResponses\[0\].response is required/,
    ],
    [
      'audio',
      { config: { session: '' }, inputs: [{ audio: 'AAAA' }] },
      status.INVALID_ARGUMENT,
      'inputs[0].audio: audio input is only supported on BidiRunSession',
    ],
    [
      'empty input',
      { config: { session: '' }, inputs: [{}] },
      status.INVALID_ARGUMENT,
      /inputs\[0\]: a SessionInput needs one of text, dtmf/,
    ],
  ];
  it.each(cases)('%s', async (_name, request, code, message) => {
    const config = request['config'] as JsonObject;
    if (config['session'] === '') config['session'] = session();
    const err = await expectGrpcError(runSession(v1, request));
    expect(err.code).toBe(code);
    if (typeof message === 'string') expect(err.details).toBe(message);
    else expect(err.details).toMatch(message);
  });

  it('rejects two members of one oneof sent on the wire', async () => {
    // Built by hand: protobufjs encodes both members (docs/protocol.md §2), which our JSON layer
    // would refuse to build.
    const { loadCesProtos } = await import('../../src/client/proto/load.js');
    const p = loadCesProtos('v1');
    const req = { config: { session: session() }, inputs: [{ text: 'a', dtmf: '1' }] };
    const err = await expectGrpcError(
      new Promise((resolve, reject) => {
        (v1.sessions['RunSession'] as (r: unknown, cb: (e: unknown, r: unknown) => void) => void).call(
          v1.sessions,
          req,
          (e, r) => (e ? reject(e) : resolve(r)),
        );
      }),
    );
    expect(p.packageName).toBe('google.cloud.ces.v1');
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toMatch(/"text" and "dtmf" are members of oneof "inputType"; set only one/);
  });
});
