import { describe, expect, it } from 'vitest';
import { decodeFrom, encodeFor, resample } from './codec.js';
import { AudioError } from './errors.js';
import { alawToLinear, linearToAlaw, linearToMulaw, mulawToLinear } from './g711.js';

const pcm = (samples: number[]): Buffer => {
  const b = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => b.writeInt16LE(s, i * 2));
  return b;
};
const samples = (b: Buffer): number[] => Array.from({ length: b.length / 2 }, (_, i) => b.readInt16LE(i * 2));
const sine = (n: number, hz: number, rate: number, amp = 10000): Buffer =>
  pcm(Array.from({ length: n }, (_, i) => Math.round(amp * Math.sin((2 * Math.PI * hz * i) / rate))));

describe('G.711 µ-law', () => {
  it('matches the standard code points', () => {
    expect(linearToMulaw(0)).toBe(0xff);
    expect(linearToMulaw(-1)).toBe(0x7f);
    expect(mulawToLinear(0xff)).toBe(0);
    expect(mulawToLinear(0x80)).toBe(32124);
    expect(mulawToLinear(0x00)).toBe(-32124);
    expect(linearToMulaw(32767)).toBe(0x80);
    expect(linearToMulaw(-32768)).toBe(0x00);
  });

  it('re-encodes every decoded code to itself (0x7f, negative zero, becomes 0xff)', () => {
    for (let code = 0; code < 256; code++) {
      expect(linearToMulaw(mulawToLinear(code))).toBe(code === 0x7f ? 0xff : code);
    }
  });

  it('keeps the round-trip error within half a quantisation step for every 16-bit value', () => {
    const violations: number[] = [];
    for (let x = -32635; x <= 32635; x++) {
      // Segment e spans biased magnitudes [2^(e+7), 2^(e+8)) in steps of 2^(e+3): half a step ≤ magnitude/32.
      if (Math.abs(mulawToLinear(linearToMulaw(x)) - x) > (Math.abs(x) + 132) / 32) violations.push(x);
    }
    expect(violations).toEqual([]);
  });
});

describe('G.711 A-law', () => {
  it('matches the standard code points', () => {
    expect(linearToAlaw(0)).toBe(0xd5);
    expect(alawToLinear(0xd5)).toBe(8);
    expect(alawToLinear(0x55)).toBe(-8);
    expect(alawToLinear(0xaa)).toBe(32256);
    expect(alawToLinear(0x2a)).toBe(-32256);
    expect(linearToAlaw(32767)).toBe(0xaa);
    expect(linearToAlaw(-32768)).toBe(0x2a);
  });

  it('re-encodes every decoded code to itself', () => {
    for (let code = 0; code < 256; code++) expect(linearToAlaw(alawToLinear(code))).toBe(code);
  });

  it('keeps the round-trip error within half a quantisation step for every 16-bit value', () => {
    const violations: number[] = [];
    for (let x = -32768; x <= 32767; x++) {
      // Segments 0-1 have 16-unit steps; segment s ≥ 1 spans [2^(s+7), 2^(s+8)) in steps of 2^(s+3).
      const bound = Math.max(8, Math.abs(x) / 32) + 1;
      if (Math.abs(alawToLinear(linearToAlaw(x)) - x) > bound) violations.push(x);
    }
    expect(violations).toEqual([]);
  });
});

describe('resample', () => {
  it('returns a copy at the same rate and round(n × to / from) samples otherwise', () => {
    const input = sine(1600, 440, 16000);
    expect(resample(input, 16000, 16000)).toEqual(input);
    expect(resample(input, 16000, 8000).length).toBe(800 * 2);
    expect(resample(input, 16000, 24000).length).toBe(2400 * 2);
    expect(resample(pcm([1, 2, 3]), 22050, 16000).length).toBe(2 * 2);
  });

  it('interpolates linearly between neighbours', () => {
    expect(samples(resample(pcm([0, 100, 200]), 1000, 2000))).toEqual([0, 50, 100, 150, 200, 200]);
  });

  it('keeps a speech-band tone close after 16k → 8k → 16k', () => {
    const input = sine(1600, 300, 16000);
    const back = samples(resample(resample(input, 16000, 8000), 8000, 16000));
    const orig = samples(input);
    const worst = Math.max(...orig.slice(0, -2).map((s, i) => Math.abs(s - (back[i] ?? 0))));
    expect(worst).toBeLessThan(10000 * 0.1);
  });
});

describe('encodeFor / decodeFrom', () => {
  const speech = sine(1600, 440, 16000);

  it('LINEAR16 at the same rate is the identity', () => {
    const wire = encodeFor(speech, 16000, { audioEncoding: 'LINEAR16', sampleRateHertz: 16000 });
    expect(wire).toEqual(speech);
    expect(decodeFrom(wire, { audioEncoding: 'LINEAR16', sampleRateHertz: 16000 })).toEqual(speech);
  });

  it('MULAW and ALAW at 8 kHz give one byte per sample and decode back to PCM16', () => {
    for (const audioEncoding of ['MULAW', 'ALAW'] as const) {
      const config = { audioEncoding, sampleRateHertz: 8000 };
      const wire = encodeFor(speech, 16000, config);
      expect(wire.length).toBe(800);
      const back = decodeFrom(wire, config, 16000);
      expect(back.length).toBe(speech.length);
      const orig = samples(speech);
      const err = samples(back)
        .slice(0, -2)
        .map((s, i) => Math.abs(s - (orig[i] ?? 0)));
      expect(Math.max(...err)).toBeLessThan(1500);
    }
  });

  it('refuses unsupported encodings and odd PCM16 lengths with clear codes', () => {
    expect(() => encodeFor(speech, 16000, { audioEncoding: 'OGG_OPUS' as never, sampleRateHertz: 16000 })).toThrow(
      new AudioError('BAD_AUDIO_CONFIG', 'unsupported audio encoding "OGG_OPUS": expected LINEAR16, MULAW or ALAW'),
    );
    expect(() => decodeFrom(Buffer.alloc(3), { audioEncoding: 'LINEAR16', sampleRateHertz: 16000 })).toThrow(
      'PCM16 audio must have an even byte length, found 3 bytes',
    );
    expect(() => resample(speech, 0, 16000)).toThrow('unsupported sample rate 0 Hz');
  });
});
