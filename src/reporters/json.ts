// `json`: the canonical RunResult, as is (schemas/report.schema.json), redacted.
import type { RunResult } from '../model/result.js';
import type { Reporter, ReporterOptions } from './types.js';
import { REPORT_FILES, writeReportFile } from './files.js';
import { redactRunResult } from './redact.js';

export function renderJson(result: RunResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

export function createJsonReporter(opts: ReporterOptions): Reporter {
  return {
    name: 'json',
    async onRunEnd(result) {
      await writeReportFile(opts.outputDir, REPORT_FILES.json, renderJson(redactRunResult(result, opts.redact ?? [])));
    },
  };
}
