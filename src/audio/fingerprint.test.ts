import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkAudio, silence } from './chunks.js';
import { decodeFrom, encodeFor } from './codec.js';
import type { AudioConfig } from './config.js';
import { UtteranceDetector } from './endpoint.js';
import { speechEndOffset, transcriptKey, transcriptKeyFor, trimSilence } from './fingerprint.js';

const pcm = (samples: number[]): Buffer => {
  const b = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => b.writeInt16LE(s, i * 2));
  return b;
};

interface Syllable {
  hz: number;
  amp: number;
  ms: number;
  gapMs: number;
}

/** Speech-like audio: tone bursts with soft (Hann) onsets and offsets, separated by short pauses. */
function speechLike(syllables: Syllable[], rate: number): Buffer {
  const parts = syllables.flatMap(({ hz, amp, ms, gapMs }) => {
    const n = Math.round((rate * ms) / 1000);
    const burst = Array.from({ length: n }, (_, i) =>
      Math.round(amp * 0.5 * (1 - Math.cos((2 * Math.PI * i) / n)) * Math.sin((2 * Math.PI * hz * i) / rate)),
    );
    return [pcm(burst), Buffer.alloc(Math.round((rate * gapMs) / 1000) * 2)];
  });
  return Buffer.concat(parts.slice(0, -1)); // no gap after the last syllable
}

const syllables = fc.array(
  fc.record({
    hz: fc.integer({ min: 100, max: 1000 }),
    amp: fc.integer({ min: 3000, max: 20000 }),
    ms: fc.integer({ min: 60, max: 300 }),
    gapMs: fc.integer({ min: 0, max: 200 }),
  }),
  { minLength: 1, maxLength: 4 },
);

/** What the emulator does: decode each chunk as it arrives, endpoint, take the utterance. */
function emulatorKey(chunks: Buffer[], wire: AudioConfig): string[] {
  const detector = new UtteranceDetector({ sampleRateHertz: wire.sampleRateHertz });
  // LINEAR16 chunks go in as they arrive (any size, even odd: the detector carries the odd
  // byte); G.711 chunks are decoded one by one, which is exact (one byte per sample).
  for (const chunk of chunks) detector.push(wire.audioEncoding === 'LINEAR16' ? chunk : decodeFrom(chunk, wire));
  const keys: string[] = [];
  while (detector.pending) keys.push(transcriptKey(detector.take(), wire.sampleRateHertz));
  return keys;
}

/** Splits `bytes` into pieces of the given sizes, cycling through them. */
function split(bytes: Buffer, sizes: number[]): Buffer[] {
  const out: Buffer[] = [];
  for (let offset = 0, i = 0; offset < bytes.length; i++) {
    const size = sizes[i % sizes.length] ?? 1;
    out.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return out;
}

describe('trimSilence', () => {
  it('cuts at the first and last sample louder than 64, keeping quiet samples in between', () => {
    expect(trimSilence(pcm([0, 0, 64, -64, 65, 0, 3, -65, 64, 0]), 16000)).toEqual(pcm([65, 0, 3, -65]));
    expect(trimSilence(pcm([0, 12, -64, 8]), 16000).length).toBe(0);
    expect(trimSilence(Buffer.alloc(0), 16000).length).toBe(0);
  });
});

describe('transcriptKey', () => {
  it('is the hex SHA-256 of the trimmed speech', () => {
    const speech = pcm([1000, -2000, 3000]);
    const expected = createHash('sha256').update(speech).digest('hex');
    expect(transcriptKey(Buffer.concat([Buffer.alloc(100), speech, Buffer.alloc(7 * 2)]), 16000)).toBe(expected);
    expect(transcriptKey(pcm([1000, -2000, 3001]), 16000)).not.toBe(expected);
  });

  it("is the same for a WAV's speech and for that speech after padding, chunking and endpointing", () => {
    fc.assert(
      fc.property(
        syllables,
        fc.integer({ min: 0, max: 1500 }),
        fc.integer({ min: 700, max: 1500 }),
        fc.array(fc.integer({ min: 1, max: 7000 }), { minLength: 1, maxLength: 5 }),
        (syl, leadMs, trailMs, sizes) => {
          const speech = speechLike(syl, 16000);
          const sent = Buffer.concat([
            silence(leadMs, { audioEncoding: 'LINEAR16', sampleRateHertz: 16000 }),
            speech,
            silence(trailMs, { audioEncoding: 'LINEAR16', sampleRateHertz: 16000 }),
          ]);
          expect(emulatorKey(split(sent, sizes), { audioEncoding: 'LINEAR16', sampleRateHertz: 16000 })).toEqual([
            transcriptKey(speech, 16000),
          ]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('transcriptKeyFor predicts the key of audio sent as MULAW or ALAW at 8 kHz, chunked and padded', () => {
    fc.assert(
      fc.property(
        syllables,
        fc.constantFrom<AudioConfig['audioEncoding']>('MULAW', 'ALAW'),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 700, max: 1200 }),
        (syl, audioEncoding, leadMs, trailMs) => {
          const wire: AudioConfig = { audioEncoding, sampleRateHertz: 8000 };
          const speech = speechLike(syl, 16000); // a 16 kHz WAV sent over an 8 kHz telephony config
          const chunks = [
            ...chunkAudio(silence(leadMs, wire), wire),
            ...chunkAudio(encodeFor(speech, 16000, wire), wire),
            ...chunkAudio(silence(trailMs, wire), wire),
          ];
          expect(emulatorKey(chunks, wire)).toEqual([transcriptKeyFor(speech, 16000, wire)]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('transcriptKeyFor equals transcriptKey for LINEAR16 at the same rate', () => {
    const speech = speechLike([{ hz: 300, amp: 9000, ms: 200, gapMs: 0 }], 16000);
    expect(transcriptKeyFor(speech, 16000, { audioEncoding: 'LINEAR16', sampleRateHertz: 16000 })).toBe(
      transcriptKey(speech, 16000),
    );
  });
});

describe('speechEndOffset', () => {
  const l16 = { audioEncoding: 'LINEAR16', sampleRateHertz: 16000 } as const;
  const mulaw = { audioEncoding: 'MULAW', sampleRateHertz: 8000 } as const;

  it('ends after the last loud sample, whatever silence follows', () => {
    const wire = Buffer.concat([pcm([0, 5000, -3000, 40]), silence(200, l16)]);
    expect(speechEndOffset(wire, l16)).toBe(3 * 2);
  });

  it('counts in wire bytes (one per sample in G.711)', () => {
    const wire = Buffer.concat([encodeFor(pcm([0, 8000, 8000]), 8000, mulaw), silence(100, mulaw)]);
    expect(speechEndOffset(wire, mulaw)).toBe(3);
  });

  it('is the whole length when there is no speech', () => {
    expect(speechEndOffset(silence(100, l16), l16)).toBe(3200);
  });
});
