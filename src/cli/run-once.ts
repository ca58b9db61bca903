// One run of `cxas-eval run` under the process's signals: the library's runOnce does the run
// (src/library/run-once.ts); this file turns SIGINT/SIGTERM/SIGHUP into its stop and abort
// signals, a forced stop into the reports written from what finished and an exit with the signal's
// code, and adds `--judge-stability` after the reports.
import {
  processIO,
  runOnce as runLibraryOnce,
  type EffectiveRunOptions,
  type RunControl,
  type RunOnceOutcome,
  type Target,
  type VersusRun,
} from '../library/index.js';
import type { PlanOptions } from '../runner/index.js';
import type { ReporterFailure } from '../reporters/index.js';
import type { SpecFile } from '../model/spec.js';
import { exitCodeFor } from './exit-codes.js';
import { exitWhenDrained } from './exit.js';
import { installInterrupt } from './interrupt.js';
import { removeReportsOnStop } from './loading-stop.js';

/** A forced stop that cannot write its reports in this time exits anyway (supervisors kill soon after SIGTERM). */
const FORCED_WRITE_LIMIT_MS = 10_000;

/**
 * `handOver` is called as soon as this run handles signals itself, in the same tick, so a signal is
 * never lost between the loading phase's handler and the run's. `versus` (`run --versions`): the base
 * version's run, started beside this one and compared with it at the end.
 */
export function runOnce(
  files: readonly SpecFile[],
  plan: PlanOptions,
  target: Target,
  opts: EffectiveRunOptions,
  cwd: string,
  handOver: () => void = () => {},
  versus?: VersusRun,
): Promise<number> {
  const run = (control: RunControl) =>
    runLibraryOnce(files, plan, target, opts, cwd, processIO(), { ...control, ...(versus ? { versus } : {}) });
  return runWithSignals(opts, cwd, run, handOver);
}

/** `run(control)` under the process's signals; its exit code. `cwd`: what `opts.outputDir` is relative to. */
export async function runWithSignals(
  opts: EffectiveRunOptions,
  cwd: string,
  run: (control: RunControl) => Promise<RunOnceOutcome>,
  handOver: () => void = () => {},
): Promise<number> {
  let cutShort: ((reason: string) => Promise<readonly ReporterFailure[]>) | undefined;
  const forcedStop = async (signal: NodeJS.Signals): Promise<void> => {
    setTimeout(() => void giveUp(signal), FORCED_WRITE_LIMIT_MS).unref();
    if (cutShort) await cutShort(signal);
    // Before the reporters listen (a --baseline still being read, the --versions targets opening)
    // nothing ran and the previous run's reports may still be there: removed, so that none of them
    // passes for this run's (as a signal while loading does, loading-stop.ts).
    else await removeReportsOnStop(Promise.resolve(opts.outputDir), cwd);
    await exitWhenDrained(exitCodeFor(signal));
  };
  const interrupt = installInterrupt(
    opts.timeoutMs,
    (signal) => void forcedStop(signal),
    (signal) => void giveUp(signal),
  );
  handOver();
  try {
    const outcome = await run({
      stop: interrupt.stop,
      abort: interrupt.abort,
      // Asked when the run ends: the signal that stopped it decides (129, 130 or 143).
      interruptedCode: () => exitCodeFor(interrupt.signal ?? 'SIGINT'),
      onCutShortReady: (fn) => {
        cutShort = fn;
      },
    });
    return outcome.exitCode;
  } finally {
    interrupt.dispose();
  }
}

/** A third signal, or reports that take too long to write: leave now (reports on disk stay whole or absent). */
async function giveUp(signal: NodeJS.Signals): Promise<void> {
  process.stderr.write(`\nStopped (${signal}) before every report was written.\n`);
  await exitWhenDrained(exitCodeFor(signal));
}
