// One run of the selected conversations with fresh reporters: what `cxas-eval run` does once its
// target is open, for the CLI and the library alike. A selection of nothing is refused before
// anything is touched; otherwise the previous run's reports are removed first;
// every report is written once at the end, or from what finished when the caller cuts the run short
// (`cutShort`, run-finish.ts), so the report set on disk is always complete and current.
import * as path from 'node:path';
import { executeRun, llmUsageOf, planRuns, type PlanOptions } from '../runner/index.js';
import type { ReporterFailure } from '../reporters/index.js';
import type { RunResult } from '../model/result.js';
import { Redactor } from '../model/redact.js';
import type { SpecFile } from '../model/spec.js';
import { EXIT, runExitCode } from '../model/exit-codes.js';
import { RunInputError } from './errors.js';
import { withCoverageGate } from './coverage-gate.js';
import { withRunErrors } from './with-run-errors.js';
import type { EffectiveRunOptions } from './run-options.js';
import type { Target } from './run-target.js';
import { cutShortResult, FinalReports, RunRecorder } from './run-finish.js';
import { judgeFor, userModelFor } from './judge-options.js';
import { emptyShardNote, plannedToolTests, runToolTestsOfRun, toolTestsOfRun } from './run-tools.js';
import { sharedRunRequest } from './run-request.js';
import { checkNamesAgainstEmulator } from './run-names.js';
import { collectIdentity } from './run-identity.js';
import { asReported, openRunReporters, warnReporterFailures } from './run-reporters.js';
import { comparisonText } from '../reporters/index.js';
import { ioFailures, ioReporterFailures, ioRunErrors, type RunIO } from './io.js';
import type { VersusRun } from './run-versions.js';

/** How the caller steers one run: soft stop, hard abort, and the hand-over of the forced stop. */
export interface RunControl {
  /** Stop scheduling; running conversations finish (up to their timeout). */
  stop?: AbortSignal;
  /** Cancel running conversations now; the run ends with what finished. */
  abort?: AbortSignal;
  /** The exit code of an interrupted run, asked at its end (the CLI's depends on the signal; default 130). */
  interruptedCode?: () => number;
  /**
   * Called once the reporters are listening, with the way to end the run now: every configured
   * report is written from what finished, the rest `interrupted` (`reason`, e.g. "SIGTERM").
   */
  onCutShortReady?: (cutShort: (reason: string) => Promise<readonly ReporterFailure[]>) => void;
  /**
   * `run --versions`: the base version's run, started beside this one (same signals) and compared
   * with it at the end.
   */
  versus?: VersusRun;
}

export interface RunOnceOutcome {
  result: RunResult;
  /** The exit code `cxas-eval run` ends with: the verdict (coverage and regression gates too), reporter failures. */
  exitCode: number;
  reporterFailures: readonly ReporterFailure[];
}

