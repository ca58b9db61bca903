// `--min-coverage tools=0.9,agents=1` and config `coverage: {min: {...}}`: the shares a run must reach.
// Used by `run`, `merge-reports` and `coverage`; below a minimum is exit 1 with one line per category,
// and for a run or a merge a run error in every report.
import type { CoverageBlock, CoverageMinimums } from '../model/coverage.js';
import { COVERAGE_CATEGORIES, coverageGateErrors } from '../model/coverage.js';
import type { RunResult } from '../model/result.js';
import { EXIT } from '../model/exit-codes.js';
import { RunInputError } from './errors.js';
import { withRunErrors } from './with-run-errors.js';

/** `name=share` pairs, comma-separated; a share is 0..1 or a percentage (`90%`). */
export function parseMinCoverage(spec: string): CoverageMinimums {
  const min: CoverageMinimums = {};
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([a-z]+)\s*=\s*([0-9.]+)(%?)$/.exec(part);
    const name = COVERAGE_CATEGORIES.find((c) => c === m?.[1]);
    const share = m ? Number(m[2]) / (m[3] ? 100 : 1) : NaN;
    if (!m || !name || !(share >= 0 && share <= 1))
      throw new RunInputError(
        `--min-coverage: "${part}" is not name=share with name one of ${COVERAGE_CATEGORIES.join(', ')} ` +
          'and share between 0 and 1 (or 0% and 100%), e.g. tools=0.9,agents=1',
      );
    min[name] = share;
  }
  return min;
}

/** The flag wins over the config, category by category. */
export function minimumsOf(flag: string | undefined, config: CoverageMinimums | undefined): CoverageMinimums {
  return { ...config, ...(flag !== undefined ? parseMinCoverage(flag) : {}) };
}

/**
 * EXIT.failed with a line on stderr for each shortfall, or when minimums were asked for and coverage
 * could not be computed (a gate that cannot be evaluated never passes); else EXIT.ok. For a stored
 * run (`cxas-eval coverage`); a run and merge-reports make the gate part of the result (`withCoverageGate`).
 */
export function gateCoverage(block: CoverageBlock | undefined, min: CoverageMinimums, write = stderr): number {
  const errors = coverageGateErrors(block, min);
  for (const e of errors) write(`cxas-eval: ${e.message}\n`);
  return errors.length ? EXIT.failed : EXIT.ok;
}

/**
 * The run with its coverage gate's verdict in it: each shortfall (COVERAGE_BELOW_MINIMUM), or the
 * gate not evaluated (COVERAGE_GATE_NOT_EVALUATED), is a run error, so every report, the history and
 * the exit code say the run failed. Called before the reports are written. An interrupted run is
 * not gated (what did not run was not exercised); `write`, when given, gets one line per error.
 */
export function withCoverageGate(result: RunResult, min: CoverageMinimums, write?: (text: string) => void): RunResult {
  if (result.interrupted) return result;
  const errors = coverageGateErrors(result.coverage, min);
  if (errors.length === 0) return result;
  for (const e of errors) write?.(`cxas-eval: ${e.message}\n`);
  return withRunErrors(result, errors);
}

function stderr(text: string): void {
  process.stderr.write(text);
}
