// The suite's test: a stratified permutation test of the mean per-conversation pass-rate difference,
// conditional on each conversation's passes (Fisher 1935, The Design of Experiments, §21, on
// randomization tests; stratified by conversation as in the exact conditional test of several 2×2
// tables, Agresti 2013, Categorical Data Analysis, 3rd ed., §7.3.5; Good 2005, Permutation,
// Parametric and Bootstrap Tests of Hypotheses, §3.5, on Monte Carlo p-values).
//
// Under "the version changes nothing", the runs of conversation i are exchangeable between the
// sides: given its m_i passes among N_i = B_i + H_i finished runs, the head's passes h_i follow the
// hypergeometric law (H_i draws), independently across conversations. The statistic is the mean
// difference the comparison reports, D = mean_i(h_i/H_i − (m_i − h_i)/B_i), centred at 0 under that
// null whatever the run counts, and p = P(|D*| ≥ |D_obs|). A conversation in which every run passed,
// or none did, has one possible split and adds nothing. For single runs on both sides this is exact
// McNemar; for conversations that each lost one of their runs, the sign-flip test (2^(1−n)).
//
// The law of D* is computed exactly (a convolution, below) unless it is too large, then estimated
// from `resamples` seeded draws as (1 + k)/(1 + R), itself a valid p-value: P(p ≤ alpha) ≤ alpha
// for any number of draws.
import hypergeometricPmf from '@stdlib/stats-base-dists-hypergeometric-pmf';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** One conversation's counts on both sides (at least one finished run each). */
export interface PairedCounts {
  basePassed: number;
  baseRuns: number;
  headPassed: number;
  headRuns: number;
}

export interface PermutationOptions {
  /** Draws when the exact law is too large to compute. */
  resamples: number;
  seed: number;
}

export interface PermutationTest {
  /** Two-sided p-value of "the version changes nothing". */
  pValue: number;
  /** True when computed from the exact law; false when estimated from `resamples` draws. */
  exact: boolean;
}

/** P(X = first + j) = probabilities[j]: a law on consecutive integers (or steps of a common unit). */
interface Law {
  first: number;
  probabilities: Float64Array;
}

/** A conversation whose passes can split between the sides in more than one way. */
interface Stratum {
  baseRuns: number;
  headRuns: number;
  passes: number;
  observed: number;
  /** The law of the head's passes. */
  law: Law;
}

// The exact law is an array indexed by an integer-scaled statistic (exactPValue): beyond this many
// cells, or this many multiply-adds to fill it, seeded draws answer in a fraction of the time.
const MAX_CELLS = 1 << 20;
const MAX_WORK = 1e7;

// Cells of a law below this probability are dropped as it is built (a sum of many conversations'
// laws is concentrated: its tails beyond this are far narrower than its range), and what was dropped
// is added to the p-value, so the p-value stays an upper bound and never reads 0.
const NEGLIGIBLE = 1e-20;

// Drawn sums of rates within this of the observed one are ties: float rounding makes ties inexact
// (a sum of n rates is off by about n·1e-16), and two distinct sums are multiples of 1/L apart, L the
// least common multiple of the run counts, so only run counts with one beyond 10^11 could tell apart
// sums this close: as good as a tie.
const TIE_TOLERANCE = 1e-11;

export function stratifiedPermutationTest(
  pairs: readonly PairedCounts[],
  options: PermutationOptions,
): PermutationTest {
  const strata = pairs.flatMap((p) => stratumOf(p) ?? []);
  if (strata.length === 0) return { pValue: 1, exact: true };
  const exact = exactPValue(strata);
  if (exact !== null) return { pValue: exact, exact: true };
  return { pValue: monteCarloPValue(strata, options), exact: false };
}

function stratumOf(p: PairedCounts): Stratum | null {
  const passes = p.basePassed + p.headPassed;
  const runs = p.baseRuns + p.headRuns;
  if (passes === 0 || passes === runs) return null;
  const first = Math.max(0, passes - p.baseRuns);
  const probabilities = new Float64Array(Math.min(p.headRuns, passes) - first + 1);
  probabilities.forEach((_, j) => (probabilities[j] = hypergeometricPmf(first + j, runs, passes, p.headRuns)));
  return { baseRuns: p.baseRuns, headRuns: p.headRuns, passes, observed: p.headPassed, law: { first, probabilities } };
}

/** Head rate − base rate when the head has h of the stratum's passes. */
function differenceAt(s: Stratum, h: number): number {
  return h / s.headRuns - (s.passes - h) / s.baseRuns;
}

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}

/** What building the exact law may still spend, and the probability it dropped as negligible. */
interface Budget {
  work: number;
  dropped: number;
}

/** Conversations whose difference moves by the same step per head pass: 1/H + 1/B = (B + H)/(B·H). */
interface WeightGroup {
  /** One member's run counts (every member's weight is the same). */
  baseRuns: number;
  headRuns: number;
  /** The law of the members' total head passes, and its observed value. */
  law: Law;
  observed: number;
}