export async function runOnce(
  files: readonly SpecFile[],
  plan: PlanOptions,
  target: Target,
  opts: EffectiveRunOptions,
  cwd: string,
  io: RunIO,
  control: RunControl = {},
): Promise<RunOnceOutcome> {
  // Nothing selected is bad input, said before anything is touched: the previous reports stay.
  const { runs: conversationRuns, selected } = planRuns(files, plan);
  const toolTests = toolTestsOfRun(files, opts, plan);
  if (conversationRuns.length + toolTests.length === 0) checkSelected(files, plan, selected, io);
  // `--versions` compares two apps, whose names may differ on purpose: not checked against either.
  if (!control.versus) checkNamesAgainstEmulator(files, target, opts.emulator, cwd);
  // Tool tests are planned runs too: a run cut short reports those that did not finish.
  const planned = [...conversationRuns, ...plannedToolTests(toolTests)];
  const outputDir = path.resolve(cwd, opts.outputDir);
  const versus = control.versus;
  // The comparison (and its statistics libraries) loads only for a run that asks for one.
  const comparing = versus || opts.baseline || opts.failOnRegression ? await import('./run-baseline.js') : undefined;
  const baseline = versus ? undefined : await comparing?.loadBaseline(opts, cwd);
  if (baseline)
    comparing?.checkBaselineShares(
      baseline,
      planned.map((p) => p.spec.id),
      new Redactor(opts.redact),
    );
  // `--versions`: the base side's run, started once the caller's signals are in place (below).
  const versusSide: { run?: Promise<RunResult | undefined> } = {};
  const opened = await openRunReporters(opts, outputDir, cwd, io);
  const { reporters, history, redactor, redacting } = opened;
  // What the run tests is gathered while it runs (git, file hashes) and joins the final result.
  const identity = collectIdentity({ files, target, opts, cwd });
  const recorder = new RunRecorder(redacting);
  // How many of the embedder's warn/out throws the reports hold (io.ts): later ones are returned.
  const reportedIO = { count: 0 };
  const final = new FinalReports(async (finished) => {
    let result = finished;
    result.identity = await identity;
    if (target.replay) {
      // The agent that answered is the recorded one: its target, today's specs and config.
      result.replayedFrom = target.replay.from;
      if (target.replay.identity) result.identity.target = target.replay.identity.target;
    }
    if (baseline) comparing?.attachComparison(result, baseline, io, redactor);
    // Cut short, the base side stops too (same signals); its finished conversations count.
    const base = await versusSide.run;
    if (versus && base)
      comparing?.attachComparison(result, { label: versus.baseLabel, result: base }, io, redactor, versus);
    // --fail-on-regression is part of the verdict every report and the history record.
    const baseLabel = versus?.baseLabel ?? baseline?.label;
    if (comparing && baseLabel) result = comparing.withRegressionGate(result, opts.failOnRegression, baseLabel);
    // The embedder's warn/out that threw so far: run errors of what is written, as a reporter's.
    reportedIO.count = ioFailures(io).length;
    result = withRunErrors(result, ioRunErrors(io));
    await redacting.onRunEnd(result);
    await history.record();
    // A reporter that failed as the run ended is a run error of what was written: of this result too.
    return asReported(result, opened);
  });
  const judge = judgeFor(opts, target.info.app, cwd, redactor, io);
  const userModel = userModelFor(opts, target.info.app, cwd, redactor, io);
  const policy = opts.failOnSkipped ? { failOnSkipped: true } : {};
  control.onCutShortReady?.(async (reason) => {
    const facts = { policy, errors: reporters.runErrors(), llmUsage: llmUsageOf(judge, userModel) };
    await final.finish(cutShortResult(recorder, planned, reason, target.info, facts));
    return warnReporterFailures(reporters, io);
  });
  // Caught at once: a crash of the base side must not end the process while the head side runs.
  versusSide.run = versus?.run({ stop: control.stop, abort: control.abort }).catch((err: unknown) => {
    // The head's reports are still written, with no comparison (the gate fails).
    io.warn(`cxas-eval: --versions: the base version's run failed: ${(err as Error).message ?? err}\n`);
    return undefined;
  });
  const outcome = await executeRun({
    ...sharedRunRequest(files, target, plan, opts, cwd, control),
    ...(opts.maxFailures ? { maxFailures: opts.maxFailures } : {}),
    goldens: {
      goldensDir: opts.goldensDir,
      cwd,
      roots: opts.fileRoots ?? [cwd],
      update: opts.updateGoldens,
      all: opts.compareGoldens,
      text: opts.golden,
    },
    artifactsDir: outputDir,
    observer: recorder,
    redactor,
    judge,
    userModel,
    ...(opts.simulation?.checkSimulator === false ? { checkSimulator: false } : {}),
    policy,
    // Tool tests (ToolService.ExecuteTool) join the same result, after the conversations.
    moreConversations: (control) => runToolTestsOfRun(toolTests, opts, target, recorder, control, io.env),
    morePlanned: toolTests.length,
    runErrors: () => reporters.runErrors(),
  });
  // The list reporter's summary lists them; without it, stderr must still say so.
  const notCompared = outcome.result.goldens?.notCompared ?? [];
  if (notCompared.length && !opts.reporters.includes('list')) io.warn(unaskedGoldensNote(notCompared, opts.goldensDir));
  // The app's inventory is listed now, not during the run (coverage-run.ts says why).
  const covered = opts.coverage ? await addCoverage(target, outcome.result, io, control) : outcome.result;
  // The gate is part of the verdict every report and the history record; the list reporter's summary
  // names its errors, without it stderr must.
  const gated = withCoverageGate(covered, opts.minCoverage, opts.reporters.includes('list') ? undefined : io.warn);
  const result = await final.finish(gated);
  // `judgeStability`: every judge verdict asked again, once the reports are written; the run's
  // stop or abort ends the re-judging too (what it cut off is reported as not measured).
  if (opts.judgeStability)
    await (
      await import('./run-stability.js')
    ).reportRunStability(result, judge, opts.judgeStability, outputDir, io, redactor, stopSignalOf(control));
  const warned = warnReporterFailures(reporters, io);
  // Printed after the run's own summary, through the run's one redaction, like every report.
  if (result.comparison) io.out(`\n${comparisonText(redactor.model(result.comparison))}`);
  // A warn/out that threw after the reports were written fails the run as a reporter would.
  const failures = [...warned, ...ioReporterFailures(io, reportedIO.count)];
  const code = runExitCode(result, failures.length, control.interruptedCode?.() ?? EXIT.interrupted);
  return { result, exitCode: code, reporterFailures: failures };
}

