// Server tools that answer per argument and fail, routes that handle the failure (onError), and
// placeholders without a value failing the turn: end to end over loopback gRPC.
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { JsonObject } from '../../src/model/json.js';
import { agentChunks, connect, expectGrpcError, texts, turn, type Clients } from './helpers.js';

const APP_NAME = 'projects/t/locations/us/apps/tools';
const app = {
  app: APP_NAME,
  rootAgent: 'root',
  variables: { account_id: 'ACC-1' },
  tools: {
    lookup: {
      response: { balance: 42.5 },
      answers: [
        { whenArgs: { account_id: '/^ACC-404/' }, error: 'account ACC-404 not found' },
        { whenArgs: { account_id: '/^VIP-/' }, response: { balance: 1000000 } },
      ],
    },
    outage: { error: { code: 503, message: 'backend down' } },
    ask: { client: true },
  },
  agents: {
    root: {
      routes: [
        { on: { text: 'outage' }, do: [{ call: { tool: 'outage' } }, { say: 'Status: ${tool.outage.error}' }] },
        { on: { text: 'broken' }, say: 'The client said ${tool.ask.answer}' },
        {
          on: { text: 'client' },
          do: [
            { call: { tool: 'ask', onError: [{ say: 'The client failed: ${tool.ask.error}' }] } },
            { say: 'Client said ${tool.ask.answer}' },
          ],
        },
        { on: { text: 'event' }, say: 'You sent ${input.event}' },
        {
          on: { text: 'balance' },
          do: [
            {
              call: {
                tool: 'lookup',
                args: { account_id: '${input.text}' },
                onError: [{ say: 'Sorry: ${tool.lookup.error}' }],
              },
            },
            { say: 'Your balance is $${tool.lookup.balance}.' },
          ],
        },
      ],
    },
  },
};

let emu: RunningEmulator;
let c: Clients;
let n = 0;
const session = (): string => `${APP_NAME}/sessions/tools-${process.pid}-${++n}`;
const say = (s: string, t: string) => turn(c, s, [{ text: t }]);
const responses = (outputs: JsonObject[]): JsonObject[] =>
  agentChunks(outputs)
    .filter((ch) => 'toolResponse' in ch)
    .map((ch) => (ch['toolResponse'] as JsonObject)['response'] as JsonObject);

beforeAll(async () => {
  emu = await startEmulator({ app });
  c = connect(emu.address);
});
afterAll(async () => {
  c?.close();
  await emu?.stop();
});

describe('server tools per argument and failing', () => {
  it('answers with the default response', async () => {
    const out = await say(session(), 'balance');
    expect(texts(out)).toEqual(['Your balance is $42.5.']);
    expect(responses(out)).toEqual([{ balance: 42.5 }]);
  });

  it('answers per argument (a regex literal matches too)', async () => {
    const s = session();
    const out = await turn(c, s, [{ text: 'VIP-7 balance' }]);
    expect(responses(out)).toEqual([{ balance: 1000000 }]);
    expect(texts(out)).toEqual(['Your balance is $1000000.']);
  });

  it('fails, and the route takes its onError path', async () => {
    const out = await turn(c, session(), [{ text: 'ACC-404 balance' }]);
    expect(responses(out)).toEqual([{ error: 'account ACC-404 not found' }]);
    expect(texts(out)).toEqual(['Sorry: account ACC-404 not found']);
  });

  it('fails always when the tool has an error (a structured one too)', async () => {
    const out = await say(session(), 'outage');
    expect(responses(out)).toEqual([{ error: { code: 503, message: 'backend down' } }]);
    expect(texts(out)).toEqual(['Status: {"code":503,"message":"backend down"}']);
  });

  it('takes onError for a client tool answered with an error', async () => {
    const s = session();
    const asked = await say(s, 'client');
    const call = (asked.find((o) => 'toolCalls' in o)!['toolCalls'] as { toolCalls: JsonObject[] }).toolCalls[0]!;
    const out = await turn(c, s, [
      { toolResponses: { toolResponses: [{ id: call['id']!, tool: call['tool']!, response: { error: 'denied' } }] } },
    ]);
    expect(texts(out)).toEqual(['The client failed: denied']);
  });

  it('fails the turn when a placeholder has no value, naming it (never empty text)', async () => {
    const err = await expectGrpcError(say(session(), 'broken'));
    expect(err.code).toBe(status.INTERNAL);
    expect(err.details).toBe(
      'emulator app: agent "root": placeholder ${tool.ask.answer} has no value: ' +
        'tool "ask" has not answered in this session',
    );
    const noEvent = await expectGrpcError(say(session(), 'event'));
    expect(noEvent.details).toBe(
      'emulator app: agent "root": placeholder ${input.event} has no value: this turn has no event input',
    );
  });
});
