// Paired differences that do not vary, and the exact test that still applies to them.
//
// When every conversation changed by the same amount d the paired t-test is undefined (its standard
// error is 0, t = d/0) and a resampling interval is a point whatever the number of conversations:
// neither says how sure the change is. The sign-flip (randomization) test for paired data (Fisher
// 1935, The Design of Experiments, §21; Pitman 1937, "Significance tests which may be applied to
// samples from any populations", JRSS Suppl. 4, 119-130) needs no spread: under "no change" each
// difference is symmetric about 0, so given the |d_i| every one of the 2^n sign assignments is
// equally likely, and p is the share of them whose |Σ d_i| is at least the observed one. With every
// d_i = d ≠ 0 only the two assignments with all signs alike reach |n·d|: p = 2/2^n = 2^(1-n), so
// two conversations give p = 0.5 and no verdict before six (p = 0.03125). With d = 0 every
// assignment does: p = 1. It is exact under that null, with no normal approximation.

/**
 * Rates are fractions of run counts, so two differences that are not equal differ by at least
 * 1/(runs·runs'), far above this; below it they are equal up to float rounding (0.6 - 0.4 is
 * 0.19999999999999996, 1/5 is 0.2), which must not read as a spread with a tiny standard error.
 */
const SPREAD_TOLERANCE = 1e-9;

/** Whether the differences are all equal (up to rounding): nothing varies between them. */
export function withoutSpread(differences: ArrayLike<number>): boolean {
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < differences.length; i++) {
    const d = differences[i] as number;
    low = Math.min(low, d);
    high = Math.max(high, d);
  }
  return high - low <= SPREAD_TOLERANCE;
}

/** The exact two-sided sign-flip p-value of `n` paired differences all equal to `difference`. */
export function signFlipEqualDifferences(n: number, difference: number): number {
  if (n < 1 || Math.abs(difference) <= SPREAD_TOLERANCE) return 1;
  return Math.min(1, 2 ** (1 - n));
}
