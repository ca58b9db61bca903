// The entry file of src/reporters (README.md): every report is a function of the RunResult.
// It stays light on purpose: each reporter's module (the HTML renderer, junit-report-builder) loads
// when createReporter/writeReports asks for it, and ajv only when merge-reports reads a results.json,
// so `run` pays start-up only for the reporters it uses.
import type { RunResult } from '../model/result.js';

export type { Reporter, ReporterFailure, ReporterName, ReporterOptions } from './types.js';
export { createReporter, isReporterName, REPORTER_NAMES, writeReports } from './create.js';
export { ReporterMultiplexer, type RunEndRevision } from './multiplexer.js';
export { mergeRunResults } from './merge.js';
export { countedSubject, simulatorFaultText, toleratedText } from './counts.js';
export { redactRunResult } from './redact.js';
export { RedactingObserver } from './redacting-observer.js';
export { REPORT_FILES, removeReportFiles } from './files.js';
export { ReportInputError } from './input-error.js';
export { comparisonText } from './comparison/text.js';
export { comparisonAnnotations, comparisonSummary } from './comparison/github.js';
export { coverageDetailLines, coverageLine } from './coverage-text.js';
export { defuseCommands, escapeLineBreaks } from './one-line.js';

/** Reads and schema-checks a shard's results.json; throws ReportInputError naming the file. */
export async function loadRunResult(path: string): Promise<RunResult> {
  return (await import('./load.js')).loadRunResult(path);
}
export { calibrationText } from './calibration/text.js';
export { calibrationHtml } from './calibration/html.js';
