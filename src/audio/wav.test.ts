import { describe, expect, it } from 'vitest';
import { AudioError } from './errors.js';
import { decodeWav, encodeWav, wavProblem } from './wav.js';

const pcm = (...samples: number[]): Buffer => {
  const b = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => b.writeInt16LE(s, i * 2));
  return b;
};

function badAudio(fn: () => unknown): AudioError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AudioError);
    expect((e as AudioError).code).toBe('BAD_AUDIO');
    return e as AudioError;
  }
  throw new Error('expected BAD_AUDIO');
}

describe('encodeWav / decodeWav', () => {
  it('round-trips mono PCM16 with a canonical 44-byte header', () => {
    const audio = pcm(0, 1, -1, 32767, -32768, 1234);
    const wav = encodeWav(audio, { sampleRateHertz: 16000 });
    expect(wav.length).toBe(44 + audio.length);
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(36 + audio.length);
    expect(wav.readUInt32LE(28)).toBe(32000); // byte rate
    expect(decodeWav(wav)).toEqual({ pcm: audio, sampleRateHertz: 16000, channels: 1, bitsPerSample: 16 });
  });

  it('downmixes stereo to mono by averaging', () => {
    const wav = encodeWav(pcm(100, 300, -100, -301, 32767, 32767), { sampleRateHertz: 8000, channels: 2 });
    const decoded = decodeWav(wav);
    expect(decoded.channels).toBe(2);
    expect(decoded.pcm).toEqual(pcm(200, -201, 32767));
  });

  it('reads streamed WAVs whose sizes say 0x7fffffff (espeak-ng --stdout)', () => {
    const wav = encodeWav(pcm(5, 6, 7), { sampleRateHertz: 22050 });
    wav.writeUInt32LE(0x7fffffff, 4);
    wav.writeUInt32LE(0x7fffffff, 40);
    expect(decodeWav(wav).pcm).toEqual(pcm(5, 6, 7));
  });

  it('skips unknown chunks and drops a trailing half sample', () => {
    const wav = encodeWav(pcm(9, 10), { sampleRateHertz: 16000 });
    const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([3, 0, 0, 0]), Buffer.from('abc'), Buffer.from([0])]);
    const withList = Buffer.concat([wav.subarray(0, 36), list, wav.subarray(36), Buffer.from([1])]);
    withList.writeUInt32LE(5, 40 + list.length);
    expect(decodeWav(withList).pcm).toEqual(pcm(9, 10));
  });

  it('accepts WAVE_FORMAT_EXTENSIBLE with a PCM sub-format', () => {
    const fmt = Buffer.alloc(40);
    fmt.writeUInt16LE(0xfffe, 0);
    fmt.writeUInt16LE(1, 2);
    fmt.writeUInt32LE(16000, 4);
    fmt.writeUInt16LE(16, 14);
    fmt.writeUInt16LE(1, 24);
    const data = pcm(42);
    const wav = Buffer.concat([
      Buffer.from('RIFF'),
      Buffer.alloc(4),
      Buffer.from('WAVEfmt '),
      Buffer.from([40, 0, 0, 0]),
      fmt,
      Buffer.from('data'),
      Buffer.from([2, 0, 0, 0]),
      data,
    ]);
    expect(decodeWav(wav).pcm).toEqual(data);
  });

  it('refuses what is not a WAV, naming what it found', () => {
    expect(badAudio(() => decodeWav(Buffer.from('ID3\u0004 mp3 data here'))).message).toBe(
      'not a WAV file: expected a RIFF/WAVE header, found "ID3\\u0004"',
    );
  });

  it('refuses other sample formats, naming them', () => {
    const eightBit = encodeWav(Buffer.from([1, 2]), { sampleRateHertz: 8000, bitsPerSample: 8 });
    expect(badAudio(() => decodeWav(eightBit)).message).toBe(
      'unsupported WAV audio: expected 16-bit PCM mono or stereo, found format PCM, 8-bit, 1 channel(s), 8000 Hz',
    );
    const mulaw = encodeWav(Buffer.from([1, 2]), { sampleRateHertz: 8000, bitsPerSample: 8 });
    mulaw.writeUInt16LE(7, 20);
    expect(badAudio(() => decodeWav(mulaw)).message).toContain('found format µ-law, 8-bit');
    const surround = encodeWav(Buffer.alloc(12), { sampleRateHertz: 48000, channels: 6 });
    expect(badAudio(() => decodeWav(surround)).message).toContain('16-bit, 6 channel(s), 48000 Hz');
  });

  it('refuses a WAV without data', () => {
    const header = encodeWav(Buffer.alloc(0), { sampleRateHertz: 16000 }).subarray(0, 36);
    expect(badAudio(() => decodeWav(header)).message).toBe('bad WAV file: no data chunk');
  });
});

