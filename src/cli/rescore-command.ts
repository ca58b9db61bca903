// The work of `cxas-eval rescore`: resolve the stored run and load the specs (any problem stops here,
// before a report is touched), evaluate again with src/runner's rescoreRun, write the usual report
// set and keep the result in the history. No Sessions client is ever built.
import * as path from 'node:path';
import type { RunResult } from '../model/result.js';
import { loadConfig, loadSpecs, rescoreRun, type PlanOptions } from '../runner/index.js';
import { CliError, EXIT, runExitCode } from './exit-codes.js';
import {
  collectIdentity,
  effectiveOptions,
  judgeFor,
  openRunReporters,
  processIO,
  resolveRunArgument,
  selectionOf,
  warnReporterFailures,
  type EffectiveRunOptions,
  type ResolvedRun,
} from '../library/index.js';
import { settingsOf, type RunFlags } from './run-flags.js';

export async function rescoreCommand(ref: string, paths: string[], flags: RunFlags): Promise<number> {
  const cwd = process.cwd();
  const { config, errors: configErrors } = await loadConfig({ cwd, ...(flags.config ? { file: flags.config } : {}) });
  if (configErrors.length) return reportErrors(configErrors);
  const opts = effectiveOptions(settingsOf(flags), config, process.env);
  const stored = await resolveRunArgument(ref, {
    cwd,
    historyDir: path.resolve(cwd, config.history?.dir ?? '.cxas-eval/runs'),
  });
  const specPaths = paths.length ? paths : (config.specs ?? ['specs']);
  const { files, errors } = await loadSpecs(specPaths, {
    cwd,
    limits: opts.limits,
    ...(config.match ? { match: config.match } : {}),
  });
  if (errors.length) return reportErrors(errors);
  const io = processIO();
  const { reporters, history, redactor, redacting } = await openRunReporters(
    opts,
    path.resolve(cwd, opts.outputDir),
    cwd,
    io,
  );
  const identity = collectIdentity({ files, target: { info: stored.result.target }, opts, cwd });
  const outcome = await rescoreRun({
    files,
    recorded: stored.result,
    cwd,
    plan: planOptions(opts, stored.result),
    concurrency: opts.concurrency,
    timeoutMs: opts.timeoutMs,
    goldens: { goldensDir: opts.goldensDir, cwd, update: false, all: opts.compareGoldens, text: opts.golden },
    // The recorded run's app keys the judge cache: rescoring asks what the run asked.
    judge: await judgeFor(opts, stored.result.target.app, cwd, redactor, io),
    ...(opts.simulation?.checkSimulator === false ? { checkSimulator: false } : {}),
    observer: redacting,
    ...(opts.failOnSkipped ? { policy: { failOnSkipped: true } } : {}),
    runErrors: () => reporters.runErrors(),
  });
  const result = outcome.result;
  if (result.conversations.length === 0)
    throw new CliError('no conversations selected (check paths, --grep and --tag)');
  await finish(result, stored, await identity);
  await redacting.onRunEnd(result);
  await history.record();
  return runExitCode(result, warnReporterFailures(reporters, io).length);
}

async function finish(
  result: RunResult,
  stored: ResolvedRun,
  identity: Awaited<ReturnType<typeof collectIdentity>>,
): Promise<void> {
  result.rescoredFrom = { runId: stored.result.runId, source: stored.label };
  // The agent is the recorded one; the specs and configuration are today's.
  result.identity = { ...identity, target: stored.result.identity?.target ?? { ...appOf(stored.result) } };
}

function appOf(result: RunResult): { app?: string } {
  return result.target.app ? { app: result.target.app } : {};
}

/** The recorded run's repeat count, unless the spec sets its own: run ids `<spec>#<n>` must line up. */
function planOptions(opts: EffectiveRunOptions, recorded: RunResult): PlanOptions {
  const repeats = new Set(recorded.conversations.map((c) => c.repeat));
  const [repeat] = repeats;
  return {
    ...selectionOf({ grep: opts.grep }),
    tags: opts.tags,
    excludeTags: opts.excludeTags,
    ...(repeats.size === 1 && repeat !== undefined && repeat > 1 ? { repeat } : {}),
  };
}

function reportErrors(errors: Array<{ message: string }>): number {
  for (const e of errors) process.stderr.write(`${e.message}\n`);
  process.stderr.write(`${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was rescored.\n`);
  return EXIT.usage;
}
