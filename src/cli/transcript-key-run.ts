// The work of `cxas-eval emulator transcript-key`: the audio as a run would send it (a WAV file
// decoded, or text synthesised like a `say` turn), then the keys the emulator computes for it.
import { readFileSync } from 'node:fs';
import { createSynthesizer, decodeWav, type AudioConfig, type AudioEncoding } from '../audio/index.js';
import { DEFAULT_WIRE, utteranceKeys } from '../emulator/index.js';
import { loadConfig } from '../runner/index.js';
import { CliError, EXIT } from './exit-codes.js';
import { choiceOption, intOption } from './option-values.js';
import type { TranscriptKeyFlags } from './transcript-key.js';

const ENCODINGS: readonly AudioEncoding[] = ['LINEAR16', 'MULAW', 'ALAW'];

export async function printTranscriptKeys(wav: string | undefined, flags: TranscriptKeyFlags): Promise<number> {
  if ((wav === undefined) === (flags.say === undefined))
    throw new CliError('transcript-key needs a WAV file or --say TEXT (one of them)', EXIT.usage);
  const wire = wireFormat(flags);
  const silenceMs = intOption('--silence-ms', flags.silenceMs, 10, 60_000) ?? 500;
  const audio = wav !== undefined ? readWav(wav) : await synthesize(flags.say!, wire, flags.config);
  const keys = utteranceKeys(audio.pcm, audio.sampleRateHertz, wire, silenceMs);
  if (keys.length === 0) throw new CliError(`${wav ?? '--say'}: no speech found (the audio is silent)`, EXIT.failed);
  process.stdout.write(keys.map((k) => `${k}\n`).join(''));
  if (keys.length > 1)
    process.stderr.write(
      `note: the emulator hears ${keys.length} utterances (pauses longer than ${silenceMs} ms split them), ` +
        'each a turn of its own with its own key\n',
    );
  return EXIT.ok;
}

function wireFormat(flags: TranscriptKeyFlags): AudioConfig {
  const audioEncoding = choiceOption('--encoding', flags.encoding.toUpperCase(), ENCODINGS);
  const fallback = audioEncoding === 'LINEAR16' ? DEFAULT_WIRE.sampleRateHertz : 8000;
  return { audioEncoding, sampleRateHertz: intOption('--rate', flags.rate, 1000, 192_000) ?? fallback };
}

function readWav(file: string): { pcm: Buffer; sampleRateHertz: number } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    return decodeWav(bytes);
  } catch (err) {
    throw new CliError(`${file}: ${(err as Error).message}`, EXIT.usage);
  }
}

/** Synthesised as a run against the emulator speaks a `say` turn: espeak-ng unless the config says otherwise. */
async function synthesize(
  text: string,
  wire: AudioConfig,
  configFile: string | undefined,
): Promise<{ pcm: Buffer; sampleRateHertz: number }> {
  const { config, errors } = await loadConfig({ cwd: process.cwd(), ...(configFile ? { file: configFile } : {}) });
  if (errors.length) throw new CliError(errors.map((e) => e.message).join('\n'), EXIT.usage);
  const { synthesizer = 'espeak', voice, languageCode } = config.audio ?? {};
  const voiceOptions = { ...(voice ? { voice } : {}), ...(languageCode ? { languageCode } : {}) };
  const keyFile = config.credentials?.keyFile;
  const synth = createSynthesizer({ synthesizer, ...voiceOptions, ...(keyFile ? { credentials: { keyFile } } : {}) });
  try {
    const pcm = await synth.synthesize(text, { sampleRateHertz: wire.sampleRateHertz, ...voiceOptions });
    return { pcm, sampleRateHertz: wire.sampleRateHertz };
  } catch (err) {
    throw new CliError(`synthesising ${JSON.stringify(text)} with ${synth.name}: ${(err as Error).message}`);
  }
}
