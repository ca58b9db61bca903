// run({ modality: 'audio' }) → the SessionConfig and the steps of a bidi run: one-shot inputs
// as their own frames (variables, eventVars, DTMF, event, blob, image, toolResponses), then
// the audio utterance, then each text spoken by the synthesiser.
import {
  checkAudioConfig,
  createSynthesizer,
  type AudioConfig,
  type Synthesizer,
  type TtsCredentials,
} from '../../audio/index.js';
import type { SessionConfigWire } from '../types.js';
import type { CallOptions, RunOptions } from '../options.js';
import { CesError, CesInputError } from '../errors.js';
import { buildConfig, DEFAULT_AUDIO, legacyAudioConfig, oneShotInputs, type ConfigContext } from '../request.js';
import { frameStep, utteranceFromAudio, utteranceFromText, type BidiStep } from './steps.js';
import type { BidiSettings } from './client.js';

export interface AudioOptions {
  /** Speaks text turns in audio modality; none → SYNTHESIZER_MISSING when one is needed. */
  synthesizer?: 'google' | 'espeak';
  voice?: string;
  languageCode?: string;
  /** `realtime` (default): audio at wall-clock speed; `fast`: as fast as possible. */
  pacing?: 'realtime' | 'fast';
  /** Silence sent before and after each utterance (default 300 ms). */
  silenceMs?: number;
  /** After each turn, listen to the agent's audio before the next input (default true). */
  waitForPlayback?: boolean;
  /** goAway reconnects allowed in one run (default 3). */
  maxReconnects?: number;
}

/** bidiRunSession options: per-wait timeout (default 30 s), cancellation, and AudioOptions overrides. */
export interface BidiCallOptions
  extends CallOptions, Pick<AudioOptions, 'pacing' | 'silenceMs' | 'waitForPlayback' | 'maxReconnects'> {}

const DEFAULT_WAIT_MS = 30_000;

export const AUDIO_OPTION_KEYS = [
  'synthesizer',
  'voice',
  'languageCode',
  'pacing',
  'silenceMs',
  'waitForPlayback',
  'maxReconnects',
];

/** One call's settings: its own options first, then the Sessions-wide AudioOptions, then the defaults. */
export function bidiSettings(opts: BidiCallOptions, audio: AudioOptions): BidiSettings {
  return {
    pacing: opts.pacing ?? audio.pacing ?? 'realtime',
    silenceMs: opts.silenceMs ?? audio.silenceMs ?? 300,
    waitForPlayback: opts.waitForPlayback ?? audio.waitForPlayback ?? true,
    maxReconnects: opts.maxReconnects ?? audio.maxReconnects ?? 3,
    timeoutMs: opts.timeoutMs ?? DEFAULT_WAIT_MS,
    ...(opts.signal ? { signal: opts.signal } : {}),
  };
}

/** The text modality's config with both audio configs, which a bidi session always sends. */
export function audioConfigFor(opts: RunOptions, context: ConfigContext): SessionConfigWire {
  if (opts.stream !== undefined)
    throw new CesInputError('stream applies to the text modality only (audio always streams)');
  const { audio: _audio, ...rest } = opts;
  const config = buildConfig(rest, context);
  config['inputAudioConfig'] = opts.inputAudioConfig ?? legacyAudioConfig(opts.audioConfig) ?? DEFAULT_AUDIO;
  config['outputAudioConfig'] = opts.outputAudioConfig ?? DEFAULT_AUDIO;
  return config;
}

export async function audioSteps(
  appName: string,
  opts: RunOptions,
  texts: string[],
  input: AudioConfig,
  audio: AudioOptions,
  credentials?: TtsCredentials,
): Promise<BidiStep[]> {
  const { audio: bytes, ...rest } = opts;
  checkInputConfig(input);
  const once = oneShotInputs(appName, rest);
  const steps = once.inputs.map((input, i) => frameStep(input, [once.summary[i]!]));
  if (bytes !== undefined) steps.push(utteranceFromAudio(bytes, input, [{ kind: 'audio', bytes: bytes.byteLength }]));
  let synth: Synthesizer | undefined;
  const voice = {
    ...(audio.voice ? { voice: audio.voice } : {}),
    ...(audio.languageCode ? { languageCode: audio.languageCode } : {}),
  };
  for (const text of texts) {
    if (audio.synthesizer)
      synth ??= synthesizerFor({
        synthesizer: audio.synthesizer,
        ...voice,
        ...(credentials ? { credentials } : {}),
      });
    steps.push(await utteranceFromText(text, synth, input, voice, opts.signal));
  }
  if (steps.length === 0)
    throw new CesInputError('nothing to send: give audio, text, event, dtmf, variables, blob, image or toolResponses');
  return steps;
}

/** Checked before anything is synthesised or encoded with it: the audio module's errors are not CesErrors. */
function checkInputConfig(input: AudioConfig): void {
  try {
    checkAudioConfig(input);
  } catch (err) {
    throw new CesInputError(`inputAudioConfig: ${(err as Error).message}`);
  }
}

/** An unknown synthesizer name (audio.synthesizer) is SYNTHESIZER_MISSING, as a CesError. */
function synthesizerFor(config: Parameters<typeof createSynthesizer>[0]): Synthesizer {
  try {
    return createSynthesizer(config);
  } catch (err) {
    throw new CesError('SYNTHESIZER_MISSING', `Sessions option audio.synthesizer: ${(err as Error).message}`);
  }
}
