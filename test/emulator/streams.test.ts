// StreamRunSession and BidiRunSession over loopback gRPC.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { status } from '@grpc/grpc-js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { APP, connect, DEMO_APP, newSession, openBidi, streamRunSession, type Clients } from './helpers.js';
import type { JsonObject } from '../../src/model/json.js';

let emu: RunningEmulator;
let c: Clients;
beforeAll(async () => {
  emu = await startEmulator({ app: DEMO_APP });
  c = connect(emu.address, 'v1beta');
});
afterAll(async () => {
  c?.close();
  await emu?.stop();
});

const outputOf = (m: JsonObject): JsonObject => m['sessionOutput'] as JsonObject;

describe('StreamRunSession', () => {
  it('streams one response per output, the last completing the turn', async () => {
    const responses = await streamRunSession(c, {
      config: { session: newSession() },
      inputs: [{ text: 'show me the plan' }],
    });
    expect(responses.map((r) => r.length)).toEqual([1, 1, 1]);
    expect(responses.map((r) => Object.keys(r[0]!).sort())).toEqual([
      ['payload', 'turnIndex'],
      ['text', 'turnIndex'],
      ['diagnosticInfo', 'turnCompleted', 'turnIndex'],
    ]);
  });

  it('ends with the error status on bad input', async () => {
    await expect(streamRunSession(c, { config: { session: newSession() }, inputs: [] })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
    });
  });
});

describe('BidiRunSession', () => {
  it('runs turns, accumulates willContinue text, completes a client tool round trip on the same stream', async () => {
    const bidi = openBidi(c);
    bidi.send({ config: { session: newSession('bidi') } });
    bidi.send({ realtimeInput: { event: { event: 'WELCOME' } } });
    const welcome = await bidi.untilTurnCompleted();
    expect(welcome.map((m) => outputOf(m)['turnIndex'])).toEqual([1, 1]);

    bidi.send({ realtimeInput: { text: 'open a tic', willContinue: true } });
    bidi.send({ realtimeInput: { text: 'ket please' } });
    const asked = await bidi.untilTurnCompleted();
    const call = ((outputOf(asked[0]!)['toolCalls'] as JsonObject)['toolCalls'] as JsonObject[])[0]!;
    expect(call['args']).toEqual({ priority: 'high', summary: 'open a ticket please' });

    bidi.send({
      realtimeInput: {
        toolResponses: {
          toolResponses: [
            { id: call['id']!, tool: `${APP}/tools/open_ticket`, response: { output: { ticket_id: 'T-9' } } },
          ],
        },
      },
    });
    const answered = await bidi.untilTurnCompleted();
    expect(outputOf(answered[0]!)).toEqual({ text: 'Ticket T-9 is open.', turnIndex: 3 });

    bidi.send({ realtimeInput: { text: 'bye' } });
    const bye = await bidi.untilTurnCompleted();
    expect(bye.map((m) => Object.keys(outputOf(m)).filter((k) => k !== 'turnIndex')[0])).toEqual([
      'text',
      'endSession',
      'turnCompleted',
    ]);
    await bidi.ended; // the server ends the stream after endSession
  });

  it('ends cleanly when the client half-closes', async () => {
    const bidi = openBidi(c);
    bidi.send({ config: { session: newSession('bidi') } });
    bidi.send({ realtimeInput: { text: 'hi' } });
    await bidi.untilTurnCompleted();
    bidi.end();
    await expect(bidi.ended).resolves.toBeUndefined();
  });

  it('requires config first', async () => {
    const bidi = openBidi(c);
    bidi.send({ realtimeInput: { text: 'hi' } });
    await expect(bidi.ended).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: 'the first BidiSessionClientMessage must carry config',
    });
  });

  it('fails the stream on an invalid session name', async () => {
    const bidi = openBidi(c);
    bidi.send({ config: { session: 'nope' } });
    await expect(bidi.ended).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
  });
});
