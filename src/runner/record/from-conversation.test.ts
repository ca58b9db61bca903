import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../client/index.js';
import { recordingOfConversation } from './from-conversation.js';

const user = (...chunks: object[]) => ({ role: 'user', chunks });
const agent = (...chunks: object[]) => ({ role: 'root', chunks });
const conversation = (...turns: Array<Array<ReturnType<typeof user>>>): Conversation => ({
  name: 'projects/p/locations/l/apps/a/conversations/c1',
  turns: turns.map((messages) => ({ messages })),
});

describe('recordingOfConversation', () => {
  it('reads events, DTMF, variables and text, and folds a tool-response turn into the turn that asked', () => {
    const call = { id: 'call-1', tool: 'projects/p/locations/l/apps/a/tools/open_ticket', args: { p: 1 } };
    const imported = recordingOfConversation(
      conversation(
        [user({ text: '[event: WELCOME]' }, { defaultVariables: { tier: 'gold' } }), agent({ text: 'Hi.' })],
        [user({ text: '1234#' }), agent({ updatedVariables: { ok: true } }, { text: 'Verified.' })],
        [user({ text: 'a ticket' }), agent({ toolCall: call })],
        [
          user({ toolResponse: { id: 'call-1', tool: call.tool, response: { output: { id: 'T-1' } } } }),
          agent({ text: 'Done.' }),
        ],
      ),
      'c1',
    );
    if ('problem' in imported) throw new Error(imported.problem);
    const { recording, inputs } = imported;
    expect(recording.variables).toEqual({ tier: 'gold' });
    expect(recording.turns.map((t) => t.input)).toEqual([
      { kind: 'event', event: 'WELCOME' },
      { kind: 'dtmf', digits: '1234#' },
      { kind: 'text', text: 'a ticket' },
    ]);
    expect(recording.turns.map((t) => t.result.text)).toEqual(['Hi.', 'Verified.', 'Done.']);
    expect(recording.turns[1]!.result.updatedVariables).toEqual({ ok: true });
    expect(recording.toolAnswers).toEqual([
      {
        call: expect.objectContaining({ name: 'open_ticket', args: { p: 1 } }) as object,
        response: { output: { id: 'T-1' } },
      },
    ]);
    expect(inputs[2]).toEqual([
      { kind: 'text', text: 'a ticket' },
      {
        kind: 'toolResponses',
        responses: [{ id: 'call-1', name: 'open_ticket', response: { output: { id: 'T-1' } } }],
      },
    ]);
  });

  it("keeps a client tool's answer from the agent's message (a platform mock), not a server tool's", () => {
    const tools = 'projects/p/locations/l/apps/a/tools';
    const client = { id: 'call-1', tool: `${tools}/open_ticket`, args: { p: 1 } };
    const server = { id: 'call-2', tool: `${tools}/lookup_account`, args: { id: 'A' } };
    const record = conversation([
      user({ text: 'a ticket' }),
      agent(
        { toolCall: server },
        { toolResponse: { id: 'call-2', tool: server.tool, response: { balance: 1 } } },
        { toolCall: client },
        { toolResponse: { id: 'call-1', tool: client.tool, response: { ticket_id: 'T-1' } } },
        { text: 'Done.' },
      ),
    ]);
    const imported = recordingOfConversation(record, 'c1', new Set(['open_ticket']));
    if ('problem' in imported) throw new Error(imported.problem);
    expect(imported.recording.toolAnswers).toEqual([
      { call: expect.objectContaining({ name: 'open_ticket' }) as object, response: { ticket_id: 'T-1' } },
    ]);
    expect(imported.inputs[0]).toEqual([
      { kind: 'text', text: 'a ticket' },
      { kind: 'toolResponses', responses: [{ id: 'call-1', name: 'open_ticket', response: { ticket_id: 'T-1' } }] },
    ]);
    const unknown = recordingOfConversation(record, 'c1');
    expect('recording' in unknown && unknown.recording.toolAnswers).toEqual([]);
  });

  it('says why a conversation cannot be imported', () => {
    const key = 'ab'.repeat(32);
    expect(recordingOfConversation(conversation([user({ blob: { mimeType: 'application/pdf' } })]), 'x')).toEqual({
      problem: 'turn 1 sent a file (blob or image), which is not imported',
    });
    expect(
      recordingOfConversation(conversation([user({ text: `[unrecognized speech: transcript key ${key}]` })]), 'x'),
    ).toEqual({ problem: 'turn 1 is speech the emulator did not recognise' });
    expect(recordingOfConversation(conversation([user({ toolResponse: { id: 'x', response: {} } })]), 'x')).toEqual({
      problem: 'turn 1 answers a tool call no turn made',
    });
    expect(recordingOfConversation(conversation(), 'x')).toEqual({ problem: 'it has no turn with a user input' });
  });
});
