// The work of `cxas-eval run`, loaded only when the command runs (start-up stays fast): flags → the
// library's run (src/library: prepareRun, runOnce, runVersions), plus what only a command does:
// --list, --watch, the process's signals and its exit.
import type { ConfigResult } from '../runner/index.js';
import { configOf, openTarget, prepareRun, RunLoadError, runVersions } from '../library/index.js';
import { removeReportsOnStop, reportDirOf } from './loading-stop.js';
import { Redactor } from '../model/redact.js';
import { CliError, EXIT, exitCodeFor } from './exit-codes.js';
import { settingsOf, type RunFlags } from './run-flags.js';
import { exitOnSignalWhile } from './interrupt.js';
import { exitWhenDrained } from './exit.js';
import { runOnce, runWithSignals } from './run-once.js';
import { listLines } from './run-list.js';

export async function runCommand(paths: string[], flags: RunFlags): Promise<number> {
  const cwd = process.cwd();
  // Until the run starts there is nothing to save: a signal ends the command with a message, and the
  // previous run's reports are removed so none of them passes for this run's (`--list` writes none).
  // Handled before anything is read: a signal that comes before Node listens for it kills the process.
  const loading: { config?: Promise<ConfigResult> } = {};
  const stopLoading = exitOnSignalWhile('loading the config and specs', (signal) => {
    const removed =
      flags.list || !loading.config ? Promise.resolve() : removeReportsOnStop(reportDirOf(flags, loading.config), cwd);
    void removed.finally(() => exitWhenDrained(exitCodeFor(signal)));
  });
  const config = configOf(flags.config ? { configFile: flags.config } : {}, cwd);
  loading.config = config;
  try {
    return await loadAndRun(paths, flags, { cwd, config }, stopLoading);
  } finally {
    stopLoading();
  }
}

async function loadAndRun(
  paths: string[],
  flags: RunFlags,
  loading: { cwd: string; config: Promise<ConfigResult> },
  loaded: () => void,
): Promise<number> {
  if (flags.versions !== undefined && flags.watch) throw new CliError('--versions cannot be combined with --watch');
  // No spec path given: the config's specs (else specs/), which an empty `paths` would refuse.
  const settings = { ...settingsOf(flags), ...(paths.length ? { paths } : {}), cwd: loading.cwd };
  const prepared = await prepareRun(settings, loading.config).catch(printLoadErrors);
  if (typeof prepared === 'number') return prepared;
  const { files, deps, plan, opts, cwd, config, specPaths, roots, versions } = prepared;
  if (flags.list) {
    const redactor = new Redactor(opts.redact);
    process.stdout.write(
      `${listLines(files, plan)
        .map((line) => redactor.text(line))
        .join('\n')}\n`,
    );
    return EXIT.ok;
  }
  // --last-failed with nothing to re-run (prepareRun, as the library's run): said, exit 0, no run.
  if (prepared.nothingToRerun !== undefined) {
    process.stdout.write(`${prepared.nothingToRerun}\n`);
    return EXIT.ok;
  }
  if (versions) return runWithSignals(opts, cwd, (control) => runVersions(prepared, versions, control), loaded);
  // An invalid emulator app is printed as invalid specs are (every problem, a count, exit 2).
  const opened = await openTarget(opts, files, cwd, { lasting: flags.watch === true }).catch(printLoadErrors);
  if (typeof opened === 'number') return opened;
  const target = { current: opened };
  try {
    // Names the emulator app lacks are load errors too (library run-names.ts), printed alike.
    const code = await runOnce(files, plan, target.current, opts, cwd, loaded).catch(printLoadErrors);
    if (!flags.watch) return code;
    const { watchRun } = await import('./run-watch.js');
    const match = config.match ? { match: config.match } : {};
    return await watchRun({ specPaths, cwd, roots, ...match, opts, plan, files, deps, firstCode: code, target });
  } finally {
    await target.current.close();
  }
}

/** Bad specs, config or emulator app: each problem on its own line and a count, exit 2; anything else is thrown on. */
function printLoadErrors(err: unknown): number {
  if (!(err instanceof RunLoadError)) throw err;
  process.stderr.write(`${err.message}\n`);
  return EXIT.usage;
}
