// The entry file of src/library (README.md): a run as `cxas-eval run` makes it, as a function, and
// what the CLI's commands share about runs (options, targets, stored runs, history, gates).
// The run machinery (client, emulator, reporters, judge) loads on the first call of a function
// below that needs it, so a command that imports this file for its light parts starts fast.
import type * as Run from './run.js';
import type * as RunOnce from './run-once.js';
import type * as Target from './run-target.js';
import type * as Ref from './run-ref.js';
import type * as Identity from './run-identity.js';
import type * as Judge from './judge-options.js';

export { RunInputError, RunLoadError } from './errors.js';
export { processIO, type RunIO } from './io.js';
export {
  effectiveOptions,
  DEFAULTS,
  DEFAULT_HISTORY,
  historyDirOf,
  RUN_NUMBERS,
  BASE_SIDE_DIR,
  type RunSettings,
  type EffectiveRunOptions,
} from './run-options.js';
export { gateCoverage, minimumsOf, parseMinCoverage, withCoverageGate } from './coverage-gate.js';
export { withRunErrors } from './with-run-errors.js';
export { readHistory, type HistoryEntry } from './history.js';
export { asReported, inEndOrder, openRunReporters, runEndRevision, warnReporterFailures } from './run-reporters.js';
export { cutShortResult, FinalReports, RunRecorder } from './run-finish.js';
export { emptyShardNote, plannedToolTests, toolTestsOfRun } from './run-tools.js';
export { selectionOf, failedSpecIds, lastFailedIds, storedIdMatcher } from './run-selection.js';
export type { LibraryRunOptions, LibraryRunOutcome, NothingToRerun, PreparedRun } from './run.js';
export type { RunControl, RunOnceOutcome } from './run-once.js';
export type { Target } from './run-target.js';
export type { VersusRun } from './run-versions.js';
export type { ResolvedRun } from './run-ref.js';

// Cast: an arrow cannot be written with run's overloads (the outcome has a result unless lastFailed).
export const run = (async (options?: Run.LibraryRunOptions) =>
  (await import('./run.js')).run(options)) as typeof Run.run;
export const prepareRun: typeof Run.prepareRun = async (...args) => (await import('./run.js')).prepareRun(...args);
export const configOf: typeof Run.configOf = async (...args) => (await import('./run.js')).configOf(...args);
export const runPrepared: typeof Run.runPrepared = async (...args) => (await import('./run.js')).runPrepared(...args);
export const runVersions: typeof Run.runVersions = async (...args) => (await import('./run.js')).runVersions(...args);
export const runOnce: typeof RunOnce.runOnce = async (...args) => (await import('./run-once.js')).runOnce(...args);
export const openTarget: typeof Target.openTarget = async (...args) =>
  (await import('./run-target.js')).openTarget(...args);
export const resolveRunArgument: typeof Ref.resolveRunArgument = async (...args) =>
  (await import('./run-ref.js')).resolveRunArgument(...args);
export const collectIdentity: typeof Identity.collectIdentity = async (...args) =>
  (await import('./run-identity.js')).collectIdentity(...args);
type JudgeFor = typeof Judge.judgeFor;
export const judgeFor = async (...args: Parameters<JudgeFor>): Promise<ReturnType<JudgeFor>> =>
  (await import('./judge-options.js')).judgeFor(...args);
export { listInventory, liveCoverage, rescoredCoverage } from './coverage-run.js';
