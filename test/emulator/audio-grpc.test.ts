// The emulator's gRPC BidiRunSession with audio, through a raw grpc-js client built from
// Google's protos: recognitionResults, then outputs (agent audio before the text), then turnCompleted.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { chunkAudio, decodeWav, encodeFor, silence } from '../../src/audio/index.js';
import type { JsonObject } from '../../src/model/json.js';
import { connect, DEMO_APP, newSession, openBidi, type Clients } from './helpers.js';

let emu: RunningEmulator;
let c: Clients;
beforeAll(async () => {
  emu = await startEmulator({ app: DEMO_APP });
  c = connect(emu.address);
});
afterAll(async () => {
  c?.close();
  await emu?.stop();
});

const CONFIG = { audioEncoding: 'LINEAR16' as const, sampleRateHertz: 16000 };

describe('gRPC BidiRunSession with audio', () => {
  it('recognises a WAV utterance and answers with audio then text', async () => {
    const { pcm, sampleRateHertz } = decodeWav(
      await readFile(path.resolve(import.meta.dirname, '../../specs/demo/audio/balance.wav')),
    );
    const wire = Buffer.concat([silence(300, CONFIG), encodeFor(pcm, sampleRateHertz, CONFIG), silence(800, CONFIG)]);
    const h = openBidi(c);
    h.send({ config: { session: newSession('audio'), inputAudioConfig: CONFIG, outputAudioConfig: CONFIG } });
    for (const chunk of chunkAudio(wire, { ...CONFIG, chunkMs: 100 }))
      h.send({ realtimeInput: { audio: chunk.toString('base64') } });
    const messages = await h.untilTurnCompleted();
    const kinds = messages.map((m) => Object.keys(m)[0]);
    expect(
      messages.filter((m) => m['recognitionResult']).map((m) => (m['recognitionResult'] as JsonObject)['transcript']),
    ).toEqual(['what', 'what is', 'what is my', 'what is my balance']);
    const outputs = messages.filter((m) => m['sessionOutput']).map((m) => m['sessionOutput'] as JsonObject);
    const firstAudio = outputs.findIndex((o) => o['audio']);
    const text = outputs.findIndex((o) => o['text']);
    expect(kinds.lastIndexOf('recognitionResult')).toBeLessThan(kinds.indexOf('sessionOutput'));
    expect(firstAudio).toBeGreaterThanOrEqual(0);
    expect(firstAudio).toBeLessThan(text);
    expect(outputs[text]).toEqual({ text: 'Please enter your PIN first.', turnIndex: 1 });
    const done = outputs.at(-1)!;
    expect(done['turnCompleted']).toBe(true);
    const user = ((done['diagnosticInfo'] as JsonObject)['messages'] as JsonObject[])[0];
    expect(user).toEqual({ role: 'user', chunks: [{ transcript: 'what is my balance' }] });
    h.end();
  });

  it('rejects audio without inputAudioConfig (INVALID_ARGUMENT)', async () => {
    const h = openBidi(c);
    h.send({ config: { session: newSession('audio') } });
    h.send({ realtimeInput: { audio: Buffer.alloc(3200).toString('base64') } });
    await expect(h.ended).rejects.toMatchObject({
      code: 3,
      details: expect.stringMatching(/realtimeInput.audio needs config.inputAudioConfig/) as string,
    });
  });
});
