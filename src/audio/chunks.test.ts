import { describe, expect, it } from 'vitest';
import { bytesForMs, chunkAudio, durationMs, silence } from './chunks.js';
import type { AudioConfig } from './config.js';

const L16: AudioConfig = { audioEncoding: 'LINEAR16', sampleRateHertz: 16000 };

describe('chunkAudio', () => {
  it.each([
    ['LINEAR16', 16000, 3200],
    ['LINEAR16', 8000, 1600],
    ['LINEAR16', 24000, 4800],
    ['MULAW', 16000, 1600],
    ['MULAW', 8000, 800],
    ['ALAW', 16000, 1600],
    ['ALAW', 8000, 800],
  ] as const)('100 ms of %s at %i Hz is %i bytes', (audioEncoding, sampleRateHertz, size) => {
    const chunks = chunkAudio(Buffer.alloc(size * 3 + 10), { audioEncoding, sampleRateHertz });
    expect(chunks.map((c) => c.length)).toEqual([size, size, size, 10]);
  });

  it('honours chunkMs, keeps whole samples and concatenates back to the input', () => {
    const audio = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));
    const chunks = chunkAudio(audio, { ...L16, chunkMs: 20 });
    expect(chunks[0]?.length).toBe(640);
    expect(Buffer.concat(chunks)).toEqual(audio);
    expect(bytesForMs(10, { audioEncoding: 'LINEAR16', sampleRateHertz: 22050 })).toBe(442); // 220.5 → 221 samples
  });

  it('returns no chunks for no audio and refuses chunks shorter than a sample', () => {
    expect(chunkAudio(Buffer.alloc(0), L16)).toEqual([]);
    expect(() => chunkAudio(Buffer.alloc(10), { ...L16, chunkMs: 0 })).toThrow('chunkMs 0 is shorter than one sample');
  });
});

describe('silence', () => {
  it("uses each encoding's silent code", () => {
    expect(silence(100, L16)).toEqual(Buffer.alloc(3200, 0));
    expect(silence(300, { audioEncoding: 'MULAW', sampleRateHertz: 8000 })).toEqual(Buffer.alloc(2400, 0xff));
    expect(silence(100, { audioEncoding: 'ALAW', sampleRateHertz: 16000 })).toEqual(Buffer.alloc(1600, 0xd5));
    expect(silence(0, L16).length).toBe(0);
  });

  it('refuses negative lengths', () => {
    expect(() => silence(-1, L16)).toThrow('audio length must be a non-negative number of ms, found -1');
  });
});

describe('durationMs', () => {
  it('converts bytes to playback time per encoding', () => {
    expect(durationMs(Buffer.alloc(32000), L16)).toBe(1000);
    expect(durationMs(3200, L16)).toBe(100);
    expect(durationMs(8000, { audioEncoding: 'MULAW', sampleRateHertz: 8000 })).toBe(1000);
    expect(durationMs(4000, { audioEncoding: 'ALAW', sampleRateHertz: 16000 })).toBe(250);
  });
});
