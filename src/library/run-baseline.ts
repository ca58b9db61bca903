// `run --baseline <run>`: the run just made (head) compared with a stored one (base) at its end: the
// comparison joins the RunResult (results.json, the HTML report) and the console summary, and
// `--fail-on-regression` turns a regression into a run error (exit 1, in every report).
import * as path from 'node:path';
import type { ErrorInfo, RunResult } from '../model/result.js';
import { NO_COMPARISON, REGRESSION, type RunComparison } from '../model/comparison.js';
import { compareRuns, ComparisonInputError, hasRegression, type LabelledRun } from '../compare/index.js';
import { EXIT } from '../model/exit-codes.js';
import type { Redactor } from '../model/redact.js';
import { RunInputError } from './errors.js';
import { resolveRunArgument, type ResolvedRun } from './run-ref.js';
import type { RunIO } from './io.js';
import { withRunErrors } from './with-run-errors.js';

export interface BaselineFlags {
  baseline?: string;
  failOnRegression?: boolean;
  /** Where a history reference (`@latest`) is looked up: the configured history (run-options.ts). */
  historyDir: string;
}

/** The baseline is read before the run starts (and before its report directory is cleared). */
export async function loadBaseline(flags: BaselineFlags, cwd: string): Promise<ResolvedRun | undefined> {
  if (flags.failOnRegression && !flags.baseline) {
    throw new RunInputError('--fail-on-regression needs --baseline <run> (or use `cxas-eval compare`)', EXIT.usage);
  }
  const historyDir = path.resolve(cwd, flags.historyDir);
  return flags.baseline ? resolveRunArgument(flags.baseline, { cwd, historyDir }) : undefined;
}

/**
 * Runs with no conversation in common are refused (exit 2) before the run starts: the selection is
 * known, and the comparison (the gate too) would have nothing to say. A baseline stored under
 * `redact:` names its conversations masked: a planned id is looked for as it is and masked.
 */
export function checkBaselineShares(
  baseline: ResolvedRun,
  plannedSpecIds: readonly string[],
  redactor: Redactor,
): void {
  const recorded = new Set(baseline.result.conversations.map((c) => c.specId));
  if (plannedSpecIds.some((id) => recorded.has(id) || recorded.has(redactor.text(id)))) return;
  throw new RunInputError(
    `--baseline ${baseline.label}: this run and ${baseline.label} have no conversation in common ` +
      '(no spec id in both): nothing to compare',
    EXIT.usage,
  );
}

/**
 * The run as the baseline names its conversations. A run's results are masked when they are written
 * (`redact:`), so a stored baseline holds masked ids while the run just made holds real ones: then
 * the run is compared masked (the reports mask it anyway). Whichever form shares more conversations
 * with the baseline is the one compared (a baseline made without `redact:` has real ids).
 */
function asBaselineNames(result: RunResult, baseline: LabelledRun, redactor: Redactor): RunResult {
  if (!redactor.active) return result;
  const recorded = new Set(baseline.result.conversations.map((c) => c.specId));
  const shared = (r: RunResult): number => r.conversations.filter((c) => recorded.has(c.specId)).length;
  const masked = redactor.model(result);
  return shared(masked) > shared(result) ? masked : result;
}

/** Compare the finished run with the baseline; the comparison is kept in the result. */
export function attachComparison(
  result: RunResult,
  baseline: LabelledRun,
  io: Pick<RunIO, 'warn'>,
  redactor: Redactor,
  versus?: { headLabel: string },
): void {
  try {
    // `run --versions`: two versions run side by side on purpose, under their own names (both real).
    result.comparison = versus
      ? compareRuns(
          baseline,
          { label: versus.headLabel, result },
          { transcripts: true, differentTargets: true, sideBySide: true },
        )
      : compareRuns(
          baseline,
          { label: 'this run', result: asBaselineNames(result, baseline, redactor) },
          { transcripts: true },
        );
  } catch (err) {
    if (!(err instanceof ComparisonInputError)) throw err;
    // Not a run error: the run's own verdict stands; the gate (withRegressionGate) cannot pass without a comparison.
    io.warn(`cxas-eval: ${versus ? '--versions' : '--baseline'} ${baseline.label}: ${err.message}\n`);
  }
}

/**
 * `--fail-on-regression` as part of the verdict, before any report is written: a run error for the
 * suite and for each conversation that regressed (REGRESSION: the run fails), or one saying nothing
 * could be compared (NO_COMPARISON: an `error`, a gate never passes unevaluated), so results.json,
 * JUnit, the GitHub summary, the history and the exit code agree. An interrupted run is not gated
 * (its exit code is the signal's), as the coverage gate does not gate one.
 */
export function withRegressionGate(result: RunResult, failOnRegression: boolean | undefined, label: string): RunResult {
  if (!failOnRegression || result.interrupted) return result;
  return withRunErrors(result, regressionGateErrors(result.comparison, label));
}

function regressionGateErrors(comparison: RunComparison | undefined, label: string): ErrorInfo[] {
  if (!comparison)
    return [{ code: NO_COMPARISON, message: `--fail-on-regression: no comparison with ${label} could be made` }];
  if (!hasRegression(comparison)) return [];
  const { suite } = comparison;
  const lines = suite.verdict === 'regressed' ? [`the suite: ${pct(suite.baseRate)} → ${pct(suite.headRate)}`] : [];
  for (const c of comparison.conversations.filter((c) => c.verdict === 'regressed'))
    lines.push(`${c.specId}: ${c.base.passed}/${c.base.runs} → ${c.head.passed}/${c.head.runs} passed`);
  return lines.map((line) => ({ code: REGRESSION, message: `regressed compared with ${label}: ${line}` }));
}

/** A suite rate (null when nothing was compared, which a regressed suite never is). */
function pct(rate: number | null): string {
  return rate === null ? '–' : `${(rate * 100).toFixed(1)}%`;
}
