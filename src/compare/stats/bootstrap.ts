// Paired cluster bootstrap of the suite pass-rate difference.
// Efron & Tibshirani 1993, An Introduction to the Bootstrap, §13.3 (percentile interval); resampling
// whole clusters: Davison & Hinkley 1997, Bootstrap Methods and their Application, §3.8. A cluster is
// one conversation with all its repeats on both sides, summarized by its paired difference
// d_i = rate_head,i - rate_base,i; each resample draws N clusters with replacement and takes the
// mean of their d_i. Resampling runs instead of clusters treats repeats of one conversation as
// independent and makes the interval far too narrow (Miller 2024, arXiv 2411.00640).
// The generator is pure-rand's xoroshiro128+ (seedable, so the same seed gives the same interval).
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Interval } from './wilson.js';

export const DEFAULT_RESAMPLES = 10_000;

/**
 * Rates are fractions of run counts, so two differences that are not equal differ by at least
 * 1/(runs·runs'), far above this; below it they are equal up to float rounding (0.6 - 0.4 is
 * 0.19999999999999996, 1/5 is 0.2), which must not read as a spread.
 */
const SPREAD_TOLERANCE = 1e-9;

/** Whether the differences are all equal (up to rounding): nothing varies between them. */
function withoutSpread(differences: ArrayLike<number>): boolean {
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < differences.length; i++) {
    const d = differences[i] as number;
    low = Math.min(low, d);
    high = Math.max(high, d);
  }
  return high - low <= SPREAD_TOLERANCE;
}

export interface BootstrapOptions {
  resamples?: number;
  seed?: number;
  confidence?: number;
}

/**
 * The interval, or null when the clusters cannot estimate one: with fewer than two, or with every
 * cluster's difference the same, every resample has the same mean and the interval would be a point
 * whatever the number of conversations, read as a certainty that nothing measured (a bootstrap
 * shows only the spread the clusters have).
 */
export function pairedClusterBootstrap(differences: Float64Array, options: BootstrapOptions = {}): Interval | null {
  const n = differences.length;
  if (n < 2 || withoutSpread(differences)) return null;
  const mean = (draw: () => number): number => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += differences[draw()] as number;
    return sum / n;
  };
  return percentileBootstrap(n, mean, options) ?? null;
}

/**
 * Percentile interval of `statistic` over resamples of n items drawn with replacement: `statistic`
 * gets `draw()`, which returns an index in [0, n), and calls it n times. A resample whose statistic
 * is not finite (undefined on it, e.g. κ when every draw is one class) is left out; undefined when
 * there is nothing to resample or no resample gave a value.
 */
export function percentileBootstrap(
  n: number,
  statistic: (draw: () => number) => number,
  options: BootstrapOptions = {},
): Interval | undefined {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  if (n === 0 || resamples < 1) return undefined;
  const rng = xoroshiro128plus(options.seed ?? 1);
  // An unbiased index in [0, n): reject the top of the 2^32 range that n does not divide evenly.
  const limit = Math.floor(4294967296 / n) * n;
  const draw = (): number => {
    let u = rng.next() >>> 0;
    while (u >= limit) u = rng.next() >>> 0;
    return u % n;
  };
  const values = new Float64Array(resamples);
  let kept = 0;
  for (let r = 0; r < resamples; r++) {
    const value = statistic(draw);
    if (Number.isFinite(value)) values[kept++] = value;
  }
  if (kept === 0) return undefined;
  const sorted = values.subarray(0, kept).sort();
  const alpha = 1 - (options.confidence ?? 0.95);
  return { low: percentile(sorted, alpha / 2), high: percentile(sorted, 1 - alpha / 2) };
}

/** Linear interpolation between order statistics (Hyndman & Fan 1996 type 7, numpy's default). */
function percentile(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  const weight = position - below;
  return (sorted[below] as number) * (1 - weight) + (sorted[above] as number) * weight;
}
