// `platform run --wait` under the process's signals. Once the platform runs have started, the command
// only waits for them (they run server-side and nothing here cancels them), so SIGINT, SIGTERM or
// SIGHUP ends the wait at once: stderr names the operations that go on, and the reports are written
// marked interrupted. The previous run's reports are removed as the first platform run starts, so
// none of them passes for this one's whatever happens next (README "Running on the platform").
import * as path from 'node:path';
import { removeReportFiles } from '../reporters/index.js';
import { exitCodeFor } from './exit-codes.js';
import { exitWhenDrained } from './exit.js';
import { signalName } from './interrupt.js';
import { removeReportsOnStop } from './loading-stop.js';
import { stillRunning } from './platform-failed.js';

/** Writing the interrupted reports that takes longer than this exits anyway (supervisors kill soon after SIGTERM). */
const WRITE_LIMIT_MS = 10_000;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface WaitInterrupt {
  /** A platform run was started (its operation's name). */
  started(operation: string): void;
  dispose(): void;
}

/**
 * Handles the signals until `dispose()`. `writeInterrupted` writes the reports of the run stopped by
 * `signal` while `operations` ran; before any had started nothing ran, so the previous reports are
 * only removed (as a signal while `run` loads, loading-stop.ts).
 */
export function interruptWhileWaiting(
  outputDir: string,
  writeInterrupted: (signal: NodeJS.Signals, operations: readonly string[]) => Promise<unknown>,
): WaitInterrupt {
  const operations: string[] = [];
  let removed: Promise<void> | undefined;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    // A second signal while the reports are written: leave now (a report on disk is whole or absent).
    if (stopping) return void giveUp(signal);
    stopping = true;
    setTimeout(() => void giveUp(signal), WRITE_LIMIT_MS).unref();
    process.stderr.write(`\n${signalName(signal)} while waiting for the platform; ${stillRunning(operations)}.\n`);
    const written = operations.length
      ? (removed ?? Promise.resolve()).then(() => writeInterrupted(signal, [...operations]))
      : removeReportsOnStop(Promise.resolve(outputDir), process.cwd());
    void written.finally(() => exitWhenDrained(exitCodeFor(signal)));
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  return {
    started(operation) {
      operations.push(operation);
      removed ??= removeReportFiles(path.resolve(outputDir));
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
