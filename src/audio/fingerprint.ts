// The emulator's deterministic stand-in for speech recognition: an utterance is identified by
// the SHA-256 of its audio with leading and trailing silence removed, and an app's
// `transcripts` table maps that key to the text "recognised".
//
// Trimming is at sample granularity (first to last sample louder than SILENT_SAMPLE_MAX), not
// at frame granularity: a frame grid depends on where the stream started, so the same words
// padded with a different amount of silence, or cut into different chunk sizes, would hash
// differently. Sample-exact trimming makes the key of a WAV file's speech equal the key of
// that speech after chunking, silence padding and endpointing (see fingerprint.test.ts).
import { createHash } from 'node:crypto';
import { checkPcm16, decodeFrom, encodeFor } from './codec.js';
import { bytesPerSample, checkRate, type AudioConfig } from './config.js';
import { firstLoudSample, lastLoudSample } from './energy.js';

/** PCM16 without its leading and trailing silence (empty when it is all silence). */
export function trimSilence(pcm16: Buffer, sampleRateHertz: number): Buffer {
  checkPcm16(pcm16);
  checkRate(sampleRateHertz); // the rate does not change sample-exact trimming; checked for misuse
  const first = firstLoudSample(pcm16);
  if (first < 0) return Buffer.alloc(0);
  return Buffer.from(pcm16.subarray(first * 2, (lastLoudSample(pcm16) + 1) * 2));
}

/** Hex SHA-256 of the trimmed PCM16 bytes. All-silent audio hashes the empty string. */
export function transcriptKey(pcm16: Buffer, sampleRateHertz: number): string {
  return createHash('sha256').update(trimSilence(pcm16, sampleRateHertz)).digest('hex');
}

/**
 * The key the emulator computes when `pcm16` is sent as `wire` audio: the client converts it
 * with encodeFor, the emulator decodes it back to PCM16 at the wire rate. G.711 and resampling
 * are lossy, so this differs from transcriptKey(pcm16) unless the wire is LINEAR16 at the same
 * rate; transcript tables list one key per wire format they should recognise.
 */
export function transcriptKeyFor(pcm16: Buffer, sampleRateHertz: number, wire: AudioConfig): string {
  const received = decodeFrom(encodeFor(pcm16, sampleRateHertz, wire), wire);
  return transcriptKey(received, wire.sampleRateHertz);
}

/**
 * Bytes of `wire` (audio in `config`'s encoding) up to the end of its last sample louder than
 * the silence threshold: where the speech ends, for timing the answer from the end of the
 * user's speech rather than from the end of the silence after it. All silence → wire.length.
 */
export function speechEndOffset(wire: Buffer, config: AudioConfig): number {
  const last = lastLoudSample(decodeFrom(wire, config));
  return last < 0 ? wire.length : (last + 1) * bytesPerSample(config.audioEncoding);
}
