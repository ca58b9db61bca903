// `cxas-eval emulator transcript-key <wav | --say TEXT>`: the keys an emulator app's transcripts
// table needs for a recording or a synthesised sentence (README "The emulator"). Registered under
// `emulator`; its work (transcript-key-run.ts) loads only when it runs.
import type { Command } from 'commander';
import { exitCodeAction } from './command-options.js';

export interface TranscriptKeyFlags {
  say?: string;
  encoding: string;
  rate?: string;
  silenceMs?: string;
  config?: string;
}

export function registerTranscriptKey(emulator: Command): void {
  emulator
    .command('transcript-key [wav]')
    .description(
      "print the transcript key the emulator computes for a WAV file or a synthesised sentence (for an app's " +
        'transcripts / transcriptsFile)',
    )
    .option('--say <text>', "synthesise the text as a run would (espeak-ng, or the config's audio.synthesizer)")
    .option('--encoding <e>', 'the wire encoding the audio is sent in: LINEAR16 | MULAW | ALAW', 'LINEAR16')
    .option('--rate <hz>', 'the wire sample rate (default 16000 for LINEAR16, 8000 for MULAW and ALAW)')
    .option('--silence-ms <n>', "the emulator app's audio.silenceMs, the pause that ends an utterance (default 500)")
    .option(
      '-c, --config <file>',
      'config file for audio.synthesizer, voice, languageCode (default: cxas-eval.config.yaml)',
    )
    .action(
      exitCodeAction(async (wav: string | undefined, flags: TranscriptKeyFlags) => {
        const { printTranscriptKeys } = await import('./transcript-key-run.js');
        return printTranscriptKeys(wav, flags);
      }),
    );
}