/**
 * A run with nothing to run (no conversation planned, and no tool test, which the first shard runs:
 * run-tools.ts) is a RunInputError, unless sharding alone left it so: that shard's run goes on,
 * empty (its reports say 0 conversations, exit 0), with a note on stderr saying why.
 */
function checkSelected(files: readonly SpecFile[], plan: PlanOptions, selected: number, io: RunIO): void {
  const note = emptyShardNote(files, plan, selected);
  if (!note) throw new RunInputError('no conversations selected (check paths, --grep and --tag)');
  io.warn(`cxas-eval: ${note}\n`);
}

/**
 * Computed at the end, from the results and the app's inventory. A missing inventory is a warning.
 * Not listed once the run is stopped (`control`'s signals, which also cancel a listing under way):
 * a stop that comes after the last conversation makes the run interrupted (coverage-run.ts).
 */
async function addCoverage(target: Target, result: RunResult, io: RunIO, control: RunControl): Promise<RunResult> {
  const client = target.client;
  const app = result.target.app;
  if (!client) {
    // run --replay: no live app whose inventory could be listed; the reports say so.
    result.coverage = {
      ...(app ? { app } : {}),
      unavailable: 'a replayed run has no live app to list the inventory of',
    };
    return result;
  }
  const { listInventory, liveCoverage, NOT_LISTED_INTERRUPTED, stoppedAfterConversations } =
    await import('./coverage-run.js');
  if (result.interrupted) {
    result.coverage = { ...(app ? { app } : {}), unavailable: NOT_LISTED_INTERRUPTED };
    return result;
  }
  const stop = stopSignalOf(control);
  // The in-process emulator's inventory is its app file's: no calls needed (test/app-coverage says
  // both ways give the same). An app anywhere else is listed through AgentService.
  const listed = target.emulator ? { inventory: target.emulator.inventory() } : await listInventory(client, stop);
  if (stop?.aborted) return stoppedAfterConversations(result);
  result.coverage = liveCoverage(listed, result);
  if ('unavailable' in result.coverage)
    io.warn(`cxas-eval: warning: coverage not computed: ${result.coverage.unavailable}\n`);
  return result;
}

/** Aborted by the first of the run's stop (first Ctrl-C) and abort signals. */
function stopSignalOf(control: RunControl): AbortSignal | undefined {
  const signals = [control.stop, control.abort].filter((s): s is AbortSignal => s !== undefined);
  return signals.length > 1 ? AbortSignal.any(signals) : signals[0];
}

/** Goldens are compared only when asked: say so when golden files exist that nothing asked for. */
function unaskedGoldensNote(files: string[], dir: string): string {
  const shown = files.slice(0, 3).join(', ') + (files.length > 3 ? ` (+${files.length - 3} more)` : '');
  return (
    `cxas-eval: not compared with their goldens (nothing asked): ${shown}. To compare, pass --goldens ${dir}, ` +
    'set golden: in cxas-eval.config.yaml, or golden: true on the conversation.\n'
  );
}