/**
 * The exact p-value, or null when the law is too large to compute. Conversations with the same
 * weight w = 1/H + 1/B contribute h·w − m/B each, so a group needs only the law of its total head
 * passes S_g (a convolution of small integer laws). Across groups, with L the least common multiple
 * of every run count, L·n·D = Σ_g (L·w_g)·S_g − Σ_i L·m_i/B_i is an integer: the groups are convolved
 * on an array indexed by it, and ties with the observed sum are exact (no rounding decides them).
 */
function exactPValue(strata: readonly Stratum[]): number | null {
  let scale = 1;
  for (const s of strata) {
    for (const runs of [s.baseRuns, s.headRuns]) scale = (scale / greatestCommonDivisor(scale, runs)) * runs;
    if (scale > MAX_CELLS) return null;
  }
  const budget: Budget = { work: MAX_WORK, dropped: 0 };
  const groups = groupsByWeight(strata, budget);
  if (groups === null) return null;
  const steps = groups.map((g) => scale / g.headRuns + scale / g.baseRuns);
  const unit = steps.reduce(greatestCommonDivisor);
  const cells = groups.reduce((sum, g, i) => sum + ((steps[i] as number) / unit) * g.law.probabilities.length, 1);
  if (cells > MAX_CELLS) return null;
  // law: of Σ_g (step_g/unit)·S_g.
  let law: Law = { first: 0, probabilities: Float64Array.of(1) };
  for (const [i, g] of groups.entries()) {
    law = convolve(law, g.law, (steps[i] as number) / unit, budget);
    if (budget.work < 0) return null;
  }
  // In units of 1/L: L·n·D = unit·x − Σ_i L·m_i/B_i for x of `law`.
  const constant = strata.reduce((sum, s) => sum + s.passes * (scale / s.baseRuns), 0);
  const observed = Math.abs(groups.reduce((sum, g, i) => sum + (steps[i] as number) * g.observed, -constant));
  let p = budget.dropped;
  law.probabilities.forEach((probability, j) => {
    if (Math.abs(unit * (law.first + j) - constant) >= observed) p += probability;
  });
  return Math.min(1, p);
}

/** The strata grouped by weight, each group with the law of its total head passes; null past the budget. */
function groupsByWeight(strata: readonly Stratum[], budget: Budget): WeightGroup[] | null {
  const groups = new Map<string, WeightGroup>();
  for (const s of strata) {
    const divisor = greatestCommonDivisor(s.baseRuns + s.headRuns, s.baseRuns * s.headRuns);
    const key = `${(s.baseRuns + s.headRuns) / divisor}/${(s.baseRuns * s.headRuns) / divisor}`;
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { baseRuns: s.baseRuns, headRuns: s.headRuns, law: s.law, observed: s.observed });
      continue;
    }
    group.law = convolve(group.law, s.law, 1, budget);
    if (budget.work < 0) return null;
    group.observed += s.observed;
  }
  return [...groups.values()];
}

/**
 * The law of X + stride·Y for independent X ~ `a` and Y ~ `b`, without its negligible tails; what it
 * cost and dropped goes to `budget` (work below 0: stopped, the result is incomplete).
 */
function convolve(a: Law, b: Law, stride: number, budget: Budget): Law {
  const x = a.probabilities;
  const y = b.probabilities;
  const out = new Float64Array(x.length + stride * (y.length - 1));
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number;
    if (xi === 0) continue;
    budget.work -= y.length;
    if (budget.work < 0) break;
    for (let k = 0; k < y.length; k++) out[i + stride * k] = (out[i + stride * k] as number) + xi * (y[k] as number);
  }
  let [low, high] = [0, out.length - 1];
  while (low < high && (out[low] as number) < NEGLIGIBLE) budget.dropped += out[low++] as number;
  while (high > low && (out[high] as number) < NEGLIGIBLE) budget.dropped += out[high--] as number;
  return { first: a.first + stride * b.first + low, probabilities: out.slice(low, high + 1) };
}

/** (1 + k)/(1 + R): k of R seeded draws of the law at least as far from 0 as the observed sum. */
function monteCarloPValue(strata: readonly Stratum[], options: PermutationOptions): number {
  const rng = xoroshiro128plus(options.seed);
  const uniform = (): number => (rng.next() >>> 0) / 4294967296;
  const laws = strata.map((s) => {
    const cumulative = new Float64Array(s.law.probabilities.length);
    let sum = 0;
    s.law.probabilities.forEach((p, k) => (cumulative[k] = sum += p));
    const differences = cumulative.map((_, k) => differenceAt(s, s.law.first + k));
    return { cumulative, differences };
  });
  const observed = Math.abs(strata.reduce((sum, s) => sum + differenceAt(s, s.observed), 0));
  let atLeast = 0;
  for (let r = 0; r < options.resamples; r++) {
    let sum = 0;
    for (const { cumulative, differences } of laws) sum += differences[firstAbove(cumulative, uniform())] as number;
    if (Math.abs(sum) >= observed - TIE_TOLERANCE) atLeast += 1;
  }
  return (1 + atLeast) / (1 + Math.max(0, options.resamples));
}

/** The first index whose cumulative probability exceeds u (the last one when rounding leaves none). */
function firstAbove(cumulative: Float64Array, u: number): number {
  let [low, high] = [0, cumulative.length - 1];
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((cumulative[mid] as number) > u) high = mid;
    else low = mid + 1;
  }
  return low;
}
