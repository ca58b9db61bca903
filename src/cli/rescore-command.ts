// The work of `cxas-eval rescore`: resolve the stored run and load the specs (any problem stops here,
// before a report is touched), evaluate again with src/runner's rescoreRun, write the usual report
// set and keep the result in the history, under the process's signals as `run` is (a Ctrl-C still
// writes every report). No Sessions client is ever built.
import * as path from 'node:path';
import type { RunResult } from '../model/result.js';
import {
  llmUsageOf,
  loadConfig,
  loadSpecs,
  planRuns,
  projectRoots,
  rescoreRun,
  type ConfigResult,
  type PlanOptions,
} from '../runner/index.js';
import type { SpecFile } from '../model/spec.js';
import { selectToolTests } from '../model/selection.js';
import { Redactor } from '../model/redact.js';
import { CliError, EXIT, exitCodeFor, runExitCode } from './exit-codes.js';
import {
  asReported,
  collectIdentity,
  cutShortResult,
  effectiveOptions,
  FinalReports,
  historyDirOf,
  judgeFor,
  openRunReporters,
  plannedToolTests,
  processIO,
  resolveRunArgument,
  RunRecorder,
  selectionOf,
  rescoredCoverage,
  warnReporterFailures,
  withCoverageGate,
  type EffectiveRunOptions,
  type ResolvedRun,
  type RunControl,
  type RunOnceOutcome,
} from '../library/index.js';
import { settingsOf, type RunFlags } from './run-flags.js';
import { exitOnSignalWhile } from './interrupt.js';
import { exitWhenDrained } from './exit.js';
import { removeReportsOnStop, reportDirOf } from './loading-stop.js';
import { runWithSignals } from './run-once.js';
import { copyReferencedAudio } from './merge-audio.js';

export async function rescoreCommand(ref: string, paths: string[], flags: RunFlags): Promise<number> {
  const cwd = process.cwd();
  // As `run`: a signal before the rescore starts ends the command with a message, and the previous
  // reports are removed so none of them passes for this rescore's.
  const loading: { config?: Promise<ConfigResult> } = {};
  const stopLoading = exitOnSignalWhile('loading the config, the stored run and the specs', (signal) => {
    const removed = loading.config ? removeReportsOnStop(reportDirOf(flags, loading.config), cwd) : Promise.resolve();
    void removed.finally(() => exitWhenDrained(exitCodeFor(signal)));
  });
  try {
    loading.config = loadConfig({ cwd, ...(flags.config ? { file: flags.config } : {}) });
    const configResult = await loading.config;
    const { config, errors: configErrors } = configResult;
    if (configErrors.length) return reportErrors(configErrors);
    const roots = projectRoots(configResult, cwd);
    const opts = { ...effectiveOptions(settingsOf(flags), config, process.env), fileRoots: roots };
    const stored = await resolveRunArgument(ref, { cwd, historyDir: historyDirOf(config, cwd) });
    const specPaths = paths.length ? paths : (config.specs ?? ['specs']);
    // Read as `run` reads them: the config's files.allowRoots and ${env.} values hold here too.
    const { files, errors } = await loadSpecs(specPaths, {
      cwd,
      env: process.env,
      roots,
      limits: opts.limits,
      ...(config.match ? { match: config.match } : {}),
      redactor: new Redactor(opts.redact),
      goldens: { all: opts.compareGoldens, dir: opts.goldensDir },
    });
    if (errors.length) return reportErrors(errors);
    await copyRecordedAudio(stored, path.resolve(cwd, opts.outputDir), cwd);
    // Signals as in `run` (run-once.ts): the first Ctrl-C lets the conversations being rescored finish,
    // a forced stop writes every report from what finished; either way the rest are `interrupted`.
    return await runWithSignals(opts, cwd, (control) => rescore(files, stored, opts, cwd, control), stopLoading);
  } finally {
    stopLoading();
  }
}

/**
 * The rescored conversations link the recorded audio (`audio/...` WAVs, relative to the recorded
 * run's report directory): reports written elsewhere get a copy, as merge-reports' do, or their
 * players (and a replay of the rescored run) find nothing. Every file is checked first: a missing
 * one stops the rescore here (exit 2), before anything is written.
 */
