// Exact power of the exact tests the comparison runs: the chance that Fisher's test (per
// conversation) or McNemar's test (per suite of single runs) rejects at alpha when the rates really
// differ, summed over every outcome the two binomial samples can have. A normal approximation is far
// off where these tests are used most, at a base rate of 100%: it claimed 40 runs per side detect a
// drop to 90% with power 0.8 where the exact power is 0.21 (Fisher needs six failures against none).
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import { fisherExact, mcnemarExact, RELATIVE_TOLERANCE } from './exact-tests.js';

// Terms below this share of the mode's are left out of the sums: what they could add to a power is
// below 1e-12, far under any difference a plan could care about, and a table that improbable has a
// p-value far below any alpha.
const NEGLIGIBLE = 1e-16;

/** Probabilities of x = from, from + 1, …: those of a distribution that are not negligible. */
interface Terms {
  from: number;
  probabilities: Float64Array;
}

/**
 * A unimodal distribution on [low, high] from its mode outwards, by the ratio P(x+1)/P(x), then
 * normalized: no factorials, so neither overflow nor underflow with thousands of runs, and only the
 * terms that matter are computed.
 */
function termsFromMode(low: number, high: number, mode: number, ratio: (x: number) => number): Terms {
  const values = new Float64Array(high - low + 1);
  values[mode - low] = 1;
  let [first, last, sum] = [mode, mode, 1];
  for (let v = 1; last < high; last++) {
    v *= ratio(last);
    if (v < NEGLIGIBLE) break;
    values[last + 1 - low] = v;
    sum += v;
  }
  for (let v = 1; first > low; first--) {
    v /= ratio(first - 1);
    if (v < NEGLIGIBLE) break;
    values[first - 1 - low] = v;
    sum += v;
  }
  const probabilities = values.subarray(first - low, last - low + 1);
  for (let i = 0; i < probabilities.length; i++) probabilities[i] = (probabilities[i] as number) / sum;
  return { from: first, probabilities };
}

/** Binomial(n, p): P(x+1)/P(x) = (n-x)/(x+1) · p/(1-p). */
function binomialTerms(n: number, p: number): Terms {
  if (p <= 0) return { from: 0, probabilities: Float64Array.of(1) };
  if (p >= 1) return { from: n, probabilities: Float64Array.of(1) };
  const odds = p / (1 - p);
  const mode = Math.min(n, Math.floor((n + 1) * p));
  return termsFromMode(0, n, mode, (x) => ((n - x) / (x + 1)) * odds);
}

/**
 * The passes X of side A given `passes` in all (Fisher's conditional law, exact-tests.ts):
 * hypergeometric, P(x+1)/P(x) = (K-x)(runsA-x) / ((x+1)(runsB-K+x+1)).
 */
function hypergeometricTerms(runsA: number, runsB: number, passes: number): Terms {
  const low = Math.max(0, passes - runsB);
  const high = Math.min(runsA, passes);
  const mode = Math.min(high, Math.max(low, Math.floor(((runsA + 1) * (passes + 1)) / (runsA + runsB + 2))));
  return termsFromMode(low, high, mode, (x) => ((passes - x) * (runsA - x)) / ((x + 1) * (runsB - passes + x + 1)));
}

/**
 * Which tables with these margins Fisher's test rejects at alpha, by the rule of `fisherExact`: the
 * p-value of x sums the probabilities of every x' at most as probable (within the same relative
 * tolerance). Tables outside the non-negligible terms are rejected: their p-value is below 1e-14.
 */
function fisherRejections(runsA: number, runsB: number, passes: number, alpha: number): Terms {
  const terms = hypergeometricTerms(runsA, runsB, passes);
  const sorted = Float64Array.from(terms.probabilities).sort();
  const cumulative = new Float64Array(sorted.length + 1);
  sorted.forEach((p, i) => (cumulative[i + 1] = (cumulative[i] as number) + p));
  const rejects = terms.probabilities.map((probability, i) => {
    const p = cumulative[countAtMost(sorted, probability * RELATIVE_TOLERANCE)] as number;
    // A p-value equal to alpha (ties happen: both are ratios) is decided by the test's own rounding.
    if (Math.abs(p - alpha) > alpha * 1e-9) return p < alpha ? 1 : 0;
    const x = terms.from + i;
    return fisherExact(x, runsA, passes - x, runsB) < alpha ? 1 : 0;
  });
  return { from: terms.from, probabilities: rejects };
}

/** How many of the ascending `sorted` are <= `limit` (binary search). */
function countAtMost(sorted: Float64Array, limit: number): number {
  let [lo, hi] = [0, sorted.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Rejection regions by run counts and alpha, then by total passes (filled as asked for): a suite's
// conversations share run counts, and the searches below ask for the same regions many times.
const CACHE_LIMIT = 64;
const regions = new Map<string, Map<number, Terms>>();

function cached<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    value = make();
    cache.set(key, value);
  }
  return value;
}

