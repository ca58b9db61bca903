// Where a run's console output and warnings go, and the environment it reads. The CLI and the
// library's default are the process's (stdout, stderr, process.env); an embedder may pass its own.
import { Writable } from 'node:stream';
import type { ErrorInfo } from '../model/result.js';
import type { ReporterFailure } from '../reporters/index.js';

export interface RunIO {
  /** Environment variables (CI, CXAS_APP, credentials, judge keys). */
  env: Readonly<Record<string, string | undefined>>;
  /** Console output beside the list reporter's (the baseline comparison): text with its newlines. */
  out(text: string): void;
  /** Warnings and notes, text with its newline. */
  warn(text: string): void;
  /** The list reporter draws a progress line only on a terminal. */
  isTTY: boolean;
  /** Where the console reporters (list, github annotations) write: stdout, or a stream over `out`. */
  stream: NodeJS.WritableStream;
}

export function processIO(): RunIO {
  return {
    env: process.env,
    out: (text) => void process.stdout.write(text),
    warn: (text) => void process.stderr.write(text),
    isTTY: Boolean(process.stdout.isTTY),
    stream: process.stdout,
  };
}

/** An embedder's `warn` or `out` that threw: which, and its error. */
export interface IOFailure {
  member: 'warn' | 'out';
  error: string;
}

const failuresOf = new WeakMap<RunIO, IOFailure[]>();

/** The throws of `io`'s embedder-given `warn` and `out` so far (runIO caught them), oldest first. */
export function ioFailures(io: RunIO): readonly IOFailure[] {
  return failuresOf.get(io) ?? [];
}

/**
 * The process's IO with an embedder's parts over it. Given `out` but no `stream`, the console
 * reporters write through `out` too, so a library caller that captures or silences the console
 * gets all of it, the list reporter's lines included (a throw there fails the list reporter, as a
 * throwing stream would). A throw from the embedder's `warn` or `out` called directly is caught
 * and kept (`ioFailures`): a warning between the removal of the previous reports and the writing
 * of the new ones must not lose them all; the run reports it as a REPORTER_FAILED run error.
 */
export function runIO(given: Partial<RunIO> = {}): RunIO {
  const failures: IOFailure[] = [];
  const io = { ...processIO(), ...given };
  if (given.warn) io.warn = guarded('warn', given.warn, failures);
  if (given.out) io.out = guarded('out', given.out, failures);
  if (given.out && !given.stream) {
    const out = given.out;
    io.stream = new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        out(String(chunk));
        done();
      },
    });
  }
  failuresOf.set(io, failures);
  return io;
}

function guarded(member: IOFailure['member'], write: (text: string) => void, failures: IOFailure[]) {
  return (text: string): void => {
    try {
      write(text);
    } catch (err) {
      failures.push({ member, error: err instanceof Error ? err.message : String(err) });
    }
  };
}

/** The failures from the `from`-th on as run errors, named as a reporter's are (`io.warn: <error>`). */
export function ioRunErrors(io: RunIO, from = 0): ErrorInfo[] {
  return ioFailures(io)
    .slice(from)
    .map((f) => ({ code: 'REPORTER_FAILED', message: `io.${f.member}: ${f.error}` }));
}

/** The failures from the `from`-th on as reporter failures (after the reports were written). */
export function ioReporterFailures(io: RunIO, from = 0): ReporterFailure[] {
  return ioFailures(io)
    .slice(from)
    .map((f) => ({ reporter: 'io', hook: f.member, error: f.error }));
}
