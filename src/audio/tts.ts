// Text → speech for audio turns written as text (`audio: { say }`, or text turns in audio
// modality). Two engines, chosen by config: Google Cloud Text-to-Speech (same credentials as
// the CES calls) or espeak-ng (offline, from Debian's packages). Neither is picked silently:
// a missing engine is a SYNTHESIZER_MISSING error.
import type { AuthClient } from 'google-auth-library';
import { EspeakSynthesizer, type EspeakOptions } from './tts-espeak.js';
import { GoogleSynthesizer, type GoogleTtsOptions } from './tts-google.js';
import { AudioError } from './errors.js';

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
