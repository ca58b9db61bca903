import { describe, expect, it } from 'vitest';
import { UtteranceDetector } from './endpoint.js';
import { trimSilence } from './fingerprint.js';

const RATE = 16000;
const zeros = (ms: number): Buffer => Buffer.alloc(Math.round((RATE * ms) / 1000) * 2);
function tone(ms: number, amp = 8000, hz = 300): Buffer {
  const n = Math.round((RATE * ms) / 1000);
  const b = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) b.writeInt16LE(Math.round(amp * Math.sin((2 * Math.PI * hz * i) / RATE)), i * 2);
  return b;
}
/** Pushes `audio` in `chunkMs` chunks; returns the chunk indexes where speech started and utterances ended. */
function feed(detector: UtteranceDetector, audio: Buffer, chunkMs = 100): { started: number[]; ended: number[] } {
  const size = ((RATE * chunkMs) / 1000) * 2;
  const started: number[] = [];
  const ended: number[] = [];
  for (let i = 0; i * size < audio.length; i++) {
    const r = detector.push(audio.subarray(i * size, (i + 1) * size));
    if (r.speechStarted) started.push(i);
    if (r.utteranceEnded) ended.push(i);
  }
  return { started, ended };
}

describe('UtteranceDetector', () => {
  it('starts on speech and ends after 500 ms of silence, returning the speech without padding', () => {
    const speech = tone(400);
    const detector = new UtteranceDetector({ sampleRateHertz: RATE });
    const events = feed(detector, Buffer.concat([zeros(300), speech, zeros(600)]));
    expect(events).toEqual({ started: [3], ended: [11] }); // speech at 300 ms (+30 ms to confirm); end at 700 + 500 ms
    expect(detector.speaking).toBe(false);
    expect(detector.take()).toEqual(trimSilence(speech, RATE));
    expect(detector.take().length).toBe(0);
  });

  it('makes the silence length configurable', () => {
    const detector = new UtteranceDetector({ sampleRateHertz: RATE, silenceMs: 200 });
    expect(feed(detector, Buffer.concat([zeros(300), tone(400), zeros(600)])).ended).toEqual([8]);
  });

  it('keeps pauses shorter than silenceMs inside one utterance', () => {
    const words = Buffer.concat([tone(200), zeros(300), tone(200, 6000, 500)]);
    const detector = new UtteranceDetector({ sampleRateHertz: RATE });
    const events = feed(detector, Buffer.concat([zeros(100), words, zeros(700)]));
    expect(events.ended).toHaveLength(1);
    expect(detector.take()).toEqual(trimSilence(words, RATE));
  });

  it('separates utterances split by a long pause, even within one push', () => {
    const a = tone(200);
    const b = tone(300, 5000, 700);
    const detector = new UtteranceDetector({ sampleRateHertz: RATE });
    const r = detector.push(Buffer.concat([a, zeros(600), b, zeros(600)]));
    expect(r).toEqual({ speechStarted: true, utteranceEnded: true });
    expect(detector.pending).toBe(2);
    expect(detector.take()).toEqual(trimSilence(a, RATE));
    expect(detector.take()).toEqual(trimSilence(b, RATE));
  });

  it('ignores clicks shorter than minSpeechMs and noise below the threshold', () => {
    const detector = new UtteranceDetector({ sampleRateHertz: RATE });
    const noise = tone(1000, 100); // ≈ -53 dBFS RMS: an idle line, not speech
    const events = feed(detector, Buffer.concat([zeros(200), tone(10), zeros(800), noise]));
    expect(events).toEqual({ started: [], ended: [] });
    expect(detector.pending).toBe(0);
  });

  it('honours thresholdDb', () => {
    const quiet = Buffer.concat([tone(400, 150), zeros(600)]); // ≈ -47 dBFS RMS
    expect(feed(new UtteranceDetector({ sampleRateHertz: RATE }), quiet).started).toEqual([]);
    expect(feed(new UtteranceDetector({ sampleRateHertz: RATE, thresholdDb: -55 }), quiet).started).toEqual([0]);
  });

  it('finish() ends the utterance in progress (the stream closed mid-speech)', () => {
    const detector = new UtteranceDetector({ sampleRateHertz: RATE });
    expect(detector.finish()).toBe(false);
    const speech = tone(250);
    detector.push(Buffer.concat([zeros(50), speech]));
    expect(detector.speaking).toBe(true);
    expect(detector.finish()).toBe(true);
    expect(detector.take()).toEqual(trimSilence(speech, RATE));
  });

  it('cuts an endless utterance at maxUtteranceMs', () => {
    const detector = new UtteranceDetector({ sampleRateHertz: RATE, maxUtteranceMs: 1000 });
    expect(feed(detector, tone(2500)).ended).toEqual([9, 19]);
  });
});
