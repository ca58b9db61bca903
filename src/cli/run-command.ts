// The work of `cxas-eval run`, loaded only when the command runs (start-up stays fast).
import { setInputLimits } from '../validation/index.js';
import * as path from 'node:path';
import { loadConfig, loadSpecs, projectRoots, type ConfigResult, type PlanOptions } from '../runner/index.js';
import { removeReportsOnStop, reportDirOf } from './loading-stop.js';
import { Redactor } from '../model/redact.js';
import { CliError, EXIT, exitCodeFor } from './exit-codes.js';
import { effectiveOptions, type EffectiveRunOptions, type RunFlags } from './run-options.js';
import { openTarget } from './run-target.js';
import { exitOnSignalWhile } from './interrupt.js';
import { exitWhenDrained } from './exit.js';
import { runOnce } from './run-once.js';
import { failedSpecIds, lastFailedIds, selectionFilter } from './run-selection.js';
import { resolveRunArgument } from './run-ref.js';
import { listLines } from './run-list.js';
import type { SpecFile } from '../model/spec.js';
import {
  checkDeployments,
  halfConcurrency,
  openVersion,
  parseVersions,
  sideOptions,
  versusRun,
} from './run-versions.js';

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
  const config = loadConfig({ cwd, ...(flags.config ? { file: flags.config } : {}) });
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
  const cwd = loading.cwd;
  const configResult = await loading.config;
  const { config, errors: configErrors } = configResult;
  if (configErrors.length) return reportErrors(configErrors);
  setInputLimits(config.limits ?? {});
  const opts = effectiveOptions(flags, config, process.env);
  if (opts.updateGoldens && process.env['CI'] && !flags.force) {
    throw new CliError('refusing to --update-goldens under CI (CI is set); review goldens locally, or pass --force');
  }
  const versions = parseVersions(flags, opts);
  const plan = await planOptions(opts, flags, cwd);
  const specPaths = paths.length ? paths : (config.specs ?? ['specs']);
  const roots = projectRoots(configResult, cwd);
  const { files, errors } = await loadSpecs(specPaths, {
    cwd,
    roots,
    ...(config.match ? { match: config.match } : {}),
    ...(opts.repeat ? { repeat: opts.repeat } : {}),
  });
  if (errors.length) return reportErrors(errors);
  if (flags.list) {
    const redactor = new Redactor(opts.redact);
    process.stdout.write(
      `${listLines(files, plan)
        .map((line) => redactor.text(line))
        .join('\n')}\n`,
    );
    return EXIT.ok;
  }
  if (flags.lastFailed && plan.filter && !files.some((f) => f.conversations.some(plan.filter!))) {
    const source = typeof flags.lastFailed === 'string' ? flags.lastFailed : path.join(opts.outputDir, 'results.json');
    process.stdout.write(`No failed or errored conversations in ${source}: nothing to re-run.\n`);
    return EXIT.ok;
  }
  if (versions) return runVersions(versions, { files, plan, opts, cwd, loaded });
  const target = { current: await openTarget(opts, files, cwd) };
  try {
    const code = await runOnce(files, plan, target.current, opts, cwd, loaded);
    if (!flags.watch) return code;
    const { watchRun } = await import('./run-watch.js');
    const match = config.match ? { match: config.match } : {};
    return await watchRun({ specPaths, cwd, roots, ...match, opts, plan, files, firstCode: code, target });
  } finally {
    await target.current.close();
  }
}

/** `run --versions A,B`: both sides open before either starts; each closes whatever happens. */
async function runVersions(
  versions: NonNullable<ReturnType<typeof parseVersions>>,
  run: { files: SpecFile[]; plan: PlanOptions; opts: EffectiveRunOptions; cwd: string; loaded: () => void },
): Promise<number> {
  const { files, plan, cwd, loaded } = run;
  checkDeployments(versions, files);
  const opts = halfConcurrency(run.opts);
  const base = await openVersion(versions, 'base', opts, files, cwd);
  try {
    const head = await openVersion(versions, 'head', opts, files, cwd);
    try {
      const versus = versusRun(versions, { files, plan, target: base, opts: sideOptions(versions, 'base', opts), cwd });
      return await runOnce(files, plan, head, sideOptions(versions, 'head', opts), cwd, loaded, versus);
    } finally {
      await head.close();
    }
  } finally {
    await base.close();
  }
}

async function planOptions(opts: EffectiveRunOptions, flags: RunFlags, cwd: string): Promise<PlanOptions> {
  const lastFailed =
    typeof flags.lastFailed === 'string'
      ? await storedRunFailedIds(flags.lastFailed, cwd, opts.history?.dir)
      : flags.lastFailed
        ? await lastFailedIds(path.resolve(cwd, opts.outputDir))
        : undefined;
  const filter = selectionFilter({
    ...(opts.grep !== undefined ? { grep: opts.grep } : {}),
    ...(flags.grepInvert !== undefined ? { grepInvert: flags.grepInvert } : {}),
    ...(lastFailed ? { lastFailed } : {}),
  });
  return {
    ...(filter ? { filter } : {}),
    tags: opts.tags,
    excludeTags: opts.excludeTags,
    ...(opts.shard ? { shard: opts.shard } : {}),
    ...(opts.repeat ? { repeat: opts.repeat } : {}),
  };
}

/** --last-failed <run>: the stored run is read through the validated loader (any schema version). */
async function storedRunFailedIds(ref: string, cwd: string, historyDir: string | undefined): Promise<Set<string>> {
  const { result } = await resolveRunArgument(ref, {
    cwd,
    ...(historyDir ? { historyDir: path.resolve(cwd, historyDir) } : {}),
  });
  return failedSpecIds(result.conversations);
}

function reportErrors(errors: Array<{ message: string }>): number {
  for (const e of errors) process.stderr.write(`${e.message}\n`);
  process.stderr.write(`${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was run.\n`);
  return EXIT.usage;
}