async function copyRecordedAudio(stored: ResolvedRun, outputDir: string, cwd: string): Promise<void> {
  if (path.resolve(stored.reportDir) === outputDir) return;
  const recorded = { dir: path.relative(cwd, stored.reportDir) || '.', result: stored.result };
  await copyReferencedAudio([recorded], outputDir, 'rescore');
}

/** The rescore with the run's reporters and history, under `control`'s stop and abort (as run-once.ts). */
async function rescore(
  files: SpecFile[],
  stored: ResolvedRun,
  opts: EffectiveRunOptions,
  cwd: string,
  control: RunControl,
): Promise<RunOnceOutcome> {
  const io = processIO();
  const opened = await openRunReporters(opts, path.resolve(cwd, opts.outputDir), cwd, io);
  const { reporters, history, redactor, redacting } = opened;
  const identity = collectIdentity({ files, target: { info: stored.result.target }, opts, cwd });
  const recorder = new RunRecorder(redacting);
  const final = new FinalReports(async (result) => {
    await finish(result, stored, await identity);
    await redacting.onRunEnd(result);
    await history.record();
    // A reporter that failed as the run ended is a run error of what was written: of this result too.
    return asReported(result, opened);
  });
  const plan = planOptions(opts, stored.result, files);
  // The recorded run's app keys the judge cache: rescoring asks what the run asked.
  const judge = await judgeFor(opts, stored.result.target.app, cwd, redactor, io);
  const policy = opts.failOnSkipped ? { failOnSkipped: true } : undefined;
  control.onCutShortReady?.(async (reason) => {
    const facts = { policy, errors: reporters.runErrors(), llmUsage: llmUsageOf(judge, undefined) };
    const planned = [...planRuns(files, plan).runs, ...plannedToolTests(selectToolTests(files, plan))];
    await final.finish(cutShortResult(recorder, planned, reason, stored.result.target, facts));
    return warnReporterFailures(reporters, io);
  });
  const outcome = await rescoreRun({
    files,
    recorded: stored.result,
    cwd,
    plan,
    concurrency: opts.concurrency,
    timeoutMs: opts.timeoutMs,
    goldens: {
      goldensDir: opts.goldensDir,
      cwd,
      roots: opts.fileRoots ?? [cwd],
      update: false,
      all: opts.compareGoldens,
      text: opts.golden,
    },
    judge,
    ...(opts.simulation?.checkSimulator === false ? { checkSimulator: false } : {}),
    observer: recorder,
    ...(control.stop ? { stopSignal: control.stop } : {}),
    ...(control.abort ? { abortSignal: control.abort } : {}),
    ...(policy ? { policy } : {}),
    runErrors: () => reporters.runErrors(),
    redactor,
  });
  if (outcome.result.conversations.length === 0)
    throw new CliError('no conversations selected (check paths, --grep and --tag)');
  // The coverage gate is part of the verdict as in a run (library/run-once.ts); the list reporter's
  // summary names its errors, without it stderr must.
  const result = withCoverageGate(
    withRecordedCoverage(outcome.result, stored.result, opts.coverage),
    opts.minCoverage,
    opts.reporters.includes('list') ? undefined : io.warn,
  );
  const reported = await final.finish(result);
  const failures = warnReporterFailures(reporters, io);
  const exitCode = runExitCode(reported, failures.length, control.interruptedCode?.() ?? EXIT.interrupted);
  return { result: reported, exitCode, reporterFailures: failures };
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

/** The rescore measured against the recorded run's inventory, unless coverage is turned off (config). */
function withRecordedCoverage(result: RunResult, recorded: RunResult, enabled: boolean): RunResult {
  const coverage = enabled ? rescoredCoverage(recorded, result) : undefined;
  if (coverage) result.coverage = coverage;
  return result;
}

function appOf(result: RunResult): { app?: string } {
  return result.target.app ? { app: result.target.app } : {};
}

/**
 * The recorded run's repeat count (`run --repeat N`) when all of today's conversations it recorded
 * ran that often: run ids `<spec>#<n>` must line up. Its tool tests (always run once) and
 * conversations no longer in the specs do not count.
 */
function planOptions(opts: EffectiveRunOptions, recorded: RunResult, files: readonly SpecFile[]): PlanOptions {
  const conversations = new Set(files.flatMap((f) => f.conversations.map((c) => c.id)));
  const repeats = new Set(recorded.conversations.filter((c) => conversations.has(c.specId)).map((c) => c.repeat));
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
