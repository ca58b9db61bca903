// `run --watch` wired to the run: re-runs through runOnce on the target that is current (the emulator
// app is reloaded by opening a new target, then closing the old one), the `f` key's failed
// conversations read from the last run's results.json or, without the json reporter, the history.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { PlanOptions } from '../runner/index.js';
import type { MatchStyle, SpecFile } from '../model/spec.js';
import type { Selectable } from '../model/selection.js';
import { CliError } from './exit-codes.js';
import type { EffectiveRunOptions } from '../library/index.js';
import { runOnce } from './run-once.js';
import {
  failedSpecIds,
  lastFailedIds,
  openTarget,
  resolveRunArgument,
  storedIdMatcher,
  type Target,
} from '../library/index.js';
import { Redactor } from '../model/redact.js';
import { watchSpecs, type RunChoice, type WatchedApp } from './watch.js';

/** Where cxas-eval keeps its state by default (run history, judge cache, calibrations). */
const TOOL_DIR = '.cxas-eval';

export interface WatchedRun {
  specPaths: string[];
  cwd: string;
  roots: string[];
  match?: MatchStyle;
  opts: EffectiveRunOptions;
  plan: PlanOptions;
  files: readonly SpecFile[];
  /** The other files those specs read or name (LoadResult.deps). */
  deps: readonly string[];
  firstCode: number;
  /** The target runs use; replaced when the emulator app is reloaded. */
  target: { current: Target };
}

export function watchRun(w: WatchedRun): Promise<number> {
  const { opts, cwd, plan } = w;
  const run = (files: readonly SpecFile[], choice: RunChoice = {}): Promise<number> => {
    const { failedOnly, filesOnly } = choice;
    // The last run's ids are as its `redact:` masked them.
    const failed = failedOnly && storedIdMatcher(failedOnly, new Redactor(opts.redact));
    const chosen = (c: Selectable): boolean =>
      (!failed || failed(c)) && (!filesOnly || filesOnly.has(path.resolve(cwd, c.file)));
    const selected =
      failedOnly || filesOnly ? { ...plan, filter: (c: Selectable) => chosen(c) && (plan.filter?.(c) ?? true) } : plan;
    return runOnce(
      files,
      selected,
      w.target.current,
      choice.updateGoldens ? { ...opts, updateGoldens: true } : opts,
      cwd,
    );
  };
  const app = opts.emulator && opts.replay === undefined ? watchedApp(path.resolve(cwd, opts.emulator), w) : undefined;
  return watchSpecs({
    paths: w.specPaths,
    cwd,
    roots: w.roots,
    ...(w.match ? { match: w.match } : {}),
    ...(opts.repeat ? { repeat: opts.repeat } : {}),
    ...(opts.limits ? { limits: opts.limits } : {}),
    redactor: new Redactor(opts.redact),
    goldens: { all: opts.updateGoldens || opts.compareGoldens, dir: opts.goldensDir },
    files: w.files,
    deps: w.deps,
    firstCode: w.firstCode,
    ignore: writtenDirs(opts).map((d) => path.resolve(cwd, d)),
    run,
    failedIds: () => lastRunFailures(opts, cwd),
    ...(app ? { app } : {}),
  });
}

/**
 * The folders a run (or `judge calibrate` beside it) writes into: reports, goldens, the run history,
 * the judge's cache and calibrations, and the tool's own folder holding their defaults. A change
 * there is cxas-eval's own: were it watched, each run's history entry would start the next run.
 */
function writtenDirs(opts: EffectiveRunOptions): string[] {
  return [
    opts.outputDir,
    opts.goldensDir,
    TOOL_DIR,
    ...(opts.history ? [opts.history.dir] : []),
    ...(opts.judge?.cache?.dir ? [opts.judge.cache.dir] : []),
    ...(opts.judge?.calibration?.dir ? [opts.judge.calibration.dir] : []),
  ];
}

function watchedApp(appFile: string, w: WatchedRun): WatchedApp {
  return {
    files: () => appFiles(appFile),
    reload: async () => {
      // The new app is opened first: an invalid one throws here and the old one keeps serving.
      const next = await openTarget(w.opts, w.files, w.cwd, { lasting: true });
      const old = w.target.current;
      w.target.current = next;
      await old.close();
    },
  };
}

/** The app file and the transcripts file it names (relative to it); a file that does not parse is just itself. */
async function appFiles(appFile: string): Promise<string[]> {
  try {
    const { parse } = await import('yaml');
    const app = parse(await readFile(appFile, 'utf8')) as { transcriptsFile?: unknown } | null;
    const transcripts = app?.transcriptsFile;
    return typeof transcripts === 'string' ? [appFile, path.resolve(path.dirname(appFile), transcripts)] : [appFile];
  } catch {
    return [appFile];
  }
}

/** The `f` key: the last run's failures, from its results.json, else from the history. */
async function lastRunFailures(opts: EffectiveRunOptions, cwd: string): Promise<Set<string>> {
  if (opts.reporters.includes('json')) return lastFailedIds(path.resolve(cwd, opts.outputDir));
  if (!opts.history) throw new CliError("f needs the last run's results: turn on the json reporter or the history");
  const latest = await resolveRunArgument('@latest', { cwd, historyDir: path.resolve(cwd, opts.history.dir) });
  return failedSpecIds(latest.result.conversations);
}
