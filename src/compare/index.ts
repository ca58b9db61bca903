// Comparing two runs with statistics: see README.md beside this file.
export { compareRuns, hasRegression, ComparisonInputError, type LabelledRun } from './compare-runs.js';
export { agreementOf, type LabelPair } from './stats/agreement.js';
