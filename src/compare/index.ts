// Comparing two runs with statistics: see README.md beside this file.
export {
  compareRuns,
  hasRegression,
  ComparisonInputError,
  DEFAULT_SETTINGS,
  type CompareOptions,
  type LabelledRun,
} from './compare-runs.js';
export { compareSuite, type PairedCounts } from './suite.js';
export { wilsonInterval, type Interval } from './stats/wilson.js';
export { fisherExact, mcnemarExact } from './stats/exact-tests.js';
export { pairedTTest } from './stats/paired-t.js';
export { pairedClusterBootstrap, DEFAULT_RESAMPLES } from './stats/bootstrap.js';
export { holmAdjust } from './stats/holm.js';
export { minimumDetectableChange, runsToDetect, suitePower } from './stats/power.js';
export { percentileBootstrap } from './stats/bootstrap.js';
export {
  agreementOf,
  cohensKappa,
  balancedAccuracy,
  confusionOf,
  flipRate,
  DEFAULT_AGREEMENT_RESAMPLES,
  type Agreement,
  type Confusion,
  type LabelPair,
} from './stats/agreement.js';
