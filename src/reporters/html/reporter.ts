// `html`: writes report.html (one self-contained file) when the run ends.
import type { Reporter, ReporterOptions } from '../types.js';
import { REPORT_FILES, writeReportFile } from '../files.js';
import { redactRunResult } from '../redact.js';
import { renderHtml } from './render.js';

export function createHtmlReporter(opts: ReporterOptions): Reporter {
  return {
    name: 'html',
    async onRunEnd(result) {
      await writeReportFile(opts.outputDir, REPORT_FILES.html, renderHtml(redactRunResult(result, opts.redact ?? [])));
    },
  };
}
