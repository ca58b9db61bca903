// One side of one conversation: its finished runs reduced to counts, interval, pass^k and status.
import type { ComparisonSide, SideStatus, TranscriptLine } from '../model/comparison.js';
import type { ConversationResult } from '../model/result.js';
import { isFinishedRun, passHatK } from '../model/summary.js';
import { describeInput } from '../model/turn.js';
import { wilsonInterval } from './stats/wilson.js';

const FAILURE_TEXT_LIMIT = 200;

/**
 * Runs that finished with a verdict on the agent (`isFinishedRun`, the one definition: a repeated
 * conversation's figures count the same runs). Skipped and interrupted runs say nothing about it,
 * nor does a run whose simulated user broke its brief (SIMULATOR_FAULT): the run summary leaves
 * those out of the pass rate too (src/model/summary.ts), and counting them here as failures would
 * flag a regression of the agent that is the simulator's.
 */
export function finishedRuns(runs: readonly ConversationResult[]): ConversationResult[] {
  return runs.filter(isFinishedRun);
}

function sideStatus(runs: number, passed: number, errors: number): SideStatus {
  if (runs === 0) return 'not-run';
  if (passed === runs) return 'passed';
  if (passed > 0) return 'mixed';
  return errors === runs ? 'error' : 'failed';
}

function oneLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > FAILURE_TEXT_LIMIT ? `${line.slice(0, FAILURE_TEXT_LIMIT - 1)}…` : line;
}

/** The first failing assertion (or the error) of a run that did not pass. */
function firstFailure(run: ConversationResult): string {
  for (const turn of run.turns) {
    if (turn.error) return `turn ${turn.index + 1}: ${turn.error.code}: ${oneLine(turn.error.message)}`;
    const bad = turn.assertions.find((a) => a.status === 'failed' || a.status === 'error');
    if (bad) return `turn ${turn.index + 1}: ${bad.matcher}: ${oneLine(bad.message)}`;
  }
  const bad = run.assertions.find((a) => a.status === 'failed' || a.status === 'error');
  if (bad) return `${bad.matcher}: ${oneLine(bad.message)}`;
  if (run.error) return `${run.error.code}: ${oneLine(run.error.message)}`;
  return run.status;
}

export function summarizeSide(runs: readonly ConversationResult[], k: number, confidence: number): ComparisonSide {
  const finished = finishedRuns(runs);
  const passed = finished.filter((r) => r.status === 'passed').length;
  const errors = finished.filter((r) => r.status === 'error').length;
  const n = finished.length;
  const failing = finished.find((r) => r.status !== 'passed');
  return {
    runs: n,
    passed,
    errors,
    passRate: n > 0 ? passed / n : null,
    interval: n > 0 ? wilsonInterval(passed, n, confidence) : null,
    passHatK: n >= k && k > 0 ? passHatK(n, passed, k) : null,
    status: sideStatus(n, passed, errors),
    ...(failing && { firstFailure: firstFailure(failing) }),
  };
}

/** What the user said and the agent answered, turn by turn, in the first finished run. */
export function transcriptOf(runs: readonly ConversationResult[]): TranscriptLine[] {
  const run = finishedRuns(runs)[0];
  if (!run) return [];
  const lines: TranscriptLine[] = [];
  for (const turn of run.turns) {
    for (const input of turn.inputs) {
      // Variables and tool responses are set-up, not something the user said.
      if (input.kind === 'variables' || input.kind === 'toolResponses') continue;
      lines.push({ role: 'user', text: describeInput(input) });
    }
    if (turn.result) lines.push({ role: 'agent', text: turn.result.text });
  }
  return lines;
}
