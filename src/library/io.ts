// Where a run's console output and warnings go, and the environment it reads. The CLI and the
// library's default are the process's (stdout, stderr, process.env); an embedder may pass its own.
export interface RunIO {
  /** Environment variables (CI, CXAS_APP, credentials, judge keys). */
  env: Readonly<Record<string, string | undefined>>;
  /** Console output beside the list reporter's (the baseline comparison): text with its newlines. */
  out(text: string): void;
  /** Warnings and notes, text with its newline. */
  warn(text: string): void;
  /** The list reporter draws a progress line only on a terminal. */
  isTTY: boolean;
}

export function processIO(): RunIO {
  return {
    env: process.env,
    out: (text) => void process.stdout.write(text),
    warn: (text) => void process.stderr.write(text),
    isTTY: Boolean(process.stdout.isTTY),
  };
}
