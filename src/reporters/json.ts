// `json`: the canonical RunResult, as is (schemas/report.schema.json), redacted.
import type { ConversationResult, RunResult } from '../model/result.js';
import type { Reporter, ReporterOptions } from './types.js';
import { REPORT_FILES, writeReportFile } from './files.js';
import { redactConversation, redactRunResult } from './redact.js';

/**
 * One JSON document: the run's header indented for reading, and each conversation on a line of
 * its own. Indenting every conversation doubled the file (24 MB for 2,000 conversations of five
 * turns) and its render time; a line per conversation also greps and diffs well.
 */
export function renderJson(
  result: RunResult,
  lineOf: (c: ConversationResult) => string = (c) => JSON.stringify(c),
): string {
  const fields: string[] = [];
  for (const [key, value] of Object.entries(result)) {
    if (value === undefined) continue; // as JSON.stringify leaves it out
    const rendered =
      key === 'conversations'
        ? renderLines((value as ConversationResult[]).map(lineOf))
        : indent(JSON.stringify(value, null, 2));
    fields.push(`  ${JSON.stringify(key)}: ${rendered}`);
  }
  return `{\n${fields.join(',\n')}\n}\n`;
}

function renderLines(lines: readonly string[]): string {
  if (lines.length === 0) return '[]';
  return `[\n    ${lines.join(',\n    ')}\n  ]`;
}

/** Nests a pretty-printed value one level deeper (string values hold no raw newlines). */
function indent(json: string): string {
  return json.replaceAll('\n', '\n  ');
}

export function createJsonReporter(opts: ReporterOptions): Reporter {
  const patterns = opts.redact ?? [];
  // Each conversation is rendered soon after it ends, in a later turn of the event loop, while
  // the run goes on: the end of the run then only joins lines. A conversation's result is final
  // when onConversationEnd fires (README); any not rendered yet is rendered at the end.
  const lines = new WeakMap<ConversationResult, string>();
  const render = (c: ConversationResult): string => JSON.stringify(redactConversation(c, patterns));
  return {
    name: 'json',
    onConversationEnd(c) {
      setImmediate(() => lines.set(c, render(c)));
    },
    async onRunEnd(result) {
      const header = redactRunResult({ ...result, conversations: [] }, patterns);
      const text = renderJson({ ...header, conversations: result.conversations }, (c) => lines.get(c) ?? render(c));
      await writeReportFile(opts.outputDir, REPORT_FILES.json, text);
    },
  };
}
