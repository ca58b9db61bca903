// Reporters by name. Each reporter's module loads only when a run asks for it: a `--reporter json`
// run never loads the HTML renderer or junit-report-builder (~100 ms of start-up on its own).
import { join } from 'node:path';
import type { RunResult } from '../model/result.js';
import type { Reporter, ReporterFailure, ReporterName, ReporterOptions } from './types.js';
import { ReporterMultiplexer, type RunEndRevision } from './multiplexer.js';
import { REPORT_FILES } from './files.js';

type Factory = (opts: ReporterOptions) => Reporter;

const FACTORIES: Record<ReporterName, () => Promise<Factory>> = {
  list: async () => (await import('./list.js')).createListReporter,
  json: async () => (await import('./json.js')).createJsonReporter,
  junit: async () => (await import('./junit.js')).createJunitReporter,
  html: async () => (await import('./html/reporter.js')).createHtmlReporter,
  github: async () => (await import('./github.js')).createGithubReporter,
};

export const REPORTER_NAMES = Object.keys(FACTORIES) as readonly ReporterName[];

export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(FACTORIES, name);
}

const unknownReporter = (name: string): Error =>
  new Error(`unknown reporter "${name}" (expected one of ${REPORTER_NAMES.join(', ')})`);

export async function createReporter(name: ReporterName, opts: ReporterOptions): Promise<Reporter> {
  if (!isReporterName(name)) throw unknownReporter(String(name));
  return (await FACTORIES[name]())(opts);
}

/**
 * Regenerates reports from a finished RunResult (merge-reports); only onRunEnd runs, in the given
 * order (with a `revision`, the report files first: README.md "When a reporter fails"). `result` is
 * the run as the reports say it (with the run errors of reporters that failed, given a revision).
 */
export async function writeReports(
  result: RunResult,
  names: string[],
  opts: ReporterOptions,
  revision?: RunEndRevision,
): Promise<{ files: string[]; failures: ReporterFailure[]; result: RunResult }> {
  const unknown = names.filter((n) => !isReporterName(n));
  if (unknown[0] !== undefined) throw unknownReporter(unknown[0]);
  const valid = names as ReporterName[];
  const reporters = await Promise.all(
    valid.map((n) => createReporter(n, { ...opts, reporters: opts.reporters ?? valid })),
  );
  const mux = new ReporterMultiplexer(reporters, revision);
  await mux.onRunEnd(result);
  const failed = new Set(mux.failures.map((f) => f.reporter));
  const files = valid
    .filter((n): n is keyof typeof REPORT_FILES => n in REPORT_FILES && !failed.has(n))
    .map((n) => join(opts.outputDir, REPORT_FILES[n]));
  return { files, failures: mux.failures, result: mux.reported ?? result };
}
