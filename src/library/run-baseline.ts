// `run --baseline <run>`: the run just made (head) compared with a stored one (base) at its end: the
// comparison joins the RunResult (results.json, the HTML report) and the console summary, and
// `--fail-on-regression` turns a regression into exit 1.
import type { RunResult } from '../model/result.js';
import { compareRuns, ComparisonInputError, hasRegression, type LabelledRun } from '../compare/index.js';
import { EXIT } from '../model/exit-codes.js';
import { RunInputError } from './errors.js';
import { resolveRunArgument, type ResolvedRun } from './run-ref.js';
import type { RunIO } from './io.js';

export interface BaselineFlags {
  baseline?: string;
  failOnRegression?: boolean;
}

/** The baseline is read before the run starts (and before its report directory is cleared). */
export async function loadBaseline(flags: BaselineFlags, cwd: string): Promise<ResolvedRun | undefined> {
  if (flags.failOnRegression && !flags.baseline) {
    throw new RunInputError('--fail-on-regression needs --baseline <run> (or use `cxas-eval compare`)', EXIT.usage);
  }
  return flags.baseline ? resolveRunArgument(flags.baseline, { cwd }) : undefined;
}

/** Compare the finished run with the baseline; the comparison is kept in the result. */
export function attachComparison(
  result: RunResult,
  baseline: LabelledRun,
  io: Pick<RunIO, 'warn'>,
  versus?: { headLabel: string },
): void {
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
    io.warn(`cxas-eval: ${versus ? '--versions' : '--baseline'} ${baseline.label}: ${err.message}\n`);
  }
}

/**
 * The exit code a regression (or no comparison) deserves, given the run's own. `flags.baseline`
 * names what the run was compared with (`--baseline`, or the base of `--versions`).
 */
export function comparisonExitCode(result: RunResult, flags: BaselineFlags, runCode: number): number {
  if (!flags.baseline || runCode !== EXIT.ok) return runCode;
  if (!result.comparison) return flags.failOnRegression ? EXIT.failed : runCode;
  return flags.failOnRegression && hasRegression(result.comparison) ? EXIT.failed : runCode;
}
