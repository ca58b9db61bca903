// History and entry agent seed a session: only its first request carries them, client tool rounds
// included. The emulator applies history only when it creates a session, so it cannot tell; a
// recording proxy between the real client and the demo emulator shows what went over the wire.
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { Sessions } from '../../src/client/sessions.js';
import { executeRun } from '../../src/runner/run/index.js';
import { expectationOf } from '../../src/model/expectation-options.js';
import type { ConversationSpec, TurnSpec } from '../../src/model/spec.js';
import { memConversation } from '../helpers/demo-sessions.js';
import { startRecordingProxy, type RecordingProxy, type DecodedRequest } from '../helpers/grpc-recorder.js';
import { ROOT } from '../helpers/cli.js';

let emulator: RunningEmulator;
let proxy: RecordingProxy;
let sessions: Sessions;

beforeAll(async () => {
  emulator = await startEmulator({ app: path.join(ROOT, 'specs/demo/app.yaml') });
  proxy = await startRecordingProxy(emulator.address);
  sessions = new Sessions({ appName: emulator.appName, endpoint: proxy.address, insecure: true });
});
afterAll(async () => {
  sessions?.close();
  proxy?.stop();
  await emulator?.stop();
});

const says = (text: string, contains?: string): TurnSpec => ({
  input: { kind: 'text', text },
  expect: contains ? [expectationOf('text', { contains }, { match: 'lenient', scope: 'turn' })] : [],
});

/** The RunSession requests of one session, in the order sent. */
const runRequestsOf = (sessionId: string): DecodedRequest[] =>
  proxy.calls
    .filter((c) => c.method === 'RunSession' && String(c.request.config.session).endsWith(`/sessions/${sessionId}`))
    .map((c) => c.request);

async function runTicketAfter(history: ConversationSpec['history']): Promise<DecodedRequest[]> {
  proxy.calls.length = 0;
  const { result } = await executeRun({
    files: [
      {
        file: 'mem.yaml',
        format: 'native',
        conversations: [
          memConversation('first', [says('hello')]),
          memConversation('ticket', [says('Please open a ticket', 'Ticket T-7 is open.'), says('hello')], {
            history,
            entryAgent: 'root_agent',
            toolFakes: [{ tool: 'open_ticket', respond: { ticket_id: 'T-7' } }],
          }),
        ],
      },
    ],
    sessions,
    target: { emulator: true, apiVersion: 'v1' },
    cwd: ROOT,
    concurrency: 1,
    retries: 0,
    timeoutMs: 10_000,
  });
  const ticket = result.conversations.find((c) => c.name === 'ticket')!;
  expect(ticket.error?.message ?? ticket.status).toBe('passed');
  return runRequestsOf(ticket.sessionId!);
}

describe('history and entry agent on the wire', () => {
  it('go with the first request only, not with the client tool round nor later turns', async () => {
    const requests = await runTicketAfter({ entries: [{ user: 'Hi' }, { agent: 'Sure', name: 'root_agent' }] });
    // The first turn, its tool round (the toolResponses), the second turn.
    expect(requests.map((r) => r.inputs.map((i: DecodedRequest) => i.inputType))).toEqual([
      ['text'],
      ['toolResponses'],
      ['text'],
    ]);
    expect(requests.map((r) => [Boolean(r.config.historicalContexts), Boolean(r.config.entryAgent)])).toEqual([
      [true, true],
      [false, false],
      [false, false],
    ]);
  });

  it('fetches a history conversation once, for the first request', async () => {
    const requests = await runTicketAfter({ afterConversation: 'first' });
    expect(proxy.calls.filter((c) => c.method === 'GetConversation')).toHaveLength(1);
    expect(requests.map((r) => Boolean(r.config.historicalContexts))).toEqual([true, false, false]);
  });
});