/** The tables with these margins that Fisher's test rejects at alpha (see `fisherRejections`). */
function fisherRegion(runsA: number, runsB: number, passes: number, alpha: number): Terms {
  const region = cached(regions, `${runsA},${runsB},${alpha}`, () => new Map<number, Terms>());
  let row = region.get(passes);
  if (!row) {
    row = fisherRejections(runsA, runsB, passes, alpha);
    region.set(passes, row);
  }
  return row;
}

/**
 * Power of Fisher's two-sided exact test at alpha (as `fisherExact` computes it) with `runsA` runs
 * passing at `rateA` and `runsB` at `rateB`: the sum of P(X = x)·P(Y = y) over the tables (x, y)
 * whose p-value is below alpha, taken by total passes K = x + y (one rejection region per K).
 */
export function fisherPower(runsA: number, runsB: number, rateA: number, rateB: number, alpha: number): number {
  const a = binomialTerms(runsA, rateA);
  const b = binomialTerms(runsB, rateB);
  const [lastA, lastB] = [a.from + a.probabilities.length - 1, b.from + b.probabilities.length - 1];
  let power = 0;
  for (let passes = a.from + b.from; passes <= lastA + lastB; passes++) {
    const region = fisherRegion(runsA, runsB, passes, alpha);
    const [first, last] = [Math.max(a.from, passes - lastB), Math.min(lastA, passes - b.from)];
    for (let x = first; x <= last; x++) {
      const i = x - region.from;
      // Outside the region's terms a table is too improbable not to be rejected.
      if (i >= 0 && i < region.probabilities.length && region.probabilities[i] === 0) continue;
      power += (a.probabilities[x - a.from] as number) * (b.probabilities[passes - x - b.from] as number);
    }
  }
  return Math.min(1, power);
}

/**
 * The largest m such that m of D discordant pairs one way (and D - m the other) makes McNemar's
 * test reject at alpha; -1 when none does (D too small). Non-decreasing in D, so each starts from
 * the last.
 */
function mcnemarBounds(pairs: number, alpha: number): Int32Array {
  const bounds = new Int32Array(pairs + 1).fill(-1);
  let m = -1;
  for (let d = 1; d <= pairs; d++) {
    while (m + 1 <= d / 2 && mcnemarExact(m + 1, d - m - 1) < alpha) m += 1;
    bounds[d] = m;
  }
  return bounds;
}

const bounds = new Map<string, Int32Array>();

/**
 * Power of the exact McNemar test at alpha over `pairs` conversations run once per side, when each
 * goes passed → failed with probability `down` and failed → passed with `up`: the discordant count
 * D is Binomial(pairs, down + up) and, given D, the passed → failed ones Binomial(D, down/(down+up));
 * the test rejects when the fewer of the two is at most the bound for D.
 */
export function mcnemarPower(pairs: number, down: number, up: number, alpha: number): number {
  const bound = cached(bounds, `${pairs},${alpha}`, () => mcnemarBounds(pairs, alpha));
  const flips = binomialTerms(pairs, down + up);
  const share = down + up > 0 ? down / (down + up) : 0.5;
  let power = 0;
  flips.probabilities.forEach((pd, i) => {
    const d = flips.from + i;
    const m = bound[d] as number;
    if (m < 0) return;
    // P(B <= m) + P(B >= d - m); the two tails do not meet, as m < d/2.
    power += pd * (binomialCdf(m, d, share) + 1 - binomialCdf(d - m - 1, d, share));
  });
  return Math.min(1, power);
}

/** The grid the search first walks along, in pass-rate units (one point). */
const GRID = 0.01;
/** Halvings of one grid step: 0.01 / 2^24 < 1e-9. */
const BISECTIONS = 24;

/**
 * The smallest change in (0, largest] whose power reaches `target`, to within 1e-9; null when even
 * `largest` falls short. The power of a discrete test need not rise smoothly with the change, so the
 * first grid point that reaches the target is found before bisecting the step below it.
 */
export function smallestDetectable(power: (change: number) => number, largest: number, target: number): number | null {
  if (!(largest > 0)) return null;
  let below = 0;
  let above = Math.min(largest, GRID);
  for (let step = 1; power(above) < target; step++) {
    if (above >= largest) return null;
    below = above;
    above = Math.min(largest, (step + 1) * GRID);
  }
  for (let i = 0; i < BISECTIONS; i++) {
    const mid = (below + above) / 2;
    if (power(mid) >= target) above = mid;
    else below = mid;
  }
  return above;
}
