// The suite-level comparison: one paired difference per conversation (a cluster of repeats).
//
// Which test decides the verdict, and why not the bootstrap: with every conversation run once per
// side the data are paired binary outcomes and McNemar's exact test is exact. With repeats the
// verdict comes from the paired t-test on per-conversation differences (clustered by conversation,
// Miller 2024). The paired cluster bootstrap gives the reported interval, but its percentile
// interval covers less than its nominal level with few clusters (Efron & Tibshirani 1993 §13.3; it
// ignores the N/(N-1) variance factor and uses z where t is due), so a verdict taken from it would
// reject a true "no change" more often than alpha with 50 conversations. The t-test is calibrated
// for that case (test/compare/simulation.test.ts measures it), deterministic and free of the seed.
// When every conversation changed by the same amount the t-test is undefined (no spread: t = d/0)
// and the exact sign-flip test decides instead (stats/sign-flip.ts): 2^(1-N), not a certainty.
import type { ComparisonSettings, SuiteComparison } from '../model/comparison.js';
import { pairedClusterBootstrap } from './stats/bootstrap.js';
import { mcnemarExact } from './stats/exact-tests.js';
import { pairedTTest } from './stats/paired-t.js';
import { signFlipEqualDifferences } from './stats/sign-flip.js';
import { singleRunSuitePower, suitePower } from './stats/power.js';
import { verdictOf } from './conversations.js';

/** One conversation's counts on both sides (at least one finished run each). */
export interface PairedCounts {
  basePassed: number;
  baseRuns: number;
  headPassed: number;
  headRuns: number;
}

/** Unbiased per-run Bernoulli variance c(n-c) / (n(n-1)); 0 with fewer than two runs (unknown). */
function perRunVariance(passed: number, runs: number): number {
  return runs > 1 ? (passed * (runs - passed)) / (runs * (runs - 1)) : 0;
}

/** Null for no values: a rate of nothing compared is not 0%. */
function meanOf(values: Float64Array): number | null {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length ? sum / values.length : null;
}

export function compareSuite(pairs: readonly PairedCounts[], settings: ComparisonSettings): SuiteComparison {
  const n = pairs.length;
  const differences = new Float64Array(n);
  const baseRates = new Float64Array(n);
  const headRates = new Float64Array(n);
  let within = 0;
  let repeats = 0;
  let passedToFailed = 0;
  let failedToPassed = 0;
  const single = n > 0 && pairs.every((p) => p.baseRuns === 1 && p.headRuns === 1);
  pairs.forEach((p, i) => {
    baseRates[i] = p.basePassed / p.baseRuns;
    headRates[i] = p.headPassed / p.headRuns;
    differences[i] = (headRates[i] as number) - (baseRates[i] as number);
    within += perRunVariance(p.basePassed, p.baseRuns) + perRunVariance(p.headPassed, p.headRuns);
    repeats += (p.baseRuns + p.headRuns) / 2;
    if (p.basePassed > p.headPassed) passedToFailed += 1;
    if (p.headPassed > p.basePassed) failedToPassed += 1;
  });
  const { confidence, mde } = settings;
  const t = pairedTTest(differences, confidence);
  // One conversation is one observation: nothing to test it against (a p-value of 1 would read as
  // "tested, no change").
  const testable = n >= 2;
  const test = single ? 'mcnemar-exact' : t.standardError === 0 ? 'sign-flip-exact' : 'paired-t';
  const pValues = {
    'mcnemar-exact': () => mcnemarExact(passedToFailed, failedToPassed),
    'sign-flip-exact': () => signFlipEqualDifferences(n, t.mean),
    'paired-t': () => t.pValue,
  };
  const pValue = testable ? pValues[test]() : null;
  const variance = Number.isNaN(t.standardError) ? 0 : t.standardError * t.standardError * n;
  const tPlan = suitePower(
    {
      conversations: n,
      differenceVariance: variance,
      repeats: n ? repeats / n : 0,
      withinVariancePerRun: n ? within / n : 0,
    },
    mde,
    settings,
  );
  // Single runs are tested with exact McNemar: plan with its exact power, not the t-test's.
  const power = single
    ? singleRunSuitePower(n, Math.min(passedToFailed, failedToPassed) / n, mde, settings, tPlan)
    : tPlan;
  const difference = n > 0 ? t.mean : null;
  return {
    conversations: n,
    baseRate: meanOf(baseRates),
    headRate: meanOf(headRates),
    difference,
    interval: pairedClusterBootstrap(differences, settings),
    test,
    pValue,
    ...(single && { passedToFailed, failedToPassed }),
    minimumDetectableChange: power.minimumDetectableChange,
    repeatsToDetect: power.repeatsToDetect,
    verdict: verdictOf(difference, pValue, power.minimumDetectableChange, settings),
  };
}
