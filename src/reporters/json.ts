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
  return [...jsonChunks(result, lineOf)].join('');
}

/** Conversations per chunk: a chunk of ~100 lines is a few hundred KB, one write each. */
const LINES_PER_CHUNK = 100;

const LINE_SEPARATOR = ',\n    ';
const LINE_SEPARATOR_BYTES = Buffer.from(LINE_SEPARATOR);

/** A conversation's line: text, or its UTF-8 bytes (the reporter encodes lines while the run goes on). */
type Line = string | Buffer;

/**
 * renderJson's text in pieces, for writing without ever holding the whole document: at the end of
 * a large run one 12 MB string (and its 12 MB buffer) cost a full garbage collection of the heap
 * that holds every result (bench/runner-overhead's tail; docs/architecture.md "Runner performance").
 */
export function* jsonChunks<L extends Line>(
  result: RunResult,
  lineOf: (c: ConversationResult) => L,
): Generator<string | L> {
  const fields = Object.entries(result).filter(([, value]) => value !== undefined); // as JSON.stringify
  yield '{\n';
  for (const [i, [key, value]] of fields.entries()) {
    yield `  ${JSON.stringify(key)}: `;
    if (key === 'conversations') yield* lineChunks(value as ConversationResult[], lineOf);
    else yield indent(JSON.stringify(value, null, 2));
    yield i < fields.length - 1 ? ',\n' : '\n';
  }
  yield '}\n';
}

function* lineChunks<L extends Line>(
  conversations: readonly ConversationResult[],
  lineOf: (c: ConversationResult) => L,
): Generator<string | L> {
  if (conversations.length === 0) {
    yield '[]';
    return;
  }
  for (let i = 0; i < conversations.length; i += LINES_PER_CHUNK) {
    yield joinLines(i === 0 ? '[\n    ' : LINE_SEPARATOR, conversations.slice(i, i + LINES_PER_CHUNK).map(lineOf));
  }
  yield '\n  ]';
}

/** One chunk: `prefix`, then the lines with separators; bytes when the lines are bytes (one copy each). */
function joinLines<L extends Line>(prefix: string, lines: L[]): L {
  if (lines.every((line) => typeof line === 'string')) return `${prefix}${lines.join(LINE_SEPARATOR)}` as L;
  const parts: Buffer[] = [Buffer.from(prefix)];
  for (const [i, line] of lines.entries()) {
    if (i > 0) parts.push(LINE_SEPARATOR_BYTES);
    parts.push(typeof line === 'string' ? Buffer.from(line) : line);
  }
  return Buffer.concat(parts) as L;
}

/** Nests a pretty-printed value one level deeper (string values hold no raw newlines). */
function indent(json: string): string {
  return json.replaceAll('\n', '\n  ');
}

export function createJsonReporter(opts: ReporterOptions): Reporter {
  const patterns = opts.redact ?? [];
  // Each conversation is rendered and encoded soon after it ends, in a later turn of the event
  // loop, while the run goes on: the end of the run then only copies bytes. A conversation's result
  // is final when onConversationEnd fires (README); any not rendered yet is rendered at the end.
  // Kept as bytes, the lines stay out of the JavaScript heap the collector scans.
  const lines = new WeakMap<ConversationResult, Buffer>();
  const render = (c: ConversationResult): Buffer => Buffer.from(JSON.stringify(redactConversation(c, patterns)));
  return {
    name: 'json',
    onConversationEnd(c) {
      setImmediate(() => lines.set(c, render(c)));
    },
    async onRunEnd(result) {
      const header = redactRunResult({ ...result, conversations: [] }, patterns);
      const chunks = jsonChunks({ ...header, conversations: result.conversations }, (c) => lines.get(c) ?? render(c));
      await writeReportFile(opts.outputDir, REPORT_FILES.json, chunks);
    },
  };
}
