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

// eslint-disable-next-line no-control-regex -- these are exactly the characters XML 1.0 forbids
const NOT_XML_CHAR = /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|\p{Cs}/gu;

/**
 * Drops what XML 1.0 cannot hold: C0 controls but tab/LF/CR, U+FFFE/U+FFFF and lone surrogates. The
 * library drops them too, but only after cdataText has split the `]]>`s (`]]\x01>` then became a new
 * one), and with a lone low surrogate it drops the character before it as well.
 */
function xmlChars(text: string): string {
  return text.replace(NOT_XML_CHAR, '');
}

/**
 * junit-report-builder (through xmlbuilder) splits only the FIRST `]]>` of a CDATA text, so a second one ends
 * the section early and breaks the XML. Splitting every later one here leaves exactly one for the library:
 * the earliest `]]>` in the returned text is still the original first one.
 */
function splitLaterCdataEnds(text: string): string {
  const first = text.indexOf(']]>');
  if (first < 0) return text;
  const head = text.slice(0, first + 3);
  return head + text.slice(first + 3).replaceAll(']]>', ']]]]><![CDATA[>');
}

/** A CDATA body (system-out, a failure's or error's text) the library writes as well-formed XML. */
export function cdataText(text: string): string {
  return splitLaterCdataEnds(xmlChars(text));
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
  const tc = suite
    .testCase()
    .className(xmlChars(junitClassName(c.file)))
    .name(xmlChars(junitCaseName(c)))
    .time(seconds(c.durationMs));
  tc.file(xmlChars(c.file));
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
    tc.failure(xmlChars(failureMessage(c)), 'AssertionFailure').stacktrace(cdataText(failureContent(c)));
  // A simulator fault is an error of type SIMULATOR_FAULT (counted apart in the run's properties).
  else if (counts === 'error' || counts === 'simulatorFault')
    tc.error(xmlChars(failureMessage(c)), xmlChars(c.error?.code ?? 'ERROR'), cdataText(errorContent(c)));
  else if (counts === 'skipped') skipWithReason(tc, xmlChars(c.skipReason ?? 'skipped'));
  // JUnit has no "interrupted": an error of its own type, so CI counts it as not run to completion.
  else if (counts === 'interrupted')
    tc.error(xmlChars(interruptedMessage(c)), 'interrupted', cdataText(errorContent(c)));
  if (out) tc.standardOutput(cdataText(out));
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
    suite
      .testCase()
      .className('cxas-eval')
      .name(xmlChars(`run: ${e.code}`))
      .error(xmlChars(e.message), xmlChars(e.code));
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
      .name(xmlChars(file))
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
