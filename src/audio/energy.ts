// Level measurements shared by endpointing and fingerprinting, and the two thresholds:
//
// - SILENT_SAMPLE_MAX (64 ≈ -54 dBFS peak): a sample at or below it counts as silence when
//   trimming. It sits above the residue of digital silence after G.711 (A-law's idle code
//   decodes to ±8) and dither, and far below any speech sample, so trimming only removes
//   padding and never eats into a word.
// - DEFAULT_SPEECH_THRESHOLD_DB (-45 dBFS RMS over 10 ms): a frame above it is speech. Speech
//   at a normal recording level sits around -30 to -15 dBFS RMS and quiet rooms or phone lines
//   idle below -55, so -45 separates them with ~10 dB of margin on each side.

const SILENT_SAMPLE_MAX = 64;
export const DEFAULT_SPEECH_THRESHOLD_DB = -45;
const FRAME_MS = 10;

/** Samples in one 10 ms analysis frame at `sampleRateHertz` (at least one). */
export function frameSamples(sampleRateHertz: number): number {
  return Math.max(1, Math.round((sampleRateHertz * FRAME_MS) / 1000));
}

/** RMS level of PCM16 samples [start, end) in dBFS (-Infinity for digital silence). */
export function rmsDb(pcm16: Buffer, start = 0, end = pcm16.length / 2): number {
  if (end <= start) return -Infinity;
  let sum = 0;
  for (let i = start; i < end; i++) {
    const s = pcm16.readInt16LE(i * 2);
    sum += s * s;
  }
  const rms = Math.sqrt(sum / (end - start));
  return rms === 0 ? -Infinity : 20 * Math.log10(rms / 32768);
}

/** Index of the first sample louder than SILENT_SAMPLE_MAX, or -1. */
export function firstLoudSample(pcm16: Buffer): number {
  const n = pcm16.length >> 1;
  for (let i = 0; i < n; i++) if (Math.abs(pcm16.readInt16LE(i * 2)) > SILENT_SAMPLE_MAX) return i;
  return -1;
}

/** Index of the last sample louder than SILENT_SAMPLE_MAX, or -1. */
export function lastLoudSample(pcm16: Buffer): number {
  for (let i = (pcm16.length >> 1) - 1; i >= 0; i--)
    if (Math.abs(pcm16.readInt16LE(i * 2)) > SILENT_SAMPLE_MAX) return i;
  return -1;
}
