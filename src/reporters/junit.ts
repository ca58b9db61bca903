// `junit`: a testsuite per spec file, a testcase per conversation run (junit-report-builder).
import junitModule, { type Builder, type TestCase, type TestSuite } from 'junit-report-builder';
import type { ConversationResult, RepeatSummary, RunResult } from '../model/result.js';
import { runCountsAs } from '../model/verdict.js';
import { formatLocation } from '../model/location.js';
import type { Reporter, ReporterOptions } from './types.js';
import { REPORT_FILES, writeReportFile } from './files.js';
import { redactRunResult } from './redact.js';
import { attemptLines, errorContent, failureContent, failureMessage, simulationLines } from './junit-text.js';
import { transcriptText } from './format.js';
import { llmProperties } from './llm-summary.js';

/** `specs/billing/refund.yaml` → `specs.billing.refund` (CI systems group by dotted class names). */
export function junitClassName(file: string): string {
  return file
    .replace(/^\.\//, '')
    .replace(/\.ya?ml$/i, '')
    .split(/[\\/]/)
    .join('.');
}

export function junitCaseName(c: ConversationResult): string {
  return c.repeat > 1 ? `${c.name} [run ${c.runIndex + 1}]` : c.name;
}

// The package is CommonJS whose module.exports is the builder; its typings describe an ES default export.
const junitBuilder = junitModule as unknown as Builder;

function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}

function groupByFile(conversations: readonly ConversationResult[]): Map<string, ConversationResult[]> {
  const byFile = new Map<string, ConversationResult[]>();
  for (const c of conversations) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c]);
  return byFile;
}

/** The library's `skipped()` takes no reason; the JUnit schema allows `message` on <skipped>, so add it when built. */
function skipWithReason(tc: TestCase, reason: string): void {
  tc.skipped();
  const build = tc.build.bind(tc);
  tc.build = (parent) => {
    const el = build(parent);
    const skipped = (
      el as unknown as { children: Array<{ name?: string; att(k: string, v: string): void }> }
    ).children.find((child) => child.name === 'skipped');
    skipped?.att('message', reason);
    return el;
  };
}

/**
 * junit-report-builder (through xmlbuilder) splits only the FIRST `]]>` of a CDATA text, so a second one ends
 * the section early and breaks the XML. Splitting every later one here leaves exactly one for the library:
 * the earliest `]]>` in the returned text is still the original first one.
 */
export function splitLaterCdataEnds(text: string): string {
  const first = text.indexOf(']]>');
  if (first < 0) return text;
  const head = text.slice(0, first + 3);
  return head + text.slice(first + 3).replaceAll(']]>', ']]]]><![CDATA[>');
}

function interruptedMessage(c: ConversationResult): string {
  return `interrupted before it finished${c.error ? `: ${c.error.message}` : ''}`;
}

/** A failed run of a repeated conversation that met its passRate did not fail the run (src/model/verdict.ts). */
function toleratedLine(c: ConversationResult, repeats: readonly RepeatSummary[]): string {
  const group = repeats.find((r) => r.specId === c.specId);
  return (
    `TOLERATED: this run ${c.status === 'error' ? 'errored' : 'failed'} (${failureMessage(c)}); ` +
    `the conversation passed ${group?.passed}/${group?.runs} runs, passRate ${group?.requiredPassRate ?? 1}`
  );
}

function addCase(suite: TestSuite, c: ConversationResult, repeats: readonly RepeatSummary[]): void {
  const tc = suite.testCase().className(junitClassName(c.file)).name(junitCaseName(c)).time(seconds(c.durationMs));
  tc.file(c.file);
  const counts = runCountsAs(c, repeats);
  const tolerated = counts === 'tolerated' ? [toleratedLine(c, repeats)] : [];
  const warnings = (c.warnings ?? []).map(
    (w) => `WARNING ${w.code}: ${w.message}${w.loc ? ` at ${formatLocation(w.loc)}` : ''}`,
  );
  const out = [...tolerated, ...warnings, transcriptText(c), ...simulationLines(c), ...attemptLines(c)]
    .filter(Boolean)
    .join('\n');
  // A tolerated run is a passed test case; system-out says why.
  if (counts === 'failed')
    tc.failure(failureMessage(c), 'AssertionFailure').stacktrace(splitLaterCdataEnds(failureContent(c)));
  // A simulator fault is an error of type SIMULATOR_FAULT (counted apart in the run's properties).
  else if (counts === 'error' || counts === 'simulatorFault')
    tc.error(failureMessage(c), c.error?.code ?? 'ERROR', splitLaterCdataEnds(errorContent(c)));
  else if (counts === 'skipped') skipWithReason(tc, c.skipReason ?? 'skipped');
  // JUnit has no "interrupted": an error of its own type, so CI counts it as not run to completion.
  else if (counts === 'interrupted')
    tc.error(interruptedMessage(c), 'interrupted', splitLaterCdataEnds(errorContent(c)));
  if (out) tc.standardOutput(splitLaterCdataEnds(out));
}

/**
 * Run-level errors (a reporter that failed, --fail-on-skipped, a --max-failures stop, a platform
 * problem) fail the run without failing a conversation: each is an error test case of its own, so
 * the CI job's test report fails exactly when the exit code does (src/model/verdict.ts `runVerdict`).
 */
function addRunErrors(builder: Builder, result: RunResult): void {
  if (result.errors.length === 0) return;
  const suite = builder.testSuite().name('cxas-eval run');
  for (const e of result.errors) {
    suite.testCase().className('cxas-eval').name(`run: ${e.code}`).error(e.message, e.code);
  }
}

/** The run's LLM usage, once, on the first suite (summing suites must not double it). */
function addLlmProperties(suite: TestSuite | undefined, result: RunResult): void {
  if (!suite) return;
  for (const [name, value] of llmProperties(result)) suite.property(name, value);
  if (result.summary.simulatorFault) suite.property('cxas-eval.simulatorFaults', String(result.summary.simulatorFault));
}

export function renderJunit(result: RunResult): string {
  const builder = junitBuilder.newBuilder().name('cxas-eval');
  let first: TestSuite | undefined;
  for (const [file, conversations] of groupByFile(result.conversations)) {
    const startedAt = conversations.map((c) => c.startedAt).sort()[0] ?? result.startedAt;
    const suite = builder
      .testSuite()
      .name(file)
      .timestamp(startedAt.replace(/(\.\d+)?Z$/, ''))
      .time(seconds(conversations.reduce((sum, c) => sum + c.durationMs, 0)));
    first ??= suite;
    for (const c of conversations) addCase(suite, c, result.repeats);
  }
  addRunErrors(builder, result);
  addLlmProperties(first, result);
  return builder.build();
}

export function createJunitReporter(opts: ReporterOptions): Reporter {
  return {
    name: 'junit',
    async onRunEnd(result) {
      await writeReportFile(
        opts.outputDir,
        REPORT_FILES.junit,
        renderJunit(redactRunResult(result, opts.redact ?? [])),
      );
    },
  };
}
