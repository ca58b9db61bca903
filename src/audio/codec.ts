// Conversions between PCM16 (our working format: mono, little-endian, 16-bit) and what goes
// on the wire: LINEAR16, MULAW or ALAW at the configured rate.
import { AudioError } from './errors.js';
import { checkAudioConfig, checkRate, type AudioConfig } from './config.js';
import { alawToLinear, linearToAlaw, linearToMulaw, mulawToLinear } from './g711.js';

export function checkPcm16(pcm16: Buffer): Buffer {
  if (pcm16.length % 2 !== 0)
    throw new AudioError('BAD_AUDIO', `PCM16 audio must have an even byte length, found ${pcm16.length} bytes`);
  return pcm16;
}

function pcm16ToMulaw(pcm16: Buffer): Buffer {
  return mapEncode(checkPcm16(pcm16), linearToMulaw);
}

function mulawToPcm16(bytes: Buffer): Buffer {
  return mapDecode(bytes, mulawToLinear);
}

function pcm16ToAlaw(pcm16: Buffer): Buffer {
  return mapEncode(checkPcm16(pcm16), linearToAlaw);
}

function alawToPcm16(bytes: Buffer): Buffer {
  return mapDecode(bytes, alawToLinear);
}

function mapEncode(pcm16: Buffer, encode: (sample: number) => number): Buffer {
  const out = Buffer.alloc(pcm16.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = encode(pcm16.readInt16LE(i * 2));
  return out;
}

function mapDecode(bytes: Buffer, decode: (code: number) => number): Buffer {
  const out = Buffer.alloc(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) out.writeInt16LE(decode(bytes[i] ?? 0), i * 2);
  return out;
}

/**
 * Linear-interpolation resampling. Not studio quality (no anti-alias filter when downsampling),
 * but deterministic, dependency-free and plenty for speech at telephone/wideband rates.
 * Output length is round(n × toHz / fromHz).
 */
export function resample(pcm16: Buffer, fromHz: number, toHz: number): Buffer {
  checkPcm16(pcm16);
  checkRate(fromHz);
  checkRate(toHz);
  if (fromHz === toHz) return Buffer.from(pcm16);
  const inCount = pcm16.length / 2;
  const outCount = Math.round((inCount * toHz) / fromHz);
  const out = Buffer.alloc(outCount * 2);
  for (let i = 0; i < outCount; i++) {
    const pos = (i * fromHz) / toHz;
    const left = Math.floor(pos);
    const frac = pos - left;
    const a = pcm16.readInt16LE(Math.min(left, inCount - 1) * 2);
    const b = pcm16.readInt16LE(Math.min(left + 1, inCount - 1) * 2);
    out.writeInt16LE(Math.round(a + (b - a) * frac), i * 2);
  }
  return out;
}

/** PCM16 at `sampleRateHertz` → bytes in `target`'s encoding and rate (what goes on the wire). */
export function encodeFor(pcm16: Buffer, sampleRateHertz: number, target: AudioConfig): Buffer {
  const { audioEncoding, sampleRateHertz: toHz } = checkAudioConfig(target);
  const pcm = resample(pcm16, sampleRateHertz, toHz);
  if (audioEncoding === 'MULAW') return pcm16ToMulaw(pcm);
  if (audioEncoding === 'ALAW') return pcm16ToAlaw(pcm);
  return pcm;
}

/** Wire bytes in `source`'s encoding and rate → PCM16 at `toHz` (default: the source rate). */
export function decodeFrom(bytes: Buffer, source: AudioConfig, toHz = source.sampleRateHertz): Buffer {
  const { audioEncoding, sampleRateHertz } = checkAudioConfig(source);
  let pcm: Buffer;
  if (audioEncoding === 'MULAW') pcm = mulawToPcm16(bytes);
  else if (audioEncoding === 'ALAW') pcm = alawToPcm16(bytes);
  else pcm = checkPcm16(bytes);
  return resample(pcm, sampleRateHertz, toHz);
}
