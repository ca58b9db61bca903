// Quantiles of the normal distribution, from @stdlib (well-kept, typed, pure JS).
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/** z such that P(Z <= z) = p for a standard normal Z. */
export function zQuantile(p: number): number {
  return normalQuantile(p, 0, 1);
}
