import { describe, expect, it } from 'vitest';
import { rmsDb } from './energy.js';
import { rejectionOf } from '../../test/helpers/rejection.js';
import { skipWithoutEspeak } from '../../test/helpers/system-tools.js';
import { AudioError } from './errors.js';
import { createSynthesizer } from './tts.js';
import { EspeakSynthesizer, espeakVoice } from './tts-espeak.js';

const skip = skipWithoutEspeak();

const rejection = (p: Promise<unknown>): Promise<AudioError> => rejectionOf(p, AudioError);

describe('EspeakSynthesizer', () => {
  it.skipIf(skip)('speaks text as PCM16 at the requested rate', async () => {
    const synth = createSynthesizer({ synthesizer: 'espeak' });
    expect(synth.name).toBe('espeak');
    const pcm16k = await synth.synthesize('what is my balance', { sampleRateHertz: 16000 });
    const ms = pcm16k.length / 2 / 16;
    expect(ms).toBeGreaterThan(700);
    expect(ms).toBeLessThan(3000);
    expect(rmsDb(pcm16k)).toBeGreaterThan(-35);
    const pcm8k = await synth.synthesize('what is my balance', { sampleRateHertz: 8000 });
    expect(Math.abs(pcm8k.length * 2 - pcm16k.length)).toBeLessThanOrEqual(4);
    // Reproducible: the same text gives the same audio (the fixtures rely on it).
    expect(await synth.synthesize('what is my balance', { sampleRateHertz: 16000 })).toEqual(pcm16k);
  });

  it.skipIf(skip)('passes text on stdin, so a leading dash is spoken, not parsed as an option', async () => {
    const pcm = await new EspeakSynthesizer().synthesize('-v is not an option', { sampleRateHertz: 16000 });
    expect(pcm.length).toBeGreaterThan(16000);
  });

  it.skipIf(skip)('reports a failing run with its exit code and stderr', async () => {
    const e = await rejection(
      new EspeakSynthesizer({ voice: 'zzzz-missing' }).synthesize('hi', { sampleRateHertz: 16000 }),
    );
    expect(e.code).toBe('SYNTHESIS_FAILED');
    expect(e.message).toBe('espeak-ng exited with code 1: Error: The specified espeak-ng voice does not exist.');
  });

  it('reports a missing binary as SYNTHESIZER_MISSING', async () => {
    const e = await rejection(
      createSynthesizer({ synthesizer: 'espeak', binary: 'espeak-ng-not-here' }).synthesize('hi', {
        sampleRateHertz: 16000,
      }),
    );
    expect(e.code).toBe('SYNTHESIZER_MISSING');
    expect(e.message).toBe(
      'espeak-ng (espeak-ng-not-here) is not installed (apt-get install espeak-ng), or choose `synthesizer: google`',
    );
  });

  it.skipIf(skip)('stops when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = new EspeakSynthesizer().synthesize('a long sentence '.repeat(50), {
      sampleRateHertz: 16000,
      signal: controller.signal,
    });
    controller.abort();
    const e = await rejection(pending);
    expect(e).toMatchObject({ code: 'SYNTHESIS_FAILED', message: 'espeak-ng was aborted' });
  });

  it('maps language codes to espeak voice names', () => {
    expect(espeakVoice(undefined)).toBe('en-us');
    expect(espeakVoice('en-GB')).toBe('en-gb');
  });
});

describe('createSynthesizer', () => {
  it('refuses an unknown synthesizer', () => {
    expect(() => createSynthesizer({ synthesizer: 'festival' as never })).toThrow(
      new AudioError(
        'SYNTHESIZER_MISSING',
        'unknown synthesizer "festival": choose `synthesizer: google` or `synthesizer: espeak`',
      ),
    );
  });
});
