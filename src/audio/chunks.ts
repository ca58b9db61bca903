// Splitting wire audio into realtime chunks, and making silence in any encoding.
import { bytesPerSample, checkAudioConfig, silenceByte, type AudioConfig } from './config.js';
import { AudioError } from './errors.js';

export interface ChunkOptions extends AudioConfig {
  /** Chunk length; 100 ms is what the reference client and Google's samples send. */
  chunkMs?: number;
}

/** Bytes in `ms` of audio, always a whole number of samples (rounded to the nearest sample). */
export function bytesForMs(ms: number, config: AudioConfig): number {
  const { audioEncoding, sampleRateHertz } = checkAudioConfig(config);
  if (!Number.isFinite(ms) || ms < 0)
    throw new AudioError('BAD_AUDIO_CONFIG', `audio length must be a non-negative number of ms, found ${String(ms)}`);
  return Math.round((sampleRateHertz * ms) / 1000) * bytesPerSample(audioEncoding);
}

/**
 * Wire bytes → chunks of `chunkMs` (3200 bytes for 100 ms of 16 kHz LINEAR16, 1600 for MULAW
 * or ALAW). The last chunk is shorter when the audio does not divide evenly; it is not padded,
 * so the audio sent is exactly the audio given.
 */
export function chunkAudio(bytes: Buffer, options: ChunkOptions): Buffer[] {
  const chunkMs = options.chunkMs ?? 100;
  const size = bytesForMs(chunkMs, options);
  if (size <= 0) throw new AudioError('BAD_AUDIO_CONFIG', `chunkMs ${String(chunkMs)} is shorter than one sample`);
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += size) chunks.push(bytes.subarray(offset, offset + size));
  return chunks;
}

/** `ms` of digital silence in `config`'s encoding (0 for LINEAR16, 0xFF µ-law, 0xD5 A-law). */
export function silence(ms: number, config: AudioConfig): Buffer {
  return Buffer.alloc(bytesForMs(ms, config), silenceByte(config.audioEncoding));
}

/** Playback time of `bytes` of wire audio (the reference's "agent done talking" estimate). */
export function durationMs(bytes: Buffer | number, config: AudioConfig): number {
  const { audioEncoding, sampleRateHertz } = checkAudioConfig(config);
  const length = typeof bytes === 'number' ? bytes : bytes.length;
  return (length / bytesPerSample(audioEncoding) / sampleRateHertz) * 1000;
}
