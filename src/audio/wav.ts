// RIFF/WAVE for PCM 16-bit: enough to read fixtures, espeak-ng and Google TTS output, and to
// write the WAV files reports link to. Anything else is refused with BAD_AUDIO, naming it.
import { AudioError } from './errors.js';
import { checkRate } from './config.js';
import { firstLoudSample } from './energy.js';

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

/**
 * Random access to a WAV file's bytes: the file in memory, or an open file read piece by piece (the
 * loader checks files of up to limits.fixtureBytes without holding them). `read` may return fewer
 * bytes than asked at the end.
 */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Buffer;
}

const inMemory = (buf: Buffer): ByteSource => ({
  size: buf.length,
  read: (offset, length) => buf.subarray(offset, offset + length),
});

/** Chunks walked before the data chunk: real files have a handful (fmt, LIST, fact, bext...). */
const MAX_CHUNKS = 1024;
/** The longest fmt chunk read (WAVE_FORMAT_EXTENSIBLE: 40 bytes); the rest is not needed. */
const FMT_BYTES = 64;
/** Bytes of samples scanned at a time for one louder than silence. */
const SCAN_BYTES = 64 * 1024;

export function decodeWav(buf: Buffer): DecodedWav {
  if (!isRiffWave(buf)) {
    throw new AudioError(
      'BAD_AUDIO',
      `not a WAV file: expected a RIFF/WAVE header, found ${JSON.stringify(buf.toString('latin1', 0, 4))}`,
    );
  }
  const { fmt, data } = findChunks(inMemory(buf));
  return toMono(buf.subarray(data.offset, data.offset + data.length), fmt);
}

/**
 * Why `wav` is not audio a turn can send, or undefined: not a WAV file decodeWav accepts, or one
 * with no sample louder than the silence threshold (energy.ts; nothing a recogniser or the
 * emulator could hear: the turn would only wait for its timeout). Chunk headers are walked and
 * the samples scanned in pieces, up to the first one that is not silent. The message never quotes
 * the bytes: the file may be anything (a spec's typo).
 */
export function wavProblem(wav: Buffer | ByteSource): string | undefined {
  const src = Buffer.isBuffer(wav) ? inMemory(wav) : wav;
  if (!isRiffWave(src.read(0, 12))) return 'not a WAV file: no RIFF/WAVE header (audio files are 16-bit PCM WAV)';
  try {
    const { data } = findChunks(src);
    if (data.length < 2) return 'the audio is empty: its data chunk holds no samples';
    return isSilent(src, data) ? SILENT : undefined;
  } catch (err) {
    if (err instanceof AudioError) return err.message;
    throw err;
  }
}

const SILENT =
  'the audio is silent: no sample is louder than the silence threshold (about -54 dBFS), so nothing ' +
  'would be heard and the turn would only wait for its timeout';

function isSilent(src: ByteSource, data: { offset: number; length: number }): boolean {
  for (let at = 0; at < data.length; at += SCAN_BYTES) {
    const piece = src.read(data.offset + at, Math.min(SCAN_BYTES, data.length - at));
    if (firstLoudSample(piece.subarray(0, piece.length - (piece.length % 2))) >= 0) return false;
    if (piece.length < SCAN_BYTES) break;
  }
  return true;
}

/**
 * The fmt chunk (format checked) and where the data chunk's bytes are, from the chunk headers
 * alone: a chunk's body is skipped, never read, so a large LIST chunk before fmt costs nothing.
 */
function findChunks(src: ByteSource): { fmt: Fmt; data: { offset: number; length: number } } {
  let fmt: Fmt | undefined;
  let offset = 12;
  for (let chunks = 0; offset + 8 <= src.size; chunks++) {
    if (chunks === MAX_CHUNKS) throw new AudioError('BAD_AUDIO', `bad WAV file: over ${MAX_CHUNKS} chunks`);
    const header = src.read(offset, 8);
    if (header.length < 8) break;
    const id = header.toString('ascii', 0, 4);
    const declared = header.readUInt32LE(4);
    const body = offset + 8;
    // Streaming writers (espeak-ng --stdout) cannot seek back, so they declare 0x7fffffff or 0:
    // the data chunk then runs to the end of the file.
    const size = Math.min(declared, src.size - body);
    if (id === 'fmt ') fmt = readFmt(src.read(body, Math.min(size, FMT_BYTES)), size);
    if (id === 'data') {
      if (!fmt) throw new AudioError('BAD_AUDIO', 'bad WAV file: data chunk before fmt chunk');
      checkFormat(fmt);
      return { fmt, data: { offset: body, length: declared === 0 ? src.size - body : size } };
    }
    offset = body + size + (size % 2); // chunks are word-aligned
  }
  throw new AudioError('BAD_AUDIO', 'bad WAV file: no data chunk');
}

function readFmt(chunk: Buffer, size: number): Fmt {
  if (chunk.length < 16) throw new AudioError('BAD_AUDIO', `bad WAV file: fmt chunk of ${size} bytes`);
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
