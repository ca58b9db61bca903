// Paired t-test on per-conversation differences: the clustered standard error of a paired
// comparison (Miller 2024, "Adding Error Bars to Evals", arXiv 2411.00640, on paired differences
// and clustered standard errors): each conversation, with all its repeats averaged, is one
// observation d_i = rate_head,i - rate_base,i, so repeats of one conversation never count as
// independent evidence.
//   mean = Σ d_i / N,  SE = sd(d) / sqrt(N) with sd the (N-1) sample standard deviation,
//   t = mean / SE with N-1 degrees of freedom (Student 1908).
import { studentTQuantile, twoSidedTPValue } from './quantiles.js';
import { withoutSpread } from './sign-flip.js';
import type { Interval } from './wilson.js';

export interface PairedTTest {
  n: number;
  mean: number;
  /** Standard error of the mean difference (0 when every difference is the same, NaN below two). */
  standardError: number;
  degreesOfFreedom: number;
  /** NaN when the test is undefined: fewer than two differences, or no spread (see sign-flip.ts). */
  pValue: number;
  /** The t interval of the mean difference at `confidence`; NaN bounds when the test is undefined. */
  interval: Interval;
}

export function pairedTTest(differences: ArrayLike<number>, confidence = 0.95): PairedTTest {
  const n = differences.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += differences[i] as number;
  const mean = n > 0 ? sum / n : 0;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += ((differences[i] as number) - mean) ** 2;
  const df = n - 1;
  if (n < 2 || withoutSpread(differences)) {
    // t = mean / 0 is undefined, not a certainty: the p-value is NaN, as SciPy's ttest_1samp gives
    // for constant data, and the caller decides what test still applies (suite.ts: sign-flip).
    const undefinedTest = { low: Number.NaN, high: Number.NaN };
    const standardError = n < 2 ? Number.NaN : 0;
    return { n, mean, standardError, degreesOfFreedom: df, pValue: Number.NaN, interval: undefinedTest };
  }
  const standardError = Math.sqrt(squares / df / n);
  const half = studentTQuantile(1 - (1 - confidence) / 2, df) * standardError;
  return {
    n,
    mean,
    standardError,
    degreesOfFreedom: df,
    pValue: twoSidedTPValue(mean / standardError, df),
    interval: { low: mean - half, high: mean + half },
  };
}
