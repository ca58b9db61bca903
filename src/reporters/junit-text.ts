// Failure and error texts of JUnit test cases: what was expected, what happened, and where in the spec.
import type { AssertionResult, ConversationResult } from '../model/result.js';
import { assertionLocation, errorText, failedAssertions, formatDuration } from './format.js';

function value(v: unknown): string {
  return JSON.stringify(v) ?? 'undefined';
}

function assertionBlock(a: AssertionResult, c: ConversationResult): string {
  const turn = a.turn !== undefined ? ` (turn ${a.turn + 1})` : ' (conversation)';
  const lines = [
    `${a.negated ? 'not ' : ''}${a.matcher} ${a.status} at ${assertionLocation(a, c)}${turn}`,
    `  ${a.message}`,
  ];
  if (a.expected !== undefined) lines.push(`  Expected: ${value(a.expected)}`);
  if (a.actual !== undefined) lines.push(`  Actual:   ${value(a.actual)}`);
  return lines.join('\n');
}

function goldenLines(c: ConversationResult): string[] {
  const g = c.golden;
  if (!g || g.status !== 'mismatched') return [];
  return [
    `golden ${g.file} mismatched:`,
    ...g.diffs.map((d) => `  turn ${d.turn + 1} ${d.field}: expected ${d.expected} | actual ${d.actual}`),
  ];
}

/** One line: the first problem, counted, so CI summaries stay readable. */
export function failureMessage(c: ConversationResult): string {
  if (c.status === 'error' && c.error) return errorText(c.error);
  const failed = failedAssertions(c);
  const first = failed[0];
  if (first) {
    const more = failed.length > 1 ? ` (+${failed.length - 1} more)` : '';
    return `${first.message} at ${assertionLocation(first, c)}${more}`;
  }
  if (c.golden?.status === 'mismatched')
    return `golden ${c.golden.file} mismatched (${c.golden.diffs.length} differences)`;
  return c.error ? errorText(c.error) : c.status;
}

export function failureContent(c: ConversationResult): string {
  return [...failedAssertions(c).map((a) => assertionBlock(a, c)), ...goldenLines(c)].join('\n');
}

/** A simulated conversation: how it stopped and each goal's grade (graded by the judge). */
export function simulationLines(c: ConversationResult): string[] {
  const s = c.simulation;
  if (!s) return [];
  const u = s.userUsage;
  const stop = `stopped ${s.stopReason} after ${s.turns} turn(s)${s.stopMessage ? `: ${s.stopMessage}` : ''}`;
  const usage = `${u.calls} call(s), ${u.cacheHits} cached, ${u.inputTokens + u.outputTokens} tokens`;
  const head = `SIMULATION: ${stop} (user model ${s.userModel}: ${usage})`;
  return [
    head,
    ...s.goals.map((g, i) => {
      const evidence = g.evidenceTurns.length ? `; evidence turns ${g.evidenceTurns.join(', ')}` : '';
      return `GOAL ${i + 1} ${g.status}: ${g.goal} — ${g.reason}${evidence}${g.votes ? `; votes ${g.votes}` : ''}`;
    }),
    ...(s.check ? [simulatorCheckLine(s.check)] : []),
  ];
}

function simulatorCheckLine(check: NonNullable<NonNullable<ConversationResult['simulation']>['check']>): string {
  const evidence = check.evidenceTurns.length ? `; evidence turns ${check.evidenceTurns.join(', ')}` : '';
  return `SIMULATOR CHECK ${check.status}: ${check.reason}${evidence}${check.votes ? `; votes ${check.votes}` : ''}`;
}

export function attemptLines(c: ConversationResult): string[] {
  if (c.attempts.length <= 1) return [];
  return c.attempts.map((a) => {
    const err = a.error ? ` ${errorText(a.error)}` : '';
    const wait = a.retryDelayMs !== undefined ? `, retried after ${formatDuration(a.retryDelayMs)}` : '';
    return `ATTEMPT ${a.attempt} ${a.status} (${formatDuration(a.durationMs)})${err}${wait}`;
  });
}

export function errorContent(c: ConversationResult): string {
  const turnErrors = c.turns.filter((t) => t.error).map((t) => `turn ${t.index + 1} ${errorText(t.error!)}`);
  return [
    ...(c.error?.turn !== undefined ? [`at turn ${c.error.turn + 1}`] : []),
    ...turnErrors,
    ...attemptLines(c),
    failureContent(c),
  ]
    .filter(Boolean)
    .join('\n');
}
