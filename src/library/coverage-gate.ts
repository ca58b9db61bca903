// `--min-coverage tools=0.9,agents=1` and config `coverage: {min: {...}}`: the shares a run must reach.
// Used by `run`, `merge-reports` and `coverage`; below a minimum is exit 1 with one line per category.
import type { CoverageBlock, CoverageMinimums } from '../model/coverage.js';
import { COVERAGE_CATEGORIES, coverageShortfalls, isCoverageUnavailable } from '../model/coverage.js';
import { EXIT } from '../model/exit-codes.js';
import { RunInputError } from './errors.js';

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
 * could not be computed (a gate that cannot be evaluated never passes); else EXIT.ok.
 */
export function gateCoverage(block: CoverageBlock | undefined, min: CoverageMinimums, write = stderr): number {
  if (Object.keys(min).length === 0) return EXIT.ok;
  if (!block || isCoverageUnavailable(block)) {
    write(`cxas-eval: coverage gate not evaluated: ${block ? block.unavailable : 'the run has no coverage'}\n`);
    return EXIT.failed;
  }
  const lines = coverageShortfalls(block, min);
  for (const line of lines) write(`cxas-eval: ${line}\n`);
  return lines.length ? EXIT.failed : EXIT.ok;
}

function stderr(text: string): void {
  process.stderr.write(text);
}
