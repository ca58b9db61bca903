// Exit codes (README.md, section "Running"): 0 all passed; 1 something failed or errored;
// 2 invalid spec, config or usage, or nothing selected; 129 hung up (SIGHUP); 130 interrupted (SIGINT);
// 143 terminated (SIGTERM). The CLI ends the process with them; the library's `run` returns the same code.
import type { Verdict } from './result.js';
import { isSuccessful } from './verdict.js';

export const EXIT = { ok: 0, failed: 1, usage: 2, hungUp: 129, interrupted: 130, terminated: 143 } as const;

/** The conventional 128 + signal number. */
export function exitCodeFor(signal: NodeJS.Signals): number {
  if (signal === 'SIGHUP') return EXIT.hungUp;
  return signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
}

/**
 * The exit code of a run (live or merged) from its verdict (src/model/verdict.ts): a reporter that
 * failed fails the run, an interrupt wins over everything.
 */
export function runExitCode(
  result: { status: Verdict; interrupted: boolean },
  reporterFailures = 0,
  interruptedCode: number = EXIT.interrupted,
): number {
  if (result.interrupted || result.status === 'interrupted') return interruptedCode;
  return reporterFailures === 0 && isSuccessful(result.status) ? EXIT.ok : EXIT.failed;
}

/** An error that says which exit code it deserves (2, bad input, unless told). */
export class ExitCodeError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
