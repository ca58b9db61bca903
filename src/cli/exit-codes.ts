// Exit codes (README.md, section "Running"): 0 all passed; 1 something failed or errored;
// 2 invalid spec, config or usage, or nothing selected; 129 hung up (SIGHUP); 130 interrupted (SIGINT);
// 143 terminated (SIGTERM).
import type { Verdict } from '../model/result.js';
import { isSuccessful } from '../model/verdict.js';

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

/** An error that carries the exit code the CLI should end with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
