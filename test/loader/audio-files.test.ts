// An `audio: { file }` is a WAV file: anything else is a BAD_AUDIO error at the value when the specs
// load (`validate`), not bytes streamed as raw PCM that the agent "hears" as noise.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeWav } from '../../src/audio/index.js';
import { loadSpecs } from '../../src/runner/load/index.js';
import { writeTree } from './helpers.js';

const spec = (...files: string[]) =>
  'conversations:\n  - name: voice\n    modality: audio\n    turns:\n' +
  files.map((f) => `      - audio: { file: ${f} }\n`).join('');

async function load(files: Record<string, string | Buffer>) {
  const cwd = writeTree({ 'specs/a.yaml': String(files['specs/a.yaml']) });
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(cwd, name), content);
  return loadSpecs(['specs/a.yaml'], { cwd, env: {} });
}

describe('audio files', () => {
  const wav = encodeWav(Buffer.alloc(3200, 1), { sampleRateHertz: 16000 });

  it('refuses a file that is not a WAV (an MP3, a text file) at its file:line:col, never quoting it', async () => {
    const { errors } = await load({
      'specs/a.yaml': spec('song.mp3', 'note.txt', 'ok.wav'),
      'specs/song.mp3': Buffer.concat([Buffer.from('ID3\x04'), Buffer.alloc(32000, 0x55)]),
      'specs/note.txt': 'API_KEY=sk-live-TOPSECRET\n',
      'specs/ok.wav': wav,
    });
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      [
        'BAD_AUDIO',
        'specs/a.yaml:5:24 conversations[0].turns[0].audio.file: ' +
          '"song.mp3": not a WAV file: no RIFF/WAVE header (audio files are 16-bit PCM WAV)',
      ],
      [
        'BAD_AUDIO',
        'specs/a.yaml:6:24 conversations[0].turns[1].audio.file: ' +
          '"note.txt": not a WAV file: no RIFF/WAVE header (audio files are 16-bit PCM WAV)',
      ],
    ]);
  });

  it('refuses a WAV of a format that cannot be sent (8-bit), naming it', async () => {
    const eightBit = Buffer.from(wav);
    eightBit.writeUInt16LE(8, 34);
    const { errors } = await load({ 'specs/a.yaml': spec('low.wav'), 'specs/low.wav': eightBit });
    expect(errors.map((e) => e.message)).toEqual([
      'specs/a.yaml:5:24 conversations[0].turns[0].audio.file: "low.wav": unsupported WAV audio: ' +
        'expected 16-bit PCM mono or stereo, found format PCM, 8-bit, 1 channel(s), 16000 Hz',
    ]);
  });

  it('finds the fmt chunk of an 8-bit or float WAV after a LIST chunk larger than 4 KB', async () => {
    const withList = (of: Buffer): Buffer => {
      const list = Buffer.alloc(8 + 6000);
      list.write('LIST', 0, 'ascii');
      list.writeUInt32LE(6000, 4);
      return Buffer.concat([of.subarray(0, 12), list, of.subarray(12)]);
    };
    const eightBit = Buffer.from(wav);
    eightBit.writeUInt16LE(8, 34);
    const float = Buffer.from(wav);
    float.writeUInt16LE(3, 20);
    float.writeUInt16LE(32, 34);
    const { errors } = await load({
      'specs/a.yaml': spec('u8.wav', 'float.wav'),
      'specs/u8.wav': withList(eightBit),
      'specs/float.wav': withList(float),
    });
    expect(errors.map((e) => e.message)).toEqual([
      'specs/a.yaml:5:24 conversations[0].turns[0].audio.file: "u8.wav": unsupported WAV audio: ' +
        'expected 16-bit PCM mono or stereo, found format PCM, 8-bit, 1 channel(s), 16000 Hz',
      'specs/a.yaml:6:24 conversations[0].turns[1].audio.file: "float.wav": unsupported WAV audio: ' +
        'expected 16-bit PCM mono or stereo, found format IEEE float, 32-bit, 1 channel(s), 16000 Hz',
    ]);
  });

  it('refuses a WAV with nothing to hear (no samples, none louder than silence), reading it all', async () => {
    // 3 s of silence, then a quiet hiss that stays under the threshold: the whole file is read
    const hiss = Buffer.alloc(96_000 + 32_000);
    for (let i = 48_000; i < hiss.length / 2; i++) hiss.writeInt16LE(i % 2 ? 60 : -60, i * 2);
    const late = Buffer.from(hiss);
    late.writeInt16LE(2000, late.length - 2);
    const { errors } = await load({
      'specs/a.yaml': spec('empty.wav', 'silent.wav', 'late.wav'),
      'specs/empty.wav': encodeWav(Buffer.alloc(0), { sampleRateHertz: 16000 }),
      'specs/silent.wav': encodeWav(hiss, { sampleRateHertz: 16000 }),
      'specs/late.wav': encodeWav(late, { sampleRateHertz: 16000 }),
    });
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      [
        'BAD_AUDIO',
        'specs/a.yaml:5:24 conversations[0].turns[0].audio.file: "empty.wav": ' +
          'the audio is empty: its data chunk holds no samples',
      ],
      [
        'BAD_AUDIO',
        'specs/a.yaml:6:24 conversations[0].turns[1].audio.file: "silent.wav": the audio is silent: no sample ' +
          'is louder than the silence threshold (about -54 dBFS), so nothing would be heard and the turn ' +
          'would only wait for its timeout',
      ],
    ]);
  });

  it("loads 16-bit PCM WAVs, the demo's too", async () => {
    const { files, errors } = await load({ 'specs/a.yaml': spec('ok.wav'), 'specs/ok.wav': wav });
    expect(errors).toEqual([]);
    expect(files[0]!.conversations[0]!.turns[0]!.input).toEqual({ kind: 'audio', file: 'specs/ok.wav' });
    const demo = await loadSpecs(['specs/demo/voice.yaml'], { cwd: path.resolve(import.meta.dirname, '../..') });
    expect(demo.errors).toEqual([]);
  });
});
