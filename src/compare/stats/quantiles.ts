// Quantiles of the normal and Student t distributions, from @stdlib (well-kept, typed, pure JS).
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import tCdf from '@stdlib/stats-base-dists-t-cdf';

/** z such that P(Z <= z) = p for a standard normal Z. */
export function zQuantile(p: number): number {
  return normalQuantile(p, 0, 1);
}

/** t such that P(T <= t) = p for Student's t with `df` degrees of freedom. */
export function studentTQuantile(p: number, df: number): number {
  return tQuantile(p, df);
}

/** Two-sided p-value of a t statistic: 2 · P(T >= |t|). */
export function twoSidedTPValue(t: number, df: number): number {
  return Math.min(1, 2 * (1 - tCdf(Math.abs(t), df)));
}
