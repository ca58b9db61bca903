// `github`: in GitHub Actions, a Markdown job summary and `::error` annotations pointing at spec lines.
import { appendFile } from 'node:fs/promises';
import type { ConversationResult, RunResult } from '../model/result.js';
import type { Reporter, ReporterOptions } from './types.js';
import { conversationTitle, errorText, formatDuration, formatPercent, statusSymbol } from './format.js';
import { runFailures, type Failure } from './failures.js';
import { formatLocation } from '../model/location.js';
import { isSuccessful } from '../model/verdict.js';
import { redactRunResult } from './redact.js';
import { runWarnings } from './warnings.js';

/** Workflow-command escaping (actions/toolkit `escapeData` / `escapeProperty`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function annotation(
  loc: string,
  title: string,
  message: string,
  kind: 'error' | 'warning' | 'notice' = 'error',
): string {
  // A location inside a reusable step ends with its use, ` (in step "x" used at ...)`: the message says it.
  const m = /^(.*?):(\d+):(\d+)( \(in step .*\))?$/.exec(loc);
  const where = m ? `file=${escapeProperty(m[1]!)},line=${m[2]},col=${m[3]},` : '';
  return `::${kind} ${where}title=${escapeProperty(title)}::${escapeData(message + (m?.[4] ?? ''))}`;
}

/** As JUnit's `<error type="interrupted">`: the conversation did not run to its end. */
function interruptedMessage(c: ConversationResult): string {
  return `interrupted before it finished${c.error ? `: ${c.error.message}` : ''}`;
}

/** The title of a run-level error's annotation, which points at no spec line. */
const RUN_ERROR_TITLE = 'cxas-eval run';

/**
 * An error per problem of a failed run; a run its passRate tolerated did not fail the run, so its
 * problems are notices that say so (as JUnit's passed test case with `TOLERATED:` in system-out).
 */
function failureAnnotations({ conversation: c, title, problems, tolerated }: Failure): string[] {
  const kind = tolerated ? 'notice' : 'error';
  const why = tolerated ? ` (${tolerated})` : '';
  if (problems.length) return problems.map((p) => annotation(p.location, title, `${p.message}${why}`, kind));
  // A failure without a failed assertion or error (a golden mismatch) still needs one annotation.
  const golden = c.golden ? ` (golden ${c.golden.file} ${c.golden.status})` : '';
  return [annotation(formatLocation(c.loc), title, `${c.status}${golden}${why}`, kind)];
}

export function githubAnnotations(result: RunResult): string[] {
  const failures = runFailures(result).flatMap(failureAnnotations);
  const interrupted = result.conversations
    .filter((c) => c.status === 'interrupted')
    .map((c) => annotation(formatLocation(c.loc), conversationTitle(c), interruptedMessage(c)));
  // Run-level errors (--fail-on-skipped, a coverage gate, a reporter that failed...) fail the run
  // without failing a conversation: each says so, with no file.
  const runErrors = result.errors.map((e) => annotation('', RUN_ERROR_TITLE, errorText(e)));
  const warnings = runWarnings(result).map((w) => annotation(w.location, w.title, w.warning.message, 'warning'));
  return [...failures, ...interrupted, ...runErrors, ...warnings];
}

/**
 * Table cells must not break the table or smuggle HTML into the summary page (the run's summary and
 * the comparison's, src/reporters/comparison/github.ts). Markdown ends a line at `\r\n`, `\n` and a
 * lone `\r`; U+2028/U+2029 are no line ends there but are line breaks to other readers of the file.
 * What an agent said or a spec named must read as text, not as Markdown: an agent reply
 * `![pwn](https://example.com/p.png) [Approve release](https://evil.example/login)` rendered an
 * image and a link in the job summary. Escaped with backslashes (GitHub shows none of them): link
 * and image brackets, emphasis and strikethrough marks, code spans, math (`$`), and a list or
 * heading marker that starts the text (a run error is a list item; comparison lines are paragraphs).
 */
