// `run --baseline <run>`: the run just made (head) compared with a stored one (base) at its end: the
// comparison joins the RunResult (results.json, the HTML report) and the console summary, and
// `--fail-on-regression` turns a regression into exit 1.
import type { Redactor } from '../model/redact.js';
import type { RunResult } from '../model/result.js';
import { compareRuns, ComparisonInputError, hasRegression, type LabelledRun } from '../compare/index.js';
import { comparisonText } from '../reporters/index.js';
import { CliError, EXIT } from './exit-codes.js';
import { resolveRunArgument, type ResolvedRun } from './run-ref.js';

export interface BaselineFlags {
  baseline?: string;
  failOnRegression?: boolean;
}

/** The baseline is read before the run starts (and before its report directory is cleared). */
export async function loadBaseline(flags: BaselineFlags, cwd: string): Promise<ResolvedRun | undefined> {
  if (flags.failOnRegression && !flags.baseline) {
    throw new CliError('--fail-on-regression needs --baseline <run> (or use `cxas-eval compare`)', EXIT.usage);
  }
  return flags.baseline ? resolveRunArgument(flags.baseline, { cwd }) : undefined;
}

/** Compare the finished run with the baseline; the comparison is kept in the result. */
export function attachComparison(result: RunResult, baseline: LabelledRun, versus?: { headLabel: string }): void {
  try {
    // `run --versions`: two versions run side by side on purpose, under their own names.
    result.comparison = versus
      ? compareRuns(
          baseline,
          { label: versus.headLabel, result },
          { transcripts: true, differentTargets: true, sideBySide: true },
        )
      : compareRuns(baseline, { label: 'this run', result }, { transcripts: true });
  } catch (err) {
    if (!(err instanceof ComparisonInputError)) throw err;
    // Not a run error: the run's own verdict stands; the gate below cannot pass without a comparison.
    process.stderr.write(`cxas-eval: ${versus ? '--versions' : '--baseline'} ${baseline.label}: ${err.message}\n`);
  }
}

/**
 * The console part, after the run's own summary; the exit code a regression (or no comparison) deserves.
 * `flags.baseline` names what the run was compared with (`--baseline`, or the base of `--versions`).
 */
export function reportComparison(result: RunResult, flags: BaselineFlags, runCode: number, redactor: Redactor): number {
  // Printed through the run's one redaction, like every report.
  if (result.comparison) process.stdout.write(`\n${comparisonText(redactor.model(result.comparison))}`);
  if (!flags.baseline || runCode !== EXIT.ok) return runCode;
  if (!result.comparison) return flags.failOnRegression ? EXIT.failed : runCode;
  return flags.failOnRegression && hasRegression(result.comparison) ? EXIT.failed : runCode;
}
