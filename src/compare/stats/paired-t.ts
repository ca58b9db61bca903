// Paired t-test on per-conversation differences: the clustered standard error of a paired
// comparison (Miller 2024, "Adding Error Bars to Evals", arXiv 2411.00640, on paired differences
// and clustered standard errors): each conversation, with all its repeats averaged, is one
// observation d_i = rate_head,i - rate_base,i, so repeats of one conversation never count as
// independent evidence.
//   mean = Σ d_i / N,  SE = sd(d) / sqrt(N) with sd the (N-1) sample standard deviation,
//   t = mean / SE with N-1 degrees of freedom (Student 1908).
import { studentTQuantile, twoSidedTPValue } from './quantiles.js';
import type { Interval } from './wilson.js';

export interface PairedTTest {
  n: number;
  mean: number;
  /** Standard error of the mean difference (0 when every difference is the same). */
  standardError: number;
  degreesOfFreedom: number;
  pValue: number;
  /** The t interval of the mean difference at `confidence`. */
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
  const standardError = n > 1 ? Math.sqrt(squares / df / n) : Number.NaN;
  if (!(standardError > 0)) {
    // No spread: with n >= 2 identical differences the change is certain when it is not zero;
    // with fewer than two conversations nothing can be said.
    const certain = n > 1 && !Number.isNaN(standardError);
    const pValue = certain ? (mean === 0 ? 1 : 0) : 1;
    const interval = certain ? { low: mean, high: mean } : { low: -1, high: 1 };
    return { n, mean, standardError: certain ? 0 : Number.NaN, degreesOfFreedom: df, pValue, interval };
  }
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
