// Text → speech for audio turns written as text (`audio: { say }`, or text turns in audio
// modality). Two engines, chosen by config: Google Cloud Text-to-Speech (same credentials as
// the CES calls) or espeak-ng (offline, from Debian's packages). Neither is picked silently:
// a missing engine is a SYNTHESIZER_MISSING error.
import type { AuthClient } from 'google-auth-library';
import { EspeakSynthesizer, type EspeakOptions } from './tts-espeak.js';
import { GoogleSynthesizer, type GoogleTtsOptions } from './tts-google.js';
import { AudioError } from './errors.js';
import { firstLoudSample } from './energy.js';

export interface SynthesizeOptions {
  /** BCP-47 language, e.g. `en-US` (default: the synthesizer's configured language, else en-US). */
  languageCode?: string;
  /** Engine-specific voice name (Google `en-US-Neural2-F`, espeak `en-us+f3`). */
  voice?: string;
  sampleRateHertz: number;
  signal?: AbortSignal;
}

export interface Synthesizer {
  readonly name: string;
  /** PCM16 mono at `opts.sampleRateHertz`. */
  synthesize(text: string, opts: SynthesizeOptions): Promise<Buffer>;
}

/** explicit AuthClient, or where to find a token (keyFile, raw token); else CXAS_OAUTH_TOKEN, then ADC. */
export type TtsCredentials = AuthClient | { keyFile?: string; token?: string };

export interface SynthesizerConfig {
  synthesizer: 'google' | 'espeak';
  voice?: string;
  languageCode?: string;
  credentials?: TtsCredentials;
  /** Google only: project billed for the TTS quota (x-goog-user-project), needed with user ADC. */
  quotaProject?: string;
  /** Google only: API root, for tests and private endpoints (default https://texttospeech.googleapis.com). */
  baseUrl?: string;
  /** espeak only: the binary to run (default `espeak-ng`). */
  binary?: string;
  /** Per-call time limit (default 30 s). */
  timeoutMs?: number;
}

export function createSynthesizer(config: SynthesizerConfig): Synthesizer {
  return new HeardSynthesizer(engine(config));
}

/**
 * Text that speaks as silence ("...", a lone emoji) is refused at once, as a silent WAV file is: sent,
 * nothing would be heard and the turn would only wait for its timeout, then be retried. BAD_AUDIO
 * is not transient, so the conversation ends with this error instead.
 */
class HeardSynthesizer implements Synthesizer {
  constructor(private readonly inner: Synthesizer) {}

  get name(): string {
    return this.inner.name;
  }

  async synthesize(text: string, opts: SynthesizeOptions): Promise<Buffer> {
    const pcm = await this.inner.synthesize(text, opts);
    if (firstLoudSample(pcm) < 0)
      throw new AudioError(
        'BAD_AUDIO',
        `${JSON.stringify(text)} speaks as silence: no sample of the synthesised audio is louder than the ` +
          'silence threshold (about -54 dBFS), so nothing would be heard; write words to say',
      );
    return pcm;
  }
}

function engine(config: SynthesizerConfig): Synthesizer {
  const defaults = { voice: config.voice, languageCode: config.languageCode, timeoutMs: config.timeoutMs };
  if (config.synthesizer === 'espeak') {
    const options: EspeakOptions = { ...defaults, binary: config.binary };
    return new EspeakSynthesizer(options);
  }
  if (config.synthesizer === 'google') {
    const options: GoogleTtsOptions = {
      ...defaults,
      credentials: config.credentials,
      quotaProject: config.quotaProject,
      baseUrl: config.baseUrl,
    };
    return new GoogleSynthesizer(options);
  }
  throw new AudioError(
    'SYNTHESIZER_MISSING',
    `unknown synthesizer ${JSON.stringify(config.synthesizer)}: ` +
      'choose `synthesizer: google` or `synthesizer: espeak`',
  );
}
