// A deterministic stand-in for the agent's synthesised voice in the emulator: not speech, but
// audio with the properties clients depend on — its length follows the text (60 ms per
// character, capped at 20 s), it is loud enough to count as speech, and the same text always
// gives the same bytes. Each character is a short tone whose pitch comes from its code point;
// spaces are pauses, like gaps between words.
import { checkRate } from './config.js';

export interface SynthSignalOptions {
  sampleRateHertz: number;
  /** Length per character (default 60 ms). */
  msPerChar?: number;
  /** Upper bound on the whole signal (default 20 s). */
  maxMs?: number;
}

const AMPLITUDE = 8000; // ≈ -12 dBFS peak: clearly speech-level, far from clipping
const RAMP_MS = 5; // fade in/out per tone, so tone boundaries do not click

export function synthesizeAgentAudio(text: string, options: SynthSignalOptions): Buffer {
  const rate = checkRate(options.sampleRateHertz);
  const msPerChar = options.msPerChar ?? 60;
  const maxMs = options.maxMs ?? 20_000;
  const chars = Array.from(text);
  const toneSamples = Math.round((rate * msPerChar) / 1000);
  const total = Math.min(chars.length * toneSamples, Math.round((rate * maxMs) / 1000));
  const out = Buffer.alloc(total * 2);
  const ramp = Math.max(1, Math.round((rate * RAMP_MS) / 1000));
  for (let i = 0; i < total; i++) {
    const index = Math.floor(i / toneSamples);
    const char = chars[index] ?? ' ';
    if (/\s/u.test(char)) continue; // a pause between words
    const within = i - index * toneSamples;
    const envelope = Math.min(1, within / ramp, (toneSamples - within) / ramp);
    const hz = toneHz(char);
    out.writeInt16LE(Math.round(AMPLITUDE * envelope * Math.sin((2 * Math.PI * hz * within) / rate)), i * 2);
  }
  return out;
}

/** 200–950 Hz, the range of voiced speech fundamentals and first formants. */
function toneHz(char: string): number {
  return 200 + ((char.codePointAt(0) ?? 0) % 16) * 50;
}