describe('wavProblem', () => {
  const wav = encodeWav(pcm(1, 2, 300, 4), { sampleRateHertz: 16000 });
  const withList = (listBytes: number, of = wav): Buffer => {
    const list = Buffer.alloc(8 + listBytes);
    list.write('LIST', 0, 'ascii');
    list.writeUInt32LE(listBytes, 4);
    return Buffer.concat([of.subarray(0, 12), list, of.subarray(12)]);
  };
  /** A source that counts the bytes read, to show chunk bodies are skipped. */
  const counting = (buf: Buffer) => {
    const src = { size: buf.length, bytesRead: 0, read: (o: number, n: number) => buf.subarray(o, o + n) };
    src.read = (o, n) => {
      src.bytesRead += Math.min(n, Math.max(0, buf.length - o));
      return buf.subarray(o, o + n);
    };
    return src;
  };

  it('accepts what decodeWav accepts, whatever comes before the fmt chunk', () => {
    expect(wavProblem(wav)).toBeUndefined();
    expect(wavProblem(withList(100))).toBeUndefined();
    const big = counting(withList(5000));
    expect(wavProblem(big)).toBeUndefined();
    expect(big.bytesRead).toBeLessThan(200);
  });

  it('finds an 8-bit or float fmt chunk after a LIST chunk of any size', () => {
    const eightBit = Buffer.from(wav);
    eightBit.writeUInt16LE(8, 34);
    const float = Buffer.from(wav);
    float.writeUInt16LE(3, 20);
    float.writeUInt16LE(32, 34);
    expect(wavProblem(withList(5000, eightBit))).toBe(
      'unsupported WAV audio: expected 16-bit PCM mono or stereo, found format PCM, 8-bit, 1 channel(s), 16000 Hz',
    );
    expect(wavProblem(counting(withList(1 << 20, float)))).toMatch(/found format IEEE float, 32-bit/);
  });

  it('names a file that is no WAV without quoting its bytes', () => {
    const secret = Buffer.from('API_KEY=sk-live-TOPSECRET\n');
    const problem = wavProblem(secret);
    expect(problem).toBe('not a WAV file: no RIFF/WAVE header (audio files are 16-bit PCM WAV)');
    expect(wavProblem(Buffer.alloc(0))).toBe(problem);
  });

  it('names a WAV decodeWav refuses: format, order of chunks, no data', () => {
    const eightBit = Buffer.from(wav);
    eightBit.writeUInt16LE(8, 34);
    expect(wavProblem(eightBit)).toBe(
      'unsupported WAV audio: expected 16-bit PCM mono or stereo, found format PCM, 8-bit, 1 channel(s), 16000 Hz',
    );
    expect(wavProblem(wav.subarray(0, 36))).toBe('bad WAV file: no data chunk');
    expect(badAudio(() => decodeWav(eightBit)).message).toBe(wavProblem(eightBit));
  });

  it('refuses audio with no sample louder than silence, scanning to the end', () => {
    expect(wavProblem(encodeWav(Buffer.alloc(0), { sampleRateHertz: 16000 }))).toBe(
      'the audio is empty: its data chunk holds no samples',
    );
    const noise = Buffer.alloc(400_000);
    for (let i = 0; i < noise.length / 2; i++) noise.writeInt16LE(i % 2 ? 64 : -64, i * 2);
    const quiet = encodeWav(noise, { sampleRateHertz: 16000 });
    expect(wavProblem(quiet)).toMatch(/^the audio is silent: no sample is louder than the silence threshold/);
    // one loud sample at the very end is sound
    quiet.writeInt16LE(65, quiet.length - 2);
    expect(wavProblem(quiet)).toBeUndefined();
    const stereoSilence = encodeWav(Buffer.alloc(64_000), { sampleRateHertz: 8000, channels: 2 });
    expect(wavProblem(stereoSilence)).toMatch(/^the audio is silent/);
  });
});
