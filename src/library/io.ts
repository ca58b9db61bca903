// Where a run's console output and warnings go, and the environment it reads. The CLI and the
// library's default are the process's (stdout, stderr, process.env); an embedder may pass its own.
import { Writable } from 'node:stream';

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

/**
 * The process's IO with an embedder's parts over it. Given `out` but no `stream`, the console
 * reporters write through `out` too, so a library caller that captures or silences the console
 * gets all of it, the list reporter's lines included.
 */
export function runIO(given: Partial<RunIO> = {}): RunIO {
  const io = { ...processIO(), ...given };
  if (given.out && !given.stream) {
    const out = given.out;
    io.stream = new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        out(String(chunk));
        done();
      },
    });
  }
  return io;
}
