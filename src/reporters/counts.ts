// How every report names the run's counts (RunResult.summary, src/model/summary.ts): runs of
// conversations when they repeat, and failed runs that a passRate tolerated as such.
import type { RunResult } from '../model/result.js';
import { countAs } from '../model/summary.js';

/** "10 runs of 1 conversation", or "3 conversations" when nothing repeats. */
export function countedSubject(result: Pick<RunResult, 'summary'>): string {
  const { total, conversations } = result.summary;
  if (conversations === undefined || conversations === total) return plural(total, 'conversation');
  return `${plural(total, 'run')} of ${plural(conversations, 'conversation')}`;
}

/**
 * "4 failed, tolerated by passRate 0.3" ("errored", or "failed or errored", as the runs were; the
 * rate named when one rate tolerated them all); '' when no run was tolerated.
 */
export function toleratedText(result: Pick<RunResult, 'summary' | 'repeats' | 'conversations'>): string {
  const n = result.summary.tolerated ?? 0;
  if (n === 0) return '';
  const runs = result.conversations.filter((c) => countAs(c, result.repeats) === 'tolerated');
  const statuses = new Set(runs.map((c) => c.status));
  const how = statuses.size > 1 ? 'failed or errored' : statuses.has('error') ? 'errored' : 'failed';
  const groups = new Set(runs.map((c) => c.specId));
  const rates = new Set(result.repeats.filter((r) => groups.has(r.specId)).map((r) => r.requiredPassRate ?? 1));
  const rate = rates.size === 1 ? ` ${[...rates][0]}` : '';
  return `${n} ${how}, tolerated by passRate${rate}`;
}

/**
 * "2 simulator faults": errored runs whose simulated user broke its brief, counted apart from the
 * agent's errors (src/model/summary.ts); '' when there is none.
 */
export function simulatorFaultText(result: Pick<RunResult, 'summary'>): string {
  const n = result.summary.simulatorFault ?? 0;
  return n > 0 ? plural(n, 'simulator fault') : '';
}

/**
 * Runs that finished and rate the agent (an interrupted run's pass rate counts only these): a
 * simulator fault is left out, as from `summary.passRate`, since it tells nothing of the agent.
 */
export function finishedRuns(result: Pick<RunResult, 'summary'>): number {
  const s = result.summary;
  return s.passed + s.failed + s.error + (s.tolerated ?? 0);
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
