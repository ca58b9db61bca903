// The suite-level comparison: one paired difference per conversation (a cluster of repeats).
//
// Which test decides the verdict: the stratified permutation test of the mean difference
// (stats/stratified-permutation.ts), given each conversation's passes: under "the version changes
// nothing" a conversation's runs are exchangeable between the sides, so it is exact whatever the run
// counts and however few the conversations. When every conversation ran once per side it is exact
// McNemar, reported as such with its discordant pairs.
//
// Why not the paired t-test on the per-conversation differences, used before: with unequal run
// counts the differences are skewed, not symmetric about 0, and its p-values were far too small one
// way (20 conversations × 1 base run against 10 head runs at 97%: 40% false "regressed" at alpha
// 0.05, the permutation test 2.8%; 10 × 10 runs against 2 at 95%: 17% false "improved", 1.5%); and
// with a few conversations a larger regression could be less significant than a smaller one
// (4 × 5/5 → 4,4,4,3 of 5: t p = 0.015; 4 × 5/5 → 3/5: no spread, sign-flip p = 0.125; the
// permutation test: 0.056 and 0.005). With equal run counts and six conversations or more the t-test
// held its level (at most 5.5% false positives, 3,000 A/A simulations per design) and detected a
// planted drop somewhat more often (20 × 5 runs at 90%, 10 points: 48% against 43%; 50 × 5 at
// Beta(4, 1.5) rates: 71% against 70%), as the exact test is conservative where runs rarely fail;
// but its p-values still need not grow with the regression (6 conversations 5/5 → five at 4/5:
// p = 0.004; all six at 4/5: sign-flip p = 0.031), and its normal plan claimed changes it detected
// 67–79% of the time, not 80%. One exact test for every design, planned for what it detects
// (stats/permutation-power.ts), is the simpler and honest choice. What it asks is whether these
// conversations changed, not whether a wider population of conversations would: one conversation
// that broke in every run can make the suite regressed.
//
// The paired cluster bootstrap gives the reported interval. It does not decide significance: its
// percentile interval covers less than its nominal level with few clusters (Efron & Tibshirani 1993
// §13.3). It does hold back "unchanged", which also needs the interval within ±mde (verdictOf); being
// narrow with few conversations, it holds back a little less than its level says.
import type { ComparisonSettings, SuiteComparison } from '../model/comparison.js';
import { pairedClusterBootstrap } from './stats/bootstrap.js';
import { mcnemarExact } from './stats/exact-tests.js';
import { type PairedCounts, stratifiedPermutationTest } from './stats/stratified-permutation.js';
import { permutationSuitePower } from './stats/permutation-power.js';
import { singleRunSuitePower } from './stats/power.js';
import { verdictOf } from './conversations.js';

export type { PairedCounts } from './stats/stratified-permutation.js';

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
  let passedToFailed = 0;
  let failedToPassed = 0;
  const single = n > 0 && pairs.every((p) => p.baseRuns === 1 && p.headRuns === 1);
  pairs.forEach((p, i) => {
    baseRates[i] = p.basePassed / p.baseRuns;
    headRates[i] = p.headPassed / p.headRuns;
    differences[i] = (headRates[i] as number) - (baseRates[i] as number);
    if (p.basePassed > p.headPassed) passedToFailed += 1;
    if (p.headPassed > p.basePassed) failedToPassed += 1;
  });
  const { mde } = settings;
  // One conversation is one observation: nothing to test it against (a p-value of 1 would read as
  // "tested, no change").
  const testable = n >= 2;
  // Single runs on both sides: the permutation test is exact McNemar, run as such (with its pairs).
  const permutation = testable && !single ? stratifiedPermutationTest(pairs, settings) : null;
  const drawn = permutation !== null && !permutation.exact;
  const test = single ? 'mcnemar-exact' : drawn ? 'permutation-monte-carlo' : 'permutation-exact';
  const pValue = testable ? (permutation?.pValue ?? mcnemarExact(passedToFailed, failedToPassed)) : null;
  const planned = pairs.map((p) => ({
    rate: (p.basePassed + p.headPassed) / (p.baseRuns + p.headRuns),
    baseRuns: p.baseRuns,
    headRuns: p.headRuns,
  }));
  const permutationPlan = permutationSuitePower(planned, mde, settings);
  // Single runs are tested with exact McNemar: plan with its exact power.
  const power = single
    ? singleRunSuitePower(n, Math.min(passedToFailed, failedToPassed) / n, mde, settings, permutationPlan)
    : permutationPlan;
  const difference = meanOf(differences);
  const interval = pairedClusterBootstrap(differences, settings);
  return {
    conversations: n,
    baseRate: meanOf(baseRates),
    headRate: meanOf(headRates),
    difference,
    interval,
    test,
    pValue,
    ...(single && { passedToFailed, failedToPassed }),
    minimumDetectableChange: power.minimumDetectableChange,
    repeatsToDetect: power.repeatsToDetect,
    verdict: verdictOf(difference, pValue, power.minimumDetectableChange, settings, interval),
  };
}
