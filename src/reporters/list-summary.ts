// The end-of-run text of `list`: failures with their spec positions, repeat statistics, totals.
import type pc from 'picocolors';
import type { ConversationResult, RepeatSummary, RunResult } from '../model/result.js';
import { assertionLocation, errorLocation, conversationTitle, failedAssertions, formatDuration, formatPercent, statusSymbol } from './format.js';
import { attemptLines, goldenLines } from './junit-text.js';

type Colors = ReturnType<typeof pc.createColors>;

function problemLines(c: ConversationResult): string[] {
  const lines = failedAssertions(c).map((a) => `${a.status === 'error' ? '!' : '✗'} ${a.message} (${a.negated ? 'not ' : ''}${a.matcher}) at ${assertionLocation(a, c)}`);
  if (c.error) lines.push(`! ${c.error.code}: ${c.error.message} at ${errorLocation(c)}`);
  lines.push(...goldenLines(c), ...attemptLines(c));
  return lines;
}

function failureSection(result: RunResult, colors: Colors): string[] {
  const failed = result.conversations.filter((c) => c.status === 'failed' || c.status === 'error');
  if (failed.length === 0) return [];
  const blocks = failed.map((c, i) => [
    colors.bold(`  ${i + 1}) ${statusSymbol(c.status)} ${conversationTitle(c)} (${formatDuration(c.durationMs)})`),
    ...problemLines(c).map((l) => `     ${l}`),
  ]);
  return [colors.bold('Failures:'), '', ...blocks.flatMap((b) => [...b, '']), ''];
}

function repeatLine(r: RepeatSummary): string {
  const required = r.requiredPassRate !== undefined ? `, required ${formatPercent(r.requiredPassRate)}` : '';
  return `  ${statusSymbol(r.status)} ${r.file} › ${r.name}: ${r.passed}/${r.runs} passed (${formatPercent(r.passRate)}), `
    + `pass^${r.runs} ${r.passHatK.toFixed(2)}${required}`;
}

function totalsLine(result: RunResult, colors: Colors): string {
  const s = result.summary;
  const parts = [colors.green(`${s.passed} passed`), colors.red(`${s.failed} failed`), colors.magenta(`${s.error} error`), colors.yellow(`${s.skipped} skipped`)];
  if (s.interrupted > 0) parts.push(colors.yellow(`${s.interrupted} interrupted`));
  return `${s.total} conversations: ${parts.join(', ')} · pass rate ${formatPercent(s.passRate)} · ${formatDuration(result.durationMs)}`;
}

export function runSummaryLines(result: RunResult, colors: Colors): string[] {
  const repeats = result.repeats.length ? ['Repeats:', ...result.repeats.map(repeatLine), ''] : [];
  const runErrors = result.errors.map((e) => `! ${e.code}: ${e.message}`);
  return [...failureSection(result, colors), ...repeats, ...runErrors, totalsLine(result, colors), `Status: ${result.status}`];
}
