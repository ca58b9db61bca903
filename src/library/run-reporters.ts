// The reporters of one run, set up the same way for `run` (run-once.ts) and `rescore`: the previous
// run's reports removed, each configured reporter created, the history's recorder beside them, and
// one redaction pass in front of all of them (the reporters behind it get no patterns). A reporter
// failing as the run ends is a run error every later report shows (src/reporters/README.md, "When a
// reporter fails"): the report files come first, the console reporters last.
import * as path from 'node:path';
import type { ErrorInfo, RunResult } from '../model/result.js';
import { Redactor } from '../model/redact.js';
import {
  createReporter,
  RedactingObserver,
  removeReportFiles,
  REPORT_FILES,
  ReporterMultiplexer,
  type Reporter,
  type ReporterFailure,
  type RunEndRevision,
} from '../reporters/index.js';
import { withRunErrors } from './with-run-errors.js';
import { RunInputError } from './errors.js';
import { HistoryRecorder } from './run-history.js';
import type { RunIO } from './io.js';
import type { EffectiveRunOptions } from './run-options.js';

export interface RunReporters {
  /** The configured reporters and the history's observer; their failures are the run's reporter failures. */
  reporters: ReporterMultiplexer;
  /** Records the run in the history once its reports are written (`history.record()`). */
  history: HistoryRecorder;
  redactor: Redactor;
  /** What the run notifies: it redacts once, then hands on to `reporters`. */
  redacting: RedactingObserver;
  /** The run errors of reporters that failed as the run ended (the reports show them; the result given does not). */
  endErrors: ErrorInfo[];
}

/**
 * The run's end as `ReporterMultiplexer` reports it when a reporter may fail there: the report files
 * and the history's copy are written (again) with the result judged again; the errors added are
 * masked like the rest of the result, and kept in `added` for the caller's own copy of the result.
 */
export function runEndRevision(redactor: Redactor, added: ErrorInfo[], history?: Reporter): RunEndRevision {
  return {
    rewrites: (reporter) => reporter === history || Object.hasOwn(REPORT_FILES, reporter.name),
    revise: (result, errors) => {
      added.push(...errors);
      return withRunErrors(result, redactor.model(errors));
    },
  };
}

/** The console reporters come last, `list` (the status line) after `github`; the rest keep their order. */
export function inEndOrder<T extends string>(names: readonly T[]): T[] {
  const rank = (name: string): number => (name === 'list' ? 2 : name === 'github' ? 1 : 0);
  return [...names].sort((a, b) => rank(a) - rank(b));
}

export async function openRunReporters(
  opts: Pick<EffectiveRunOptions, 'reporters' | 'history' | 'redact'>,
  outputDir: string,
  cwd: string,
  io: RunIO,
): Promise<RunReporters> {
  await removeReportFiles(outputDir).catch((err: unknown) => {
    throw outputDirProblem(err, outputDir, cwd);
  });
  const created = await Promise.all(
    inEndOrder(opts.reporters).map((name) =>
      createReporter(name, {
        outputDir,
        cwd,
        ci: Boolean(io.env['CI']),
        isTTY: io.isTTY,
        env: io.env,
        stream: io.stream,
        // `list` ends with the report files written (README: `Reports: out/results.json, ...`).
        reporters: [...opts.reporters],
      }),
    ),
  );
  const history = new HistoryRecorder(opts.history, path.join(outputDir, 'results.json'), opts.reporters, cwd, io);
  const redactor = new Redactor(opts.redact);
  const endErrors: ErrorInfo[] = [];
  const revision = runEndRevision(redactor, endErrors, history.observer);
  const reporters = new ReporterMultiplexer([...created, history.observer], revision);
  return { reporters, history, redactor, redacting: new RedactingObserver(reporters, redactor), endErrors };
}

/**
 * A file where the output folder (or one of its parents) should be is bad input naming `outputDir`
 * (the CLI's --output-dir), said before any report is touched; any other failure is thrown on.
 */
function outputDirProblem(err: unknown, outputDir: string, cwd: string): unknown {
  if ((err as NodeJS.ErrnoException).code !== 'ENOTDIR') return err;
  const shown = path.relative(cwd, outputDir) || '.';
  return new RunInputError(`outputDir "${shown}" is not a directory: a file is in its place (or a parent's)`);
}

/**
 * The run's result as its reports and history recorded it: masked by `redact:` (the same masked
 * copy the reports were rendered from, so its ids are the history's and an embedder passing it on
 * leaks nothing the reports hide), with the run errors of reporters that failed as it ended
 * (masked, judged again), so the caller's result and exit code agree with them.
 */
export function asReported(
  result: RunResult,
  run: Pick<RunReporters, 'endErrors' | 'redacting' | 'redactor'>,
): RunResult {
  return withRunErrors(run.redacting.run(result), run.redactor.model(run.endErrors));
}

/** Each reporter that failed, as a warning; returns them (they make the exit code non-zero). */
export function warnReporterFailures(reporters: ReporterMultiplexer, io: RunIO): readonly ReporterFailure[] {
  for (const f of reporters.failures) io.warn(`cxas-eval: reporter ${f.reporter} failed in ${f.hook}: ${f.error}\n`);
  return reporters.failures;
}
