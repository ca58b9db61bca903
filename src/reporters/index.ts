// Public surface of src/reporters (README.md): every report is a function of the RunResult.
// The CLI imports ./create.js instead, so a run loads only the reporters it uses.
export type { ConversationStartInfo, Reporter, ReporterFailure, ReporterName, ReporterOptions } from './types.js';
export { createReporter, isReporterName, REPORTER_NAMES, writeReports } from './create.js';
export { ReporterMultiplexer } from './multiplexer.js';
export { mergeRunResults } from './merge.js';
export { redactRunResult, REDACTED } from './redact.js';
export { REPORT_FILES } from './files.js';
export { renderJson } from './json.js';
export { renderJunit } from './junit.js';
export { renderHtml } from './html/render.js';
export { githubAnnotations, githubSummary } from './github.js';
