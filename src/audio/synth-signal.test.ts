import { describe, expect, it } from 'vitest';
import { UtteranceDetector } from './endpoint.js';
import { rmsDb } from './energy.js';
import { synthesizeAgentAudio } from './synth-signal.js';

describe('synthesizeAgentAudio', () => {
  it('lasts 60 ms per character at the requested rate', () => {
    expect(synthesizeAgentAudio('hello', { sampleRateHertz: 16000 }).length).toBe(5 * 960 * 2);
    expect(synthesizeAgentAudio('hello', { sampleRateHertz: 8000 }).length).toBe(5 * 480 * 2);
    // code points, not UTF-16 units
    expect(synthesizeAgentAudio('héllo 👋', { sampleRateHertz: 16000 }).length).toBe(7 * 960 * 2);
    expect(synthesizeAgentAudio('', { sampleRateHertz: 16000 }).length).toBe(0);
  });

  it('is capped at 20 s', () => {
    expect(synthesizeAgentAudio('x'.repeat(1000), { sampleRateHertz: 16000 }).length).toBe(20 * 16000 * 2);
  });

  it('is deterministic and depends on the text', () => {
    const a = synthesizeAgentAudio('Your balance is $42.50.', { sampleRateHertz: 16000 });
    expect(synthesizeAgentAudio('Your balance is $42.50.', { sampleRateHertz: 16000 })).toEqual(a);
    expect(synthesizeAgentAudio('Your balance is $42.51.', { sampleRateHertz: 16000 })).not.toEqual(a);
  });

  it('is speech-level audio with pauses for spaces, one utterance to the endpointer', () => {
    const audio = synthesizeAgentAudio('hi there', { sampleRateHertz: 16000 });
    expect(rmsDb(audio, 0, 960)).toBeGreaterThan(-25);
    expect(rmsDb(audio, 2 * 960, 3 * 960)).toBe(-Infinity); // the space
    const detector = new UtteranceDetector({ sampleRateHertz: 16000 });
    detector.push(Buffer.concat([audio, Buffer.alloc(16000 * 2)]));
    expect(detector.pending).toBe(1);
  });
});
