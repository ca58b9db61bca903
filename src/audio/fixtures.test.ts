// The demo's committed audio fixtures (scripts/make-audio-fixtures.mjs) are recognised by the
// emulator's pipeline for every wire format transcripts.json lists.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chunkAudio, silence } from './chunks.js';
import { decodeFrom, encodeFor } from './codec.js';
import type { AudioConfig } from './config.js';
import { UtteranceDetector } from './endpoint.js';
import { transcriptKey } from './fingerprint.js';
import { decodeWav } from './wav.js';

const dir = fileURLToPath(new URL('../../specs/demo/audio/', import.meta.url));
const transcripts = JSON.parse(readFileSync(`${dir}transcripts.json`, 'utf8')) as Record<string, string>;
const FILES = { 'balance.wav': 'what is my balance', 'human.wav': 'I want to talk to a human', 'bye.wav': 'goodbye' };
const WIRES: AudioConfig[] = [
  { audioEncoding: 'LINEAR16', sampleRateHertz: 16000 },
  { audioEncoding: 'MULAW', sampleRateHertz: 8000 },
  { audioEncoding: 'ALAW', sampleRateHertz: 8000 },
];

/**
 * Client: whole file → wire format, 300 ms silence before, silence after, 100 ms chunks.
 * Emulator: decode, endpoint, key.
 */
function recognise(file: string, wire: AudioConfig): string[] {
  const wav = decodeWav(readFileSync(`${dir}${file}`));
  const chunks = [silence(300, wire), encodeFor(wav.pcm, wav.sampleRateHertz, wire), silence(900, wire)].flatMap((b) =>
    chunkAudio(b, wire),
  );
  const detector = new UtteranceDetector({ sampleRateHertz: wire.sampleRateHertz });
  for (const chunk of chunks) detector.push(decodeFrom(chunk, wire));
  const texts: string[] = [];
  while (detector.pending)
    texts.push(transcripts[transcriptKey(detector.take(), wire.sampleRateHertz)] ?? '<unrecognized>');
  return texts;
}

describe('demo audio fixtures', () => {
  it.each(Object.entries(FILES))('%s is a small 16 kHz mono WAV', (file) => {
    expect(statSync(`${dir}${file}`).size).toBeLessThan(100_000);
    expect(decodeWav(readFileSync(`${dir}${file}`))).toMatchObject({ sampleRateHertz: 16000, channels: 1 });
  });

  for (const wire of WIRES) {
    it.each(Object.entries(FILES))(
      `%s is recognised as %j over ${wire.audioEncoding} ${wire.sampleRateHertz} Hz`,
      (file, text) => {
        expect(recognise(file, wire)).toEqual([text]);
      },
    );
  }
});
