// `json`: the canonical RunResult, as is (schemas/report.schema.json), redacted.
import type { RunResult } from '../model/result.js';
import type { Reporter, ReporterOptions } from './types.js';
import { REPORT_FILES, writeReportFile } from './files.js';
import { redactRunResult } from './redact.js';

/**
 * One JSON document: the run's header indented for reading, and each conversation on a line of
 * its own. Indenting every conversation doubled the file (24 MB for 2,000 conversations of five
 * turns) and its render time; a line per conversation also greps and diffs well.
 */
export function renderJson(result: RunResult): string {
  const fields: string[] = [];
  for (const [key, value] of Object.entries(result)) {
    if (value === undefined) continue; // as JSON.stringify leaves it out
    const rendered = key === 'conversations' ? renderLines(value as unknown[]) : indent(JSON.stringify(value, null, 2));
    fields.push(`  ${JSON.stringify(key)}: ${rendered}`);
  }
  return `{\n${fields.join(',\n')}\n}\n`;
}

function renderLines(items: readonly unknown[]): string {
  if (items.length === 0) return '[]';
  return `[\n${items.map((item) => `    ${JSON.stringify(item)}`).join(',\n')}\n  ]`;
}

/** Nests a pretty-printed value one level deeper (string values hold no raw newlines). */
function indent(json: string): string {
  return json.replaceAll('\n', '\n  ');
}

export function createJsonReporter(opts: ReporterOptions): Reporter {
  return {
    name: 'json',
    async onRunEnd(result) {
      await writeReportFile(opts.outputDir, REPORT_FILES.json, renderJson(redactRunResult(result, opts.redact ?? [])));
    },
  };
}
