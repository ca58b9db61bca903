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

/**
 * Newcombe's hybrid score interval of the difference of two independent proportions a/n − b/m
 * (Newcombe, R. G. 1998, Interval estimation for the difference between independent proportions:
 * comparison of eleven methods, Statistics in Medicine 17(8), 873-890, method 10). It is built from
 * each side's Wilson interval, (l₁, u₁) of p₁ = a/n and (l₂, u₂) of p₂ = b/m, with d = p₁ − p₂:
 *   low  = d − sqrt((p₁ − l₁)² + (u₂ − p₂)²)
 *   high = d + sqrt((u₁ − p₁)² + (p₂ − l₂)²)
 * It inherits Wilson's behaviour at rates of 0 or 1 (a Wald interval of 100/100 − 100/100 is a point)
 * and keeps close to its nominal coverage for small samples (Newcombe's Table II).
 */
export function newcombeInterval(a: number, n: number, b: number, m: number, confidence = 0.95): Interval {
  const [p1, p2] = [a / n, b / m];
  const first = wilsonInterval(a, n, confidence);
  const second = wilsonInterval(b, m, confidence);
  const d = p1 - p2;
  return {
    low: d - Math.hypot(p1 - first.low, second.high - p2),
    high: d + Math.hypot(first.high - p1, p2 - second.low),
  };
}
