// The end-of-run text of `list`: failures with their spec positions (a golden difference once per
// conversation, as a diff), flaky and skipped conversations, repeat statistics, goldens written, totals.
import type pc from 'picocolors';
import type { RepeatSummary, RunResult } from '../model/result.js';
import { errorText, formatDuration, formatPercent, statusSymbol } from './format.js';
import { runFailures, type Failure, type Problem } from './failures.js';
import { attemptLines } from './junit-text.js';
import { goldenDiffLines, goldenFilesLines, goldenKey, goldenUpdateLines } from './console-golden.js';
import { flakyConversations } from './flaky.js';
import { countedSubject, finishedRuns, simulatorFaultText, toleratedText } from './counts.js';
import { runWarnings, warningLine } from './warnings.js';
import { llmSummaryLines } from './llm-summary.js';
import { coverageLine } from './coverage-text.js';

type Colors = ReturnType<typeof pc.createColors>;

function problemLine({ assertion: a, message, location }: Problem): string {
  if (!a) return `! ${message} at ${location}`;
  return `${a.status === 'error' ? '!' : '✗'} ${message} (${a.negated ? 'not ' : ''}${a.matcher}) at ${location}`;
}

function problemLines(
  { conversation: c, title, problems }: Failure,
  colors: Colors,
  goldenShownAt: Map<string, string>,
): string[] {
  // The golden assertion only summarises the diff printed below it.
  const diffShown = c.golden?.status === 'mismatched';
  const lines = problems.filter((p) => p.assertion?.matcher !== 'golden' || !diffShown).map(problemLine);
  const key = goldenKey(c);
  if (key && goldenShownAt.has(key))
    lines.push(`✗ golden ${c.golden!.file}: the same difference as ${goldenShownAt.get(key)}`);
  else if (key) {
    goldenShownAt.set(key, title);
    lines.push(...goldenDiffLines(c, colors));
  }
  lines.push(...attemptLines(c));
  return lines;
}

function failureSection(result: RunResult, colors: Colors): string[] {
  const failed = runFailures(result);
  if (failed.length === 0) return [];
  const goldenShownAt = new Map<string, string>();
  const blocks = failed.map((f, i) => [
    colors.bold(
      `  ${i + 1}) ${statusSymbol(f.conversation.status)} ${f.title} (${formatDuration(f.conversation.durationMs)})`,
    ) + (f.tolerated ? colors.yellow(` ${f.tolerated}, not a failure of the run`) : ''),
    ...problemLines(f, colors, goldenShownAt).map((l) => `     ${l}`),
  ]);
  return [colors.bold('Failures:'), '', ...blocks.flatMap((b) => [...b, '']), ''];
}

function flakySection(result: RunResult, colors: Colors): string[] {
  const flaky = flakyConversations(result);
  if (flaky.length === 0) return [];
  return [colors.yellow(`Flaky (${flaky.length}):`), ...flaky.map((f) => `  ~ ${f.file} › ${f.name}: ${f.reason}`), ''];
}

/** Skips grouped by reason (e.g. "not started: --max-failures 2 reached"), so nobody wonders why. */
function skippedSection(result: RunResult, colors: Colors): string[] {
  const byReason = new Map<string, number>();
  for (const c of result.conversations.filter((x) => x.status === 'skipped')) {
    const reason = c.skipReason ?? 'no reason given';
    byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  }
  if (byReason.size === 0) return [];
  return [colors.yellow('Skipped:'), ...[...byReason].map(([reason, n]) => `  - ${n} × ${reason}`), ''];
}

/** Why a repeated conversation has no run counted: its status says which runs there were. */
function noRunCounted(r: RepeatSummary): string {
  if (r.status === 'interrupted') return 'every run skipped or interrupted';
  return r.simulatorFaults ? 'every run skipped or a simulator fault' : 'every run skipped';
}

function repeatLine(r: RepeatSummary): string {
  // No run counted (all skipped, interrupted or simulator faults): a vacuous pass^0 of 1.00 would read as a pass.
  if (r.runs === 0) return `  ${statusSymbol(r.status)} ${r.file} › ${r.name}: no run counted (${noRunCounted(r)})`;
  const required = r.requiredPassRate !== undefined ? `, required ${formatPercent(r.requiredPassRate)}` : '';
  const flaky = r.passed > 0 && r.passed < r.runs ? ' (flaky)' : '';
  const faults = r.simulatorFaults ? `, ${r.simulatorFaults} simulator fault(s) left out` : '';
  return (
    `  ${statusSymbol(r.status)} ${r.file} › ${r.name}: ` +
    `${r.passed}/${r.runs} passed (${formatPercent(r.passRate)}), ` +
    `pass^${r.runs} ${r.passHatK?.toFixed(2) ?? '–'}${required}${faults}${flaky}`
  );
}

/**
 * The rate counts only runs that finished (summary.ts `passRateOf`): an interrupted run says how many
 * did. With none counted there is no rate, not 0%.
 */
function passRateText(result: RunResult): string {
  const s = result.summary;
  if (s.passRate === null) return result.interrupted ? 'no conversation finished' : 'pass rate – (no run counted)';
  return `pass rate ${formatPercent(s.passRate)}${result.interrupted ? ` of ${finishedRuns(result)} finished` : ''}`;
}

function totalsLine(result: RunResult, colors: Colors): string {
  const s = result.summary;
  const tolerated = toleratedText(result);
  const faults = simulatorFaultText(result);
  const parts = [
    colors.green(`${s.passed} passed`),
    ...(tolerated ? [colors.yellow(tolerated)] : []),
    colors.red(`${s.failed} failed`),
    colors.magenta(`${s.error} error`),
    ...(faults ? [colors.magenta(faults)] : []),
    colors.yellow(`${s.skipped} skipped`),
  ];
  if (s.interrupted > 0) parts.push(colors.yellow(`${s.interrupted} interrupted`));
  const flaky = flakyConversations(result).length;
  if (flaky > 0) parts.push(colors.yellow(`${flaky} flaky`));
  return (
    `${countedSubject(result)}: ${parts.join(', ')} · ${passRateText(result)} · ` + formatDuration(result.durationMs)
  );
}

function warningsSection(result: RunResult, colors: Colors): string[] {
  const warnings = runWarnings(result);
  if (warnings.length === 0) return [];
  return [colors.yellow(`Warnings (${warnings.length}):`), ...warnings.map((w) => `  ⚠ ${warningLine(w)}`), ''];
}

export function runSummaryLines(result: RunResult, colors: Colors): string[] {
  const repeats = result.repeats.length ? ['Repeats:', ...result.repeats.map(repeatLine), ''] : [];
  const runErrors = result.errors.map((e) => `! ${errorText(e)}`);
  return [
    ...failureSection(result, colors),
    ...flakySection(result, colors),
    ...skippedSection(result, colors),
    ...warningsSection(result, colors),
    ...repeats,
    ...goldenUpdateLines(result, colors),
    ...goldenFilesLines(result, colors),
    ...runErrors,
    ...llmSummaryLines(result),
    ...(result.coverage ? [coverageLine(result.coverage)] : []),
    totalsLine(result, colors),
    `Status: ${result.status}`,
  ];
}
