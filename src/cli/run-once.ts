// One run of the selected conversations with fresh reporters, and the exit code it deserves. The previous
// run's reports are removed first; every report is written once at the end, or from what finished when a
// signal cuts the run short (run-finish.ts), so the report set on disk is always complete and current.
import * as path from 'node:path';
import { executeRun, llmUsageOf, planRuns, type PlanOptions } from '../runner/index.js';
import { createReporter, RedactingObserver, removeReportFiles, ReporterMultiplexer } from '../reporters/index.js';
import { Redactor } from '../model/redact.js';
import type { RunResult } from '../model/result.js';
import type { SpecFile } from '../model/spec.js';
import { CliError, EXIT, exitCodeFor, runExitCode } from './exit-codes.js';
import { gateCoverage } from './coverage-gate.js';
import type { ListedInventory } from './coverage-run.js';
import { exitWhenDrained } from './exit.js';
import type { EffectiveRunOptions } from './run-options.js';
import type { Target } from './run-target.js';
import { installInterrupt } from './interrupt.js';
import { cutShortResult, FinalReports, RunRecorder } from './run-finish.js';
import { judgeFor, userModelFor } from './judge-options.js';
import { collectIdentity } from './run-identity.js';
import { HistoryRecorder } from './run-history.js';
import type { VersusRun } from './run-versions.js';

/** A forced stop that cannot write its reports in this time exits anyway (supervisors kill soon after SIGTERM). */
const FORCED_WRITE_LIMIT_MS = 10_000;

/**
 * `handOver` is called as soon as this run handles signals itself, in the same tick, so a signal is
 * never lost between the loading phase's handler and the run's. `versus` (`run --versions`): the base
 * version's run, started beside this one and compared with it at the end.
 */
export async function runOnce(
  files: readonly SpecFile[],
  plan: PlanOptions,
  target: Target,
  opts: EffectiveRunOptions,
  cwd: string,
  handOver: () => void = () => {},
  versus?: VersusRun,
): Promise<number> {
  const outputDir = path.resolve(cwd, opts.outputDir);
  // The comparison (and its statistics libraries) loads only for a run that asks for one.
  const comparing = versus || opts.baseline || opts.failOnRegression ? await import('./run-baseline.js') : undefined;
  const baseline = versus ? undefined : await comparing?.loadBaseline(opts, cwd);
  // `--versions`: the base side's run, started once the signals are handled (below).
  const versusSide: { run?: Promise<RunResult | undefined> } = {};
  await removeReportFiles(outputDir);
  const created = await Promise.all(
    opts.reporters.map((name) => createReporter(name as never, reporterOptions(opts, cwd))),
  );
  // What the run tests is gathered while it runs (git, file hashes) and joins the final result.
  const identity = collectIdentity({ files, target, opts, cwd });
  // The app's inventory is listed while the run goes on too (coverage-run.ts); a replay has no app.
  const client = target.client;
  const inventory =
    opts.coverage && client
      ? import('./coverage-run.js').then((m) => m.listInventory(client, target.emulator?.routes))
      : undefined;
  const history = new HistoryRecorder(opts.history, path.join(outputDir, 'results.json'), opts.reporters, cwd);
  const reporters = new ReporterMultiplexer([...created, history.observer]);
  // One redaction pass before anything is written; the reporters behind it get no patterns.
  const redactor = new Redactor(opts.redact);
  const redacting = new RedactingObserver(reporters, redactor);
  const recorder = new RunRecorder(redacting);
  const final = new FinalReports(async (result) => {
    result.identity = await identity;
    if (target.replay) {
      // The agent that answered is the recorded one: its target, today's specs and config.
      result.replayedFrom = target.replay.from;
      if (target.replay.identity) result.identity.target = target.replay.identity.target;
    }
    if (baseline) comparing?.attachComparison(result, baseline);
    // Cut short by a signal, the base side stops too (same signals); its finished conversations count.
    const base = await versusSide.run;
    if (versus && base) comparing?.attachComparison(result, { label: versus.baseLabel, result: base }, versus);
    await redacting.onRunEnd(result);
    await history.record();
  });
  const planned = planRuns(files, plan).runs;
  const judge = judgeFor(opts, target.info.app, cwd, redactor);
  const userModel = userModelFor(opts, target.info.app, cwd, redactor);
  const policy = opts.failOnSkipped ? { failOnSkipped: true } : {};
  const forcedStop = async (signal: NodeJS.Signals): Promise<void> => {
    setTimeout(() => void giveUp(signal), FORCED_WRITE_LIMIT_MS).unref();
    const facts = { policy, errors: reporters.runErrors(), llmUsage: llmUsageOf(judge, userModel) };
    await final.finish(cutShortResult(recorder, planned, signal, target.info, facts));
    reportFailures(reporters);
    await exitWhenDrained(exitCodeFor(signal));
  };
  const interrupt = installInterrupt(
    opts.timeoutMs,
    (signal) => void forcedStop(signal),
    (signal) => void giveUp(signal),
  );
  handOver();
  // Caught at once: a crash of the base side must not end the process while the head side runs.
  versusSide.run = versus?.run({ stop: interrupt.stop, abort: interrupt.abort }).catch(versusFailed);
  try {
    const outcome = await executeRun({
      files,
      sessions: target.sessions,
      target: target.info,
      cwd,
      plan,
      concurrency: opts.concurrency,
      retries: opts.retries,
      timeoutMs: opts.timeoutMs,
      ...(opts.maxFailures ? { maxFailures: opts.maxFailures } : {}),
      goldens: {
        goldensDir: opts.goldensDir,
        cwd,
        update: opts.updateGoldens,
        all: opts.compareGoldens,
        text: opts.golden,
      },
      stopSignal: interrupt.stop,
      abortSignal: interrupt.abort,
      artifactsDir: outputDir,
      observer: recorder,
      redactor,
      judge,
      userModel,
      ...(opts.simulation?.checkSimulator === false ? { checkSimulator: false } : {}),
      policy,
      // Tool tests (ToolService.ExecuteTool) join the same result, after the conversations.
      moreConversations: async () =>
        (await import('./run-tools.js')).runToolTestsOfRun(files, opts, plan, target, recorder),
      runErrors: () => reporters.runErrors(),
    });
    if (outcome.result.conversations.length === 0) {
      throw new CliError(
        outcome.selected === 0
          ? 'no conversations selected (check paths, --grep and --tag)'
          : `shard ${opts.shard?.index}/${opts.shard?.total} has no conversations ` +
              `(${outcome.selected} selected in all)`,
      );
    }
    // The list reporter's summary lists them; without it, stderr must still say so.
    const notCompared = outcome.result.goldens?.notCompared ?? [];
    if (notCompared.length && !opts.reporters.includes('list'))
      process.stderr.write(unaskedGoldensNote(notCompared, opts.goldensDir));
    if (opts.coverage) await addCoverage(inventory, outcome.result);
    await final.finish(outcome.result);
    if (opts.judgeStability)
      await (
        await import('./run-stability.js')
      ).reportRunStability(outcome.result, judge, opts.judgeStability, outputDir);
    const failures = reportFailures(reporters) ? reporters.failures.length : 0;
    const code = runExitCode(outcome.result, failures, exitCodeFor(interrupt.signal ?? 'SIGINT'));
    const gated = code === EXIT.ok ? gateCoverage(outcome.result.coverage, opts.minCoverage) : code;
    const compared = versus ? { baseline: versus.baseLabel, failOnRegression: opts.failOnRegression ?? false } : opts;
    return comparing ? comparing.reportComparison(outcome.result, compared, gated, redactor) : gated;
  } finally {
    interrupt.dispose();
  }
}

