// The WebSocket bridge: canonical proto3 JSON frames over ws, errors as close codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type BridgedEmulator } from '../../src/emulator/index.js';
import { APP, DEMO_APP, newSession } from './helpers.js';
import { openWs, refusedStatus, resetDuringUpgrade, wsPath } from './ws-helpers.js';
import type { JsonObject } from '../../src/model/json.js';
import { decodeWav, encodeFor, silence } from '../../src/audio/index.js';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

let emu: BridgedEmulator;
beforeAll(async () => {
  emu = await startEmulator({ app: DEMO_APP });
});
afterAll(async () => {
  await emu?.stop();
});

const out = (m: JsonObject) => m['sessionOutput'] as JsonObject;

/** The emulator still runs a session over the bridge: one text turn, answered. */
async function expectServing(emulator: BridgedEmulator): Promise<void> {
  const h = await openWs(emulator.wsUrl);
  h.send({ config: { session: newSession('ws') } });
  h.send({ realtimeInput: { text: 'refund' } });
  const texts = (await h.untilTurnCompleted()).flatMap((m) => (out(m)?.['text'] ? [out(m)['text']] : []));
  expect(texts).toContain('Refunds take 5 to 7 business days.');
  h.ws.close();
}

describe('WebSocket bridge', () => {
  it('requires an Authorization header (401) and a known path (404)', async () => {
    expect(await refusedStatus(emu.wsUrl, wsPath())).toBe(401);
    expect(await refusedStatus(emu.wsUrl, '/ws/other', { Authorization: 'x' })).toBe(404);
  });

  it('refuses a location that is not valid percent-encoding (400), and goes on serving', async () => {
    const auth = { Authorization: 'Bearer test' };
    expect(await refusedStatus(emu.wsUrl, wsPath('v1', '%ZZ'), auth)).toBe(400);
    expect(await refusedStatus(emu.wsUrl, wsPath('v1', '%E0%A4%A'), auth)).toBe(400);
    await expectServing(emu);
  });

  it('a client that resets the connection during the upgrade ends only that connection', async () => {
    // Refused (404, 400) and accepted upgrades: each reply meets a reset socket.
    await resetDuringUpgrade(emu.wsUrl, '/ws/other');
    await resetDuringUpgrade(emu.wsUrl, wsPath('v1', '%ZZ'));
    await resetDuringUpgrade(emu.wsUrl, wsPath());
    await expectServing(emu);
  });

  it('closes with 1008 when the first frame is not config', async () => {
    const h = await openWs(emu.wsUrl);
    h.send({ realtimeInput: { text: 'hi' } });
    expect(await h.closed).toEqual({
      code: 1008,
      reason: 'INVALID_ARGUMENT: the first frame must be a {"config": …} BidiSessionClientMessage',
    });
  });

  it('closes with 1008 on a frame that is not valid proto3 JSON', async () => {
    const h = await openWs(emu.wsUrl);
    h.send({ config: { session: newSession('ws') }, outputType: 'x' });
    const closed = await h.closed;
    expect(closed.code).toBe(1008);
    expect(closed.reason).toMatch(/^INVALID_ARGUMENT: BidiSessionClientMessage: unknown field "outputType"/);
  });

  it('runs a session with text, binary frames, tool round trip, and ends it', async () => {
    for (const version of ['v1', 'v1beta']) {
      const h = await openWs(emu.wsUrl, wsPath(version));
      h.send({ config: { session: newSession('ws'), useToolFakes: true } });
      h.ws.send(Buffer.from(JSON.stringify({ realtimeInput: { dtmf: '1234#' } }), 'utf8'), { binary: true });
      expect(out((await h.untilTurnCompleted())[0]!)).toEqual({
        text: 'Thank you, you are now verified.',
        turnIndex: 1,
      });
      h.send({ realtimeInput: { text: 'balance' } });
      expect(out((await h.untilTurnCompleted())[0]!)).toEqual({ text: 'Your balance is $0.', turnIndex: 2 });
      h.send({ realtime_input: { text: 'ticket' } }); // snake_case accepted
      const call = (
        (out((await h.untilTurnCompleted())[0]!)['toolCalls'] as JsonObject)['toolCalls'] as JsonObject[]
      )[0]!;
      h.send({
        realtimeInput: {
          toolResponses: {
            toolResponses: [{ id: call['id']!, tool: `${APP}/tools/open_ticket`, response: { ticket_id: 'T-5' } }],
          },
        },
      });
      expect(out((await h.untilTurnCompleted())[0]!)).toEqual({ text: 'Ticket T-5 is open.', turnIndex: 4 });
      h.send({ realtimeInput: { text: 'bye' } });
      await h.untilTurnCompleted();
      expect(await h.closed).toEqual({ code: 1000, reason: 'session ended' });
    }
  });

  it('carries the odd byte of a LINEAR16 chunk over to the next one (chunks cut mid-sample)', async () => {
    const l16 = { audioEncoding: 'LINEAR16', sampleRateHertz: 16000 } as const;
    const { pcm, sampleRateHertz } = decodeWav(
      await readFile(path.resolve(import.meta.dirname, '../../specs/demo/audio/balance.wav')),
    );
    const wire = Buffer.concat([silence(200, l16), encodeFor(pcm, sampleRateHertz, l16), silence(800, l16)]);
    const h = await openWs(emu.wsUrl);
    h.send({ config: { session: newSession('ws'), inputAudioConfig: l16 } });
    // 1601 bytes each: every other chunk starts with the second byte of a sample.
    for (let at = 0; at < wire.length; at += 1601)
      h.send({ realtimeInput: { audio: wire.subarray(at, at + 1601).toString('base64') } });
    const messages = await h.untilTurnCompleted();
    const heard = messages.flatMap((m) => (m['recognitionResult'] ? [m['recognitionResult'] as JsonObject] : []));
    expect(heard.at(-1)).toEqual({ transcript: 'what is my balance' });
    h.ws.close();
  });

  it('rejects a session whose location differs from the URL', async () => {
    const h = await openWs(emu.wsUrl, wsPath('v1', 'eu'));
    h.send({ config: { session: newSession('ws') } });
    expect((await h.closed).reason).toBe(
      'INVALID_ARGUMENT: config.session is in location "us" but the WebSocket URL names location "eu"',
    );
  });

  it('terminates the socket on a dropStream fault (close 1006)', async () => {
    const faulty = await startEmulator({ app: DEMO_APP, overrides: { faults: { dropStream: 1 } } });
    try {
      const h = await openWs(faulty.wsUrl);
      h.send({ config: { session: newSession('ws') } });
      h.send({ realtimeInput: { text: 'hi' } });
      expect((await h.closed).code).toBe(1006);
    } finally {
      await faulty.stop();
    }
  });

  it('closes with 1013 and the retry delay on RESOURCE_EXHAUSTED', async () => {
    const faulty = await startEmulator({
      app: DEMO_APP,
      overrides: { faults: { resourceExhausted: 1, retryDelayMs: 300 } },
    });
    try {
      const h = await openWs(faulty.wsUrl);
      h.send({ config: { session: newSession('ws') } });
      h.send({ realtimeInput: { text: 'hi' } });
      expect(await h.closed).toEqual({
        code: 1013,
        reason: 'RESOURCE_EXHAUSTED: emulator fault: resource exhausted (injected) (retry after 300ms)',
      });
    } finally {
      await faulty.stop();
    }
  });
});
