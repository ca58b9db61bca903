// Counts and pass statistics over results, shared by the runner (live) and merge-reports (from JSON);
// verdicts are in verdict.ts. `countAs` is the one definition of how a conversation run counts:
// the summary (console, results.json, HTML), JUnit test cases and the exit code all derive from it.
import type { ConversationResult, RepeatSummary, RunSummary, Verdict } from './result.js';

/** How one conversation run counts: its own verdict, `tolerated` or `simulatorFault` (see below). */
export type RunCount = Verdict | 'tolerated' | 'simulatorFault';

/**
 * The error code of a simulated conversation whose simulated user broke its brief (left its persona,
 * invented facts, stopped before attempting its goals): the run says nothing about the agent.
 */
export const SIMULATOR_FAULT = 'SIMULATOR_FAULT';

/** A run that errored because its simulated user faulted (src/runner/run/simulation/fault-check.ts). */
export function isSimulatorFault(c: Pick<ConversationResult, 'status' | 'error'>): boolean {
  return c.status === 'error' && c.error?.code === SIMULATOR_FAULT;
}

/**
 * A run that finished with a verdict on the agent: passed, failed or error, and not a simulator
 * fault. Skipped and interrupted runs say nothing of it, nor does a run whose simulated user broke
 * its brief. A repeated conversation's figures (verdict.ts repeatSummaries) and `compare`'s rates
 * and tests (src/compare/side.ts) count these runs alone.
 */
export function isFinishedRun(c: Pick<ConversationResult, 'status' | 'error'>): boolean {
  return (c.status === 'passed' || c.status === 'failed' || c.status === 'error') && !isSimulatorFault(c);
}

/**
 * A failed or errored run of a repeated conversation that met its passRate is `tolerated`: it did
 * not fail the run, so no report may count it as a failure. Any other errored run whose simulated
 * user faulted is a `simulatorFault`, counted apart from the agent's errors; every other run counts
 * as its verdict.
 */
export function countAs(
  c: Pick<ConversationResult, 'specId' | 'status' | 'error'>,
  repeats: readonly RepeatSummary[],
): RunCount {
  if (c.status !== 'failed' && c.status !== 'error') return c.status;
  const group = repeats.find((r) => r.specId === c.specId);
  if (group?.status === 'passed') return 'tolerated';
  return isSimulatorFault(c) ? 'simulatorFault' : c.status;
}

/**
 * The run's pass rate: passed runs over the runs counted (passed, failed, error and tolerated), the
 * runs that finished with a verdict on the agent. Skipped and interrupted runs and simulator faults
 * say nothing of it and are left out, as `compare` and a repeated conversation's figures leave them
 * out (a run cut short after one passed run reads 100%, not 33%). Null when no run was counted: a
 * rate of nothing is not 0%.
 */
export function passRateOf(s: Pick<RunSummary, 'passed' | 'failed' | 'error' | 'tolerated'>): number | null {
  const counted = s.passed + s.failed + s.error + (s.tolerated ?? 0);
  return counted > 0 ? s.passed / counted : null;
}

/** The run's counts; `repeats` (the repeat verdicts) decide which failed runs were tolerated. */
export function summarize(
  conversations: readonly ConversationResult[],
  repeats: readonly RepeatSummary[] = [],
): RunSummary {
  const s: Required<RunSummary> = {
    total: conversations.length,
    conversations: new Set(conversations.map((c) => c.specId)).size,
    passed: 0,
    failed: 0,
    error: 0,
    tolerated: 0,
    simulatorFault: 0,
    skipped: 0,
    interrupted: 0,
    passRate: null,
  };
  for (const c of conversations) s[countAs(c, repeats)] += 1;
  s.passRate = passRateOf(s);
  const { simulatorFault, ...rest } = s;
  // Absent when there is none, so results without simulations keep their shape.
  return simulatorFault > 0 ? s : rest;
}

function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/** pass^k (tau-bench): C(c, k) / C(n, k), the chance that k runs drawn from these n all passed. */
export function passHatK(runs: number, passed: number, k = runs): number {
  const denominator = choose(runs, k);
  return denominator === 0 ? 0 : choose(passed, k) / denominator;
}
