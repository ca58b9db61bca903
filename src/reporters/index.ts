// Public surface of src/reporters (README.md): every report is a function of the RunResult.
import { join } from 'node:path';
import type { RunResult } from '../model/result.js';
import type { Reporter, ReporterFailure, ReporterName, ReporterOptions } from './types.js';
import { ReporterMultiplexer } from './multiplexer.js';
import { createListReporter } from './list.js';
import { createJsonReporter } from './json.js';
import { createJunitReporter } from './junit.js';
import { createHtmlReporter } from './html/reporter.js';
import { createGithubReporter } from './github.js';
import { REPORT_FILES } from './files.js';

export type { ConversationStartInfo, Reporter, ReporterFailure, ReporterName, ReporterOptions } from './types.js';
export { ReporterMultiplexer } from './multiplexer.js';
export { mergeRunResults } from './merge.js';
export { redactRunResult, REDACTED } from './redact.js';
export { REPORT_FILES } from './files.js';
export { renderJson } from './json.js';
export { renderJunit } from './junit.js';
export { renderHtml } from './html/render.js';
export { githubAnnotations, githubSummary } from './github.js';

export const REPORTER_NAMES: readonly ReporterName[] = ['list', 'json', 'junit', 'html', 'github'];

export function isReporterName(name: string): name is ReporterName {
  return (REPORTER_NAMES as readonly string[]).includes(name);
}

export function createReporter(name: ReporterName, opts: ReporterOptions): Reporter {
  switch (name) {
    case 'list': return createListReporter(opts);
    case 'json': return createJsonReporter(opts);
    case 'junit': return createJunitReporter(opts);
    case 'html': return createHtmlReporter(opts);
    case 'github': return createGithubReporter(opts);
    default: throw new Error(`unknown reporter "${String(name)}" (expected one of ${REPORTER_NAMES.join(', ')})`);
  }
}

/** Regenerates reports from a finished RunResult (merge-reports); only onRunEnd runs. */
export async function writeReports(
  result: RunResult, names: string[], opts: ReporterOptions,
): Promise<{ files: string[]; failures: ReporterFailure[] }> {
  const unknown = names.filter((n) => !isReporterName(n));
  if (unknown.length) throw new Error(`unknown reporter "${unknown[0]}" (expected one of ${REPORTER_NAMES.join(', ')})`);
  const valid = names as ReporterName[];
  const mux = new ReporterMultiplexer(valid.map((n) => createReporter(n, { ...opts, reporters: opts.reporters ?? valid })));
  await mux.onRunEnd(result);
  const failed = new Set(mux.failures.map((f) => f.reporter));
  const files = valid
    .filter((n): n is keyof typeof REPORT_FILES => n in REPORT_FILES && !failed.has(n))
    .map((n) => join(opts.outputDir, REPORT_FILES[n]));
  return { files, failures: mux.failures };
}
