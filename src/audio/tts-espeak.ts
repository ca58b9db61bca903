// Offline speech synthesis with espeak-ng (Debian package `espeak-ng`). Robotic, but real
// speech, free and reproducible on a given espeak-ng version.
import { spawn } from 'node:child_process';
import { resample } from './codec.js';
import { AudioError } from './errors.js';
import type { SynthesizeOptions, Synthesizer } from './tts.js';
import { decodeWav } from './wav.js';

export interface EspeakOptions {
  voice?: string | undefined;
  languageCode?: string | undefined;
  /** Binary name or path (default `espeak-ng`). */
  binary?: string | undefined;
  timeoutMs?: number | undefined;
}

export class EspeakSynthesizer implements Synthesizer {
  readonly name = 'espeak';
  constructor(private readonly options: EspeakOptions = {}) {}

  async synthesize(text: string, opts: SynthesizeOptions): Promise<Buffer> {
    const voice = opts.voice ?? this.options.voice ?? espeakVoice(opts.languageCode ?? this.options.languageCode);
    // The text goes on stdin, not argv: a text starting with '-' is then never an option,
    // and long texts meet no argument-length limit.
    const wav = await run(
      this.options.binary ?? 'espeak-ng',
      ['--stdout', '-v', voice],
      text,
      opts.signal,
      this.options.timeoutMs ?? 30_000,
    );
    const decoded = decodeWav(wav);
    return resample(decoded.pcm, decoded.sampleRateHertz, opts.sampleRateHertz);
  }
}

/** espeak-ng names voices by lower-case language tags (`en-us`, `fr-fr`, `de`). */
export function espeakVoice(languageCode: string | undefined): string {
  return (languageCode ?? 'en-US').toLowerCase();
}

function run(
  binary: string,
  args: string[],
  input: string,
  signal: AbortSignal | undefined,
  timeoutMs: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: timeoutMs,
      ...(signal ? { signal } : {}),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => reject(spawnError(binary, e)));
    child.on('close', (code, stoppedBy) => {
      const stderr = Buffer.concat(err).toString('utf8').trim().split('\n')[0] ?? '';
      if (code === 0) resolve(Buffer.concat(out));
      else if (stoppedBy)
        reject(
          new AudioError(
            'SYNTHESIS_FAILED',
            `${binary} was stopped (${stoppedBy}) after ${timeoutMs} ms or by an abort`,
          ),
        );
      else
        reject(
          new AudioError(
            'SYNTHESIS_FAILED',
            `${binary} exited with code ${String(code)}: ${stderr || 'no error output'}`,
          ),
        );
    });
    child.stdin.on('error', () => undefined); // a child that dies early closes stdin; 'close' reports why
    child.stdin.end(input, 'utf8');
  });
}

function spawnError(binary: string, e: NodeJS.ErrnoException): AudioError {
  if (e.code === 'ENOENT') {
    return new AudioError(
      'SYNTHESIZER_MISSING',
      `${binary === 'espeak-ng' ? 'espeak-ng' : `espeak-ng (${binary})`} is not installed ` +
        '(apt-get install espeak-ng), or choose `synthesizer: google`',
    );
  }
  if (e.name === 'AbortError') return new AudioError('SYNTHESIS_FAILED', `${binary} was aborted`);
  return new AudioError('SYNTHESIS_FAILED', `${binary} could not run: ${e.message}`);
}
