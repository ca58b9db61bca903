// `platform run --wait` under the process's signals. Once the platform runs have started, the command
// only waits for them (they run server-side and nothing here cancels them), so SIGINT, SIGTERM or
// SIGHUP ends the wait at once: stderr names the operations that go on, and the reports are written
// marked interrupted. The previous run's reports are removed as the first platform run starts, so
// none of them passes for this one's whatever happens next (README "Running on the platform").
// The final reports are written once, by whichever comes first: the run's (finalReports) or the
// signal's. A signal while the run's are written lets them be completed, then exits: two writers
// would leave a mix of both runs' files, a job summary appended twice, or, when nothing had started,
// the run's reports removed.
import * as path from 'node:path';
import { removeReportFiles } from '../reporters/index.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { exitWhenDrained } from './exit.js';
import { signalName } from './interrupt.js';
import { removeReportsOnStop } from './loading-stop.js';
import { stillRunning } from './platform-failed.js';

/** Reports a signal waits for that take longer than this to write: exit anyway (supervisors kill soon after). */
const WRITE_LIMIT_MS = 10_000;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface WaitInterrupt {
  /** A platform run was started (its operation's name). */
  started(operation: string): void;
  /**
   * The run's final reports, written by `write` unless a signal's are already being written (then
   * those are waited for instead). Its exit code: `write`'s, or the signal's once one came.
   */
  finalReports(write: () => Promise<number>): Promise<number>;
  dispose(): void;
}

/**
 * Handles the signals until `dispose()`. `writeInterrupted` writes the reports of the run stopped by
 * `signal` while `operations` ran, and returns the exit code; before any had started nothing ran, so
 * the previous reports are only removed (as a signal while `run` loads, loading-stop.ts).
 */
export function interruptWhileWaiting(
  outputDir: string,
  writeInterrupted: (signal: NodeJS.Signals, operations: readonly string[]) => Promise<number>,
): WaitInterrupt {
  const operations: string[] = [];
  let removed: Promise<void> | undefined;
  let received: NodeJS.Signals | undefined;
  /** The one writing of the final reports: the run's, or the signal's (undefined: nothing written). */
  let reports: Promise<number | undefined> | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    // A second signal while the reports are written: leave now (a report on disk is whole or absent).
    if (received) return void giveUp(signal);
    received = signal;
    setTimeout(() => void giveUp(signal), WRITE_LIMIT_MS).unref();
    if (reports)
      process.stderr.write(`\n${signalName(signal)} while the final reports are written; completing them.\n`);
    else {
      process.stderr.write(`\n${signalName(signal)} while waiting for the platform; ${stillRunning(operations)}.\n`);
      reports = operations.length
        ? (removed ?? Promise.resolve()).then(() => writeInterrupted(signal, [...operations]))
        : removeReportsOnStop(Promise.resolve(outputDir), process.cwd()).then(() => undefined);
    }
    // Whatever became of the writing (a failure is reported by whoever started it), the signal ends the command.
    void reports.then(
      () => exitWhenDrained(exitCodeFor(signal)),
      () => exitWhenDrained(exitCodeFor(signal)),
    );
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  return {
    started(operation) {
      operations.push(operation);
      removed ??= removeReportFiles(path.resolve(outputDir));
    },
    async finalReports(write) {
      reports ??= write();
      const code = await reports;
      return received ? exitCodeFor(received) : (code ?? EXIT.failed);
    },
    dispose() {
      for (const s of SIGNALS) process.off(s, onSignal);
    },
  };
}

async function giveUp(signal: NodeJS.Signals): Promise<void> {
  process.stderr.write(`\nStopped (${signal}) before every report was written.\n`);
  await exitWhenDrained(exitCodeFor(signal));
}
