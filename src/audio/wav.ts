// RIFF/WAVE for PCM 16-bit: enough to read fixtures, espeak-ng and Google TTS output, and to
// write the WAV files reports link to. Anything else is refused with BAD_AUDIO, naming it.
import { AudioError } from './errors.js';
import { checkRate } from './config.js';

export interface WavFormat {
  sampleRateHertz: number;
  channels?: number;
  bitsPerSample?: number;
}

export interface DecodedWav {
  /** Mono PCM16 little-endian (stereo is downmixed). */
  pcm: Buffer;
  sampleRateHertz: number;
  /** Channels as found in the file (the pcm is mono regardless). */
  channels: number;
  bitsPerSample: number;
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

export function encodeWav(pcm: Buffer, format: WavFormat): Buffer {
  const channels = format.channels ?? 1;
  const bitsPerSample = format.bitsPerSample ?? 16;
  const rate = checkRate(format.sampleRateHertz);
  const blockAlign = channels * (bitsPerSample / 8);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(WAVE_FORMAT_PCM, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(bitsPerSample, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([header, pcm]);
}

interface Fmt {
  formatTag: number;
  channels: number;
  sampleRateHertz: number;
  bitsPerSample: number;
}

const isRiffWave = (buf: Buffer): boolean =>
  buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WAVE';

export function decodeWav(buf: Buffer): DecodedWav {
  if (!isRiffWave(buf)) {
    throw new AudioError(
      'BAD_AUDIO',
      `not a WAV file: expected a RIFF/WAVE header, found ${JSON.stringify(buf.toString('latin1', 0, 4))}`,
    );
  }
  const { fmt, data } = findChunks(buf, true)!;
  checkFormat(fmt);
  return toMono(data, fmt);
}

/**
 * Why a file that starts with `head` is not a WAV file decodeWav accepts, or undefined. `whole`: head
 * is the whole file; else a chunk running past it is not judged (the format is then checked when the
 * file is decoded). The message never quotes the bytes: the file may be anything (a spec's typo).
 */
export function wavHeaderProblem(head: Buffer, whole: boolean): string | undefined {
  if (!isRiffWave(head)) return 'not a WAV file: no RIFF/WAVE header (audio files are 16-bit PCM WAV)';
  try {
    const found = findChunks(head, whole);
    if (found) checkFormat(found.fmt);
    return undefined;
  } catch (err) {
    if (err instanceof AudioError) return err.message;
    throw err;
  }
}

/**
 * The fmt chunk and the data chunk's bytes. Not `whole`: undefined when a chunk before the data
 * runs past the end of `buf` (the data chunk's header is enough: its bytes are not needed).
 */
function findChunks(buf: Buffer, whole: boolean): { fmt: Fmt; data: Buffer } | undefined {
  let fmt: Fmt | undefined;
  let offset = 12;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('ascii', offset, offset + 4);
    const declared = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id !== 'data' && !whole && body + declared > buf.length) return undefined;
    // Streaming writers (espeak-ng --stdout) cannot seek back, so they declare 0x7fffffff or 0:
    // the data chunk then runs to the end of the file.
    const size = Math.min(declared, buf.length - body);
    if (id === 'fmt ') fmt = readFmt(buf.subarray(body, body + size));
    if (id === 'data') {
      if (!fmt) throw new AudioError('BAD_AUDIO', 'bad WAV file: data chunk before fmt chunk');
      const end = declared === 0 ? buf.length : body + size;
      return { fmt, data: buf.subarray(body, end) };
    }
    offset = body + size + (size % 2); // chunks are word-aligned
  }
  if (!whole) return undefined;
  throw new AudioError('BAD_AUDIO', 'bad WAV file: no data chunk');
}

function readFmt(chunk: Buffer): Fmt {
  if (chunk.length < 16) throw new AudioError('BAD_AUDIO', `bad WAV file: fmt chunk of ${chunk.length} bytes`);
  let formatTag = chunk.readUInt16LE(0);
  // WAVE_FORMAT_EXTENSIBLE carries the real format in the first 2 bytes of its sub-format GUID.
  if (formatTag === WAVE_FORMAT_EXTENSIBLE && chunk.length >= 26) formatTag = chunk.readUInt16LE(24);
  return {
    formatTag,
    channels: chunk.readUInt16LE(2),
    sampleRateHertz: chunk.readUInt32LE(4),
    bitsPerSample: chunk.readUInt16LE(14),
  };
}

function checkFormat(fmt: Fmt): void {
  const found =
    `format ${formatName(fmt.formatTag)}, ${fmt.bitsPerSample}-bit, ` +
    `${fmt.channels} channel(s), ${fmt.sampleRateHertz} Hz`;
  if (fmt.formatTag !== WAVE_FORMAT_PCM || fmt.bitsPerSample !== 16 || (fmt.channels !== 1 && fmt.channels !== 2)) {
    throw new AudioError('BAD_AUDIO', `unsupported WAV audio: expected 16-bit PCM mono or stereo, found ${found}`);
  }
  try {
    checkRate(fmt.sampleRateHertz);
  } catch {
    throw new AudioError('BAD_AUDIO', `unsupported WAV audio: sample rate out of range, found ${found}`);
  }
}

function toMono(data: Buffer, fmt: Fmt): DecodedWav {
  const frameBytes = 2 * fmt.channels;
  const whole = data.subarray(0, data.length - (data.length % frameBytes));
  const pcm = fmt.channels === 1 ? Buffer.from(whole) : downmix(whole);
  return { pcm, sampleRateHertz: fmt.sampleRateHertz, channels: fmt.channels, bitsPerSample: 16 };
}

/** Stereo → mono by averaging (floor), so a centred voice keeps its level and nothing clips. */
function downmix(stereo: Buffer): Buffer {
  const frames = stereo.length / 4;
  const out = Buffer.alloc(frames * 2);
  for (let i = 0; i < frames; i++) {
    out.writeInt16LE((stereo.readInt16LE(i * 4) + stereo.readInt16LE(i * 4 + 2)) >> 1, i * 2);
  }
  return out;
}

function formatName(tag: number): string {
  const names: Record<number, string> = { 1: 'PCM', 3: 'IEEE float', 6: 'A-law', 7: 'µ-law', 0x55: 'MP3' };
  return names[tag] ?? `0x${tag.toString(16)}`;
}
