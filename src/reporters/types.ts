// The Reporter contract (README.md): a named RunObserver (src/model/observer.ts); file reporters
// write in onRunEnd.
import type { RunObserver } from '../model/observer.js';

export interface Reporter extends RunObserver {
  name: string;
}

export interface ReporterOptions {
  outputDir: string;
  /** Where `list` and `github` print; default process.stdout. */
  stream?: NodeJS.WritableStream;
  /** Default: the stream's own isTTY. */
  isTTY?: boolean;
  /** Under CI `list` prints plain lines even in a TTY. */
  ci?: boolean;
  /** Masks applied to every report (redactRunResult). */
  redact?: RegExp[];
  /** Paths in reports are shown relative to it; default process.cwd(). */
  cwd?: string;
  /** Default process.env; `github` reads GITHUB_ACTIONS and GITHUB_STEP_SUMMARY. */
  env?: NodeJS.ProcessEnv;
  /** Reporter names of the run, so `list` can say which report files were written. */
  reporters?: string[];
}

export type { ReporterName } from '../model/reporter-name.js';

export interface ReporterFailure {
  reporter: string;
  hook: string;
  error: string;
}