/** Computed at the end, from the results and the inventory listed meanwhile. A missing inventory is a warning. */
async function addCoverage(listing: Promise<ListedInventory> | undefined, result: RunResult): Promise<void> {
  if (!listing) {
    // run --replay: no live app whose inventory could be listed; the reports say so.
    const app = result.target.app;
    result.coverage = {
      ...(app ? { app } : {}),
      unavailable: 'a replayed run has no live app to list the inventory of',
    };
    return;
  }
  const { liveCoverage } = await import('./coverage-run.js');
  result.coverage = liveCoverage(await listing, result);
  if ('unavailable' in result.coverage)
    process.stderr.write(`cxas-eval: warning: coverage not computed: ${result.coverage.unavailable}\n`);
}

/** The base side of `--versions` crashed: the head's reports are still written, with no comparison (the gate fails). */
function versusFailed(err: unknown): undefined {
  process.stderr.write(`cxas-eval: --versions: the base version's run failed: ${(err as Error).message ?? err}\n`);
  return undefined;
}

/** Goldens are compared only when asked: say so when golden files exist that nothing asked for. */
function unaskedGoldensNote(files: string[], dir: string): string {
  const shown = files.slice(0, 3).join(', ') + (files.length > 3 ? ` (+${files.length - 3} more)` : '');
  return (
    `cxas-eval: not compared with their goldens (nothing asked): ${shown}. To compare, pass --goldens ${dir}, ` +
    'set golden: in cxas-eval.config.yaml, or golden: true on the conversation.\n'
  );
}

function reportFailures(reporters: ReporterMultiplexer): boolean {
  for (const f of reporters.failures)
    process.stderr.write(`cxas-eval: reporter ${f.reporter} failed in ${f.hook}: ${f.error}\n`);
  return reporters.failures.length > 0;
}

/** A third signal, or reports that take too long to write: leave now (reports on disk stay whole or absent). */
async function giveUp(signal: NodeJS.Signals): Promise<void> {
  process.stderr.write(`\nStopped (${signal}) before every report was written.\n`);
  await exitWhenDrained(exitCodeFor(signal));
}

function reporterOptions(opts: EffectiveRunOptions, cwd: string) {
  return {
    outputDir: path.resolve(cwd, opts.outputDir),
    cwd,
    ci: Boolean(process.env['CI']),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
  };
}
