// Audio configuration in the API's own words (InputAudioConfig / OutputAudioConfig), and the
// per-encoding facts every other file needs.
import { AudioError } from './errors.js';

/** The AudioEncoding values we support (docs/protocol.md §4); all mono. */
export type AudioEncoding = 'LINEAR16' | 'MULAW' | 'ALAW';

export interface AudioConfig {
  audioEncoding: AudioEncoding;
  sampleRateHertz: number;
}

const BYTES_PER_SAMPLE: Record<AudioEncoding, number> = { LINEAR16: 2, MULAW: 1, ALAW: 1 };

/**
 * The encoded value of digital silence. µ-law 0xFF decodes to 0; A-law has no zero code, 0xD5
 * decodes to +8 (the smallest positive step), which is what G.711 idle channels carry.
 */
const SILENCE_BYTE: Record<AudioEncoding, number> = { LINEAR16: 0x00, MULAW: 0xff, ALAW: 0xd5 };

/** Throws BAD_AUDIO_CONFIG unless `config` names a supported encoding and a positive integer rate. */
export function checkAudioConfig(config: AudioConfig): AudioConfig {
  checkEncoding(config.audioEncoding);
  checkRate(config.sampleRateHertz);
  return config;
}

/** Configs often come from JSON (proto enum names such as AUDIO_ENCODING_UNSPECIFIED): check at run time. */
function checkEncoding(audioEncoding: AudioEncoding): AudioEncoding {
  if (!Object.hasOwn(BYTES_PER_SAMPLE, audioEncoding)) {
    throw new AudioError(
      'BAD_AUDIO_CONFIG',
      `unsupported audio encoding ${JSON.stringify(audioEncoding)}: expected LINEAR16, MULAW or ALAW`,
    );
  }
  return audioEncoding;
}

export function checkRate(sampleRateHertz: number): number {
  if (!Number.isInteger(sampleRateHertz) || sampleRateHertz < 1000 || sampleRateHertz > 192000) {
    throw new AudioError(
      'BAD_AUDIO_CONFIG',
      `unsupported sample rate ${String(sampleRateHertz)} Hz: expected an integer between 1000 and 192000`,
    );
  }
  return sampleRateHertz;
}

export function bytesPerSample(encoding: AudioEncoding): number {
  return BYTES_PER_SAMPLE[checkEncoding(encoding)];
}

export function silenceByte(encoding: AudioEncoding): number {
  return SILENCE_BYTE[checkEncoding(encoding)];
}