export function summaryCell(s: string): string {
  return (
    s
      .replace(/[\\`*[\]~$]/g, '\\$&')
      // `_` between letters or digits never marks emphasis (FAIL_ON_SKIPPED stays as written).
      .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_')
      .replace(/^(\s*)([#+\-=])/, '$1\\$2')
      .replace(/^(\s*\d+)([.)])/, '$1\\$2')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/\|/g, '\\|')
      .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
  );
}

function failureRow({ conversation: c, title, problems, tolerated }: Failure): string {
  // The table names where each failed assertion is; the error's position is in its annotation.
  const messages = problems.map((p) => (p.assertion ? `${p.message} (${p.location})` : p.message));
  if (c.golden?.status === 'mismatched') messages.push(`golden ${c.golden.file}: ${c.golden.diffs.length} differences`);
  if (tolerated) messages.push(tolerated);
  return `| ${statusSymbol(c.status)} | ${summaryCell(title)} | ${summaryCell(messages.join('; ') || c.status)} |`;
}

function failureTable(heading: string, failures: Failure[]): string[] {
  if (failures.length === 0) return [];
  return [`### ${heading}`, '', '| | Conversation | Message |', '| --- | --- | --- |', ...failures.map(failureRow), ''];
}

export function githubSummary(result: RunResult): string {
  const s = result.summary;
  const lines = [
    // The exit code's rule: a run that skipped everything exits 0, and is no ❌.
    `## cxas-eval: ${isSuccessful(result.status) ? '✅' : '❌'} ${result.status}`,
    '',
    // Total counts conversation runs (repeats counted), like every report's summary.
    '| Runs | Passed | Failed | Error | Tolerated | Skipped | Interrupted | Pass rate | Duration |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${s.total} | ${s.passed} | ${s.failed} | ${s.error} | ${s.tolerated ?? 0} | ${s.skipped} | ` +
      `${s.interrupted} | ${formatPercent(s.passRate)} | ${formatDuration(result.durationMs)} |`,
    '',
    ...(s.simulatorFault
      ? [`Simulator faults (SIMULATOR_FAULT, not counted as errors above): ${s.simulatorFault}`, '']
      : []),
  ];
  // Why a run failed when no conversation did (or beside those that did): one line per run error.
  if (result.errors.length)
    lines.push('### Run errors', '', ...result.errors.map((e) => `- ${summaryCell(errorText(e))}`), '');
  const all = runFailures(result);
  const failed = all.filter((f) => !f.tolerated);
  const tolerated = all.filter((f) => f.tolerated);
  lines.push(...failureTable('Failures', failed));
  // Failed runs of repeated conversations that met their passRate: shown, but they failed nothing.
  lines.push(...failureTable('Tolerated (passRate met, not failures)', tolerated));
  return `${lines.join('\n')}\n`;
}

/**
 * The summary appended to the job's; when it cannot be, the job still gets an annotation saying so
 * (this reporter is the one that speaks to the job), then the failure goes on to fail the run.
 */
async function appendSummary(file: string, summary: string, stream: NodeJS.WritableStream): Promise<void> {
  try {
    await appendFile(file, summary, 'utf8');
  } catch (err) {
    const why = `REPORTER_FAILED: github.onRunEnd: ${err instanceof Error ? err.message : String(err)}`;
    stream.write(`${annotation('', RUN_ERROR_TITLE, why)}\n`);
    throw err;
  }
}

export function createGithubReporter(opts: ReporterOptions): Reporter {
  const env = opts.env ?? process.env;
  if (env.GITHUB_ACTIONS !== 'true') return { name: 'github' };
  return {
    name: 'github',
    async onRunEnd(raw) {
      const result = redactRunResult(raw, opts.redact ?? []);
      const stream = opts.stream ?? process.stdout;
      for (const line of githubAnnotations(result)) stream.write(`${line}\n`);
      if (env.GITHUB_STEP_SUMMARY) await appendSummary(env.GITHUB_STEP_SUMMARY, githubSummary(result), stream);
    },
  };
}
