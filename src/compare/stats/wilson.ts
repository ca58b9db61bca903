// Wilson score interval for a binomial proportion.
// Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
// JASA 22(158), 209-212. With p̂ = c/n and z = z_{1-(1-confidence)/2}:
//   centre    = (p̂ + z²/(2n)) / (1 + z²/n)
//   halfWidth = z / (1 + z²/n) · sqrt(p̂(1-p̂)/n + z²/(4n²))
// Unlike the Wald interval it stays inside [0, 1] and keeps close to its nominal coverage for small
// n and rates near 0 or 1 (Brown, Cai & DasGupta 2001, Statistical Science 16(2), 101-133), which is
// where agent pass rates live.
import { zQuantile } from './quantiles.js';

export interface Interval {
  low: number;
  high: number;
}

export function wilsonInterval(successes: number, n: number, confidence = 0.95): Interval {
  if (n <= 0) return { low: 0, high: 1 };
  const z = zQuantile(1 - (1 - confidence) / 2);
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
