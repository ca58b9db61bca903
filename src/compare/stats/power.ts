// Power analysis: the smallest change a comparison could detect, and the repeats that would detect a
// given one. Normal approximations (documented as such in the report): they plan, they do not test.
import { studentTQuantile, zQuantile } from './quantiles.js';

export interface PowerSettings {
  /** Two-sided significance level the test is run at (already divided for multiplicity if needed). */
  alpha: number;
  /** Chance of detecting an effect of the planned size, e.g. 0.8. */
  power: number;
}

/** Cohen's h: the difference of two rates on the variance-stabilizing arcsine scale (Cohen 1988, §6.2). */
function arcsine(rate: number): number {
  return 2 * Math.asin(Math.sqrt(Math.min(1, Math.max(0, rate))));
}

/**
 * Minimum detectable change of one conversation's pass rate between `runsBase` and `runsHead` runs
 * (Cohen 1988, Statistical Power Analysis for the Behavioral Sciences, 2nd ed., §6.3): the test
 * detects h = (z_{1-alpha/2} + z_{power}) · sqrt(1/runsBase + 1/runsHead) on the arcsine scale; back
 * on the rate scale it is a drop from the base rate p (or, as the arcsine scale is symmetric, a rise
 * from p when p < 1/2): p - sin²(asin(√p) - h/2). Undefined (null) when even a drop to 0 is too
 * small to detect.
 */
export function minimumDetectableChange(
  baseRate: number,
  runsBase: number,
  runsHead: number,
  settings: PowerSettings,
): number | null {
  if (runsBase < 1 || runsHead < 1) return null;
  const h = (zQuantile(1 - settings.alpha / 2) + zQuantile(settings.power)) * Math.sqrt(1 / runsBase + 1 / runsHead);
  const p = Math.max(baseRate, 1 - baseRate);
  const angle = Math.asin(Math.sqrt(p)) - h / 2;
  if (angle < 0) return null;
  return p - Math.sin(angle) ** 2;
}

/**
 * Runs per side that detect a drop of `drop` from `baseRate` (or the mirror rise when the rate is
 * below 1/2), from the same formula solved for equal sides: n = 2 · ((z_{1-alpha/2} + z_{power}) / h)².
 * Null when no such change exists (a drop larger than the rate).
 */
export function runsToDetect(baseRate: number, drop: number, settings: PowerSettings): number | null {
  const p = Math.max(baseRate, 1 - baseRate);
  if (drop <= 0 || drop > p) return null;
  const h = arcsine(p) - arcsine(p - drop);
  return Math.ceil(2 * ((zQuantile(1 - settings.alpha / 2) + zQuantile(settings.power)) / h) ** 2);
}

/** What the suite-level design can detect: see `suitePower`. */
export interface SuitePower {
  /** Smallest suite pass-rate change detectable with these conversations and repeats; null if none is. */
  minimumDetectableChange: number | null;
  /** Repeats per conversation (per side) that would detect a change of `target`; null if none would. */
  repeatsToDetect: number | null;
}

export interface SuiteVariance {
  /** Conversations compared. */
  conversations: number;
  /** Variance of the per-conversation differences as observed (N-1 denominator). */
  differenceVariance: number;
  /** Mean runs per conversation per side. */
  repeats: number;
  /**
   * Mean over conversations of s²_base + s²_head, the unbiased per-run Bernoulli variances
   * s² = c(n-c) / (n(n-1)): the part of the difference variance that more repeats shrink.
   */
  withinVariancePerRun: number;
}

/**
 * Suite-level power of the paired comparison. The difference variance splits into a part between
 * conversations B and a within part W/k that shrinks with k repeats (Miller 2024, arXiv 2411.00640,
 * on variance reduction by resampling answers): Var(d) = B + W/k, so B = max(0, Var(d) - W/k̄).
 * The paired t-test detects a mean change δ when δ >= M · sqrt(Var_δ(d)/N), M = t_{1-alpha/2, N-1} +
 * z_{power}, with Var_δ(d) = B + max(W, δ(1-δ))/k: a change of δ itself makes runs differ, since
 * the per-run variances of a rate p and of p - δ sum to p(1-p) + (p-δ)(1-p+δ) >= δ(1-δ) (concave
 * in p, least at p = δ or 1). Without that floor, a sample in which nothing varied (every run passed,
 * or every conversation changed alike) would plan with zero variance and claim any change
 * detectable. A change of `target` needs k >= max(W, target(1-target)) / (N·target²/M² - B) repeats;
 * when B alone is too large, more conversations are needed and no number of repeats will do (null).
 */
export function suitePower(variance: SuiteVariance, target: number, settings: PowerSettings): SuitePower {
  const n = variance.conversations;
  if (n < 2) return { minimumDetectableChange: null, repeatsToDetect: null };
  const multiplier = studentTQuantile(1 - settings.alpha / 2, n - 1) + zQuantile(settings.power);
  const repeats = Math.max(1, variance.repeats);
  const within = variance.withinVariancePerRun;
  const between = Math.max(0, variance.differenceVariance - within / repeats);
  // max(W, δ(1-δ)) in Var_δ: δ must clear both the root with W and the root with δ(1-δ).
  const detectable = Math.max(
    multiplier * Math.sqrt((between + within / repeats) / n),
    changeDetectableByItsOwnVariance(n, repeats, between, multiplier),
  );
  // A pass-rate difference cannot exceed 1: beyond that nothing is detectable.
  const mde = detectable <= 1 ? detectable : null;
  const room = (n * target * target) / (multiplier * multiplier) - between;
  const needed = room > 0 ? Math.max(1, Math.ceil(Math.max(within, target * (1 - target)) / room)) : null;
  return { minimumDetectableChange: mde, repeatsToDetect: needed };
}

/**
 * The least δ with δ >= M · sqrt((B + δ(1-δ)/k) / N): the positive root of
 * a·δ² - δ/k - B = 0 with a = N/M² + 1/k (M²/(M² + k·N) when B = 0).
 */
function changeDetectableByItsOwnVariance(n: number, repeats: number, between: number, multiplier: number): number {
  const a = n / (multiplier * multiplier) + 1 / repeats;
  return (1 / repeats + Math.sqrt(1 / (repeats * repeats) + 4 * a * between)) / (2 * a);
}
