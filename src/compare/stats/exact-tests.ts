// Exact tests on counts of passes: Fisher's for two rates, McNemar's for paired single runs.
import hypergeometricPmf from '@stdlib/stats-base-dists-hypergeometric-pmf';
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';

// Tables whose probability is within this relative tolerance of the observed one count as "as
// extreme" (the same guard against rounding as R's fisher.test and scipy.stats.fisher_exact).
export const RELATIVE_TOLERANCE = 1 + 1e-7;

/**
 * Fisher's exact test, two-sided, of "both sides pass at the same rate" from `passesA` of `runsA`
 * and `passesB` of `runsB` (Fisher 1935, The Design of Experiments, §2; Agresti 2013, Categorical
 * Data Analysis, 3rd ed., §3.5.1). Conditioning on the total passes K = passesA + passesB, the
 * passes of side A follow the hypergeometric law P(X = x) = C(K, x)·C(N-K, runsA-x) / C(N, runsA)
 * with N = runsA + runsB; the p-value sums P(X = x) over every x whose probability is at most that
 * of the observed table (the "probability" two-sided rule of R and scipy).
 */
export function fisherExact(passesA: number, runsA: number, passesB: number, runsB: number): number {
  const total = runsA + runsB;
  const passes = passesA + passesB;
  if (runsA === 0 || runsB === 0) return 1;
  const low = Math.max(0, runsA - (total - passes));
  const high = Math.min(runsA, passes);
  const observed = hypergeometricPmf(passesA, total, passes, runsA) * RELATIVE_TOLERANCE;
  let p = 0;
  for (let x = low; x <= high; x++) {
    const px = hypergeometricPmf(x, total, passes, runsA);
    if (px <= observed) p += px;
  }
  return Math.min(1, p);
}

/**
 * Exact McNemar test, two-sided (McNemar 1947, Psychometrika 12(2), 153-157; the exact form is the
 * binomial test of the discordant pairs, Agresti 2013 §11.1.1). Of the b + c conversations whose
 * single run changed status (b passed → failed, c failed → passed), under "no change" each is as
 * likely to go either way, so min(b, c) ~ Binomial(b + c, 1/2) and p = min(1, 2·P(X <= min(b, c))).
 */
export function mcnemarExact(passedToFailed: number, failedToPassed: number): number {
  const discordant = passedToFailed + failedToPassed;
  if (discordant === 0) return 1;
  return Math.min(1, 2 * binomialCdf(Math.min(passedToFailed, failedToPassed), discordant, 0.5));
}
