// The one definition of a verdict: a conversation's, a repeated conversation's (against its
// passRate), and a run's. The runner, merge-reports, every reporter and the CLI's exit code use
// these functions, so a result decided live and the same result merged from JSON always agree.
import type { AssertionResult, ConversationResult, ErrorInfo, RepeatSummary, RunPolicy, Verdict } from './result.js';
import { isFinishedRun, isSimulatorFault, passHatK } from './summary.js';
import { COVERAGE_BELOW_MINIMUM } from './coverage.js';
import { REGRESSION } from './comparison.js';

/** Run errors that say the suite fell short of a gate (a behaviour, not infrastructure). */
const GATE_SHORTFALLS: ReadonlySet<string> = new Set([COVERAGE_BELOW_MINIMUM, REGRESSION]);
/** Without `passRate` every run of a repeated conversation must pass. */
const DEFAULT_PASS_RATE = 1;
/** Pass rates are fractions: 4/5 must meet 0.8 although 4/5 in floating point is 0.8000000000000002-ish. */
const EPSILON = 1e-9;

type Evidence = Pick<ConversationResult, 'status' | 'error' | 'turns' | 'assertions'> & {
  attempts?: readonly unknown[];
};

/**
 * A conversation's verdict from its evidence. `interrupted`, and `skipped` before any attempt (a
 * `skip:`, a dependency, a simulation without a user model), are decided by the scheduler and
 * kept; otherwise no attempt at all is `error` (no evidence is never a pass), an infrastructure
 * error is `error`, an assertion that could not be evaluated is `error`, one that did not hold is
 * `failed`, and a conversation whose every check was skipped is `skipped` (nothing was checked).
 */
export function conversationVerdict(c: Evidence): Verdict {
  if (c.status === 'interrupted') return c.status;
  if (c.status === 'skipped' && c.attempts?.length === 0) return c.status;
  if (c.error || c.attempts?.length === 0) return 'error';
  const statuses = assertionStatuses(c);
  if (statuses.has('error')) return 'error';
  if (statuses.has('failed')) return 'failed';
  if (statuses.size === 1 && statuses.has('skipped')) return 'skipped';
  return 'passed';
}

/** The statuses among a conversation's turn-level and conversation-level assertions. */
export function assertionStatuses(c: Pick<Evidence, 'turns' | 'assertions'>): Set<AssertionResult['status']> {
  const statuses = new Set<AssertionResult['status']>();
  for (const t of c.turns) for (const a of t.assertions) statuses.add(a.status);
  for (const a of c.assertions) statuses.add(a.status);
  return statuses;
}

/** How many of `runs` runs may fail while the repeated conversation still meets `passRate`. */
function toleratedFailures(runs: number, passRate = DEFAULT_PASS_RATE): number {
  return Math.max(0, runs - Math.ceil(passRate * runs - EPSILON));
}

/**
 * A repeated conversation's verdict: passed when the share of passed runs (skipped ones not
 * counted) meets `passRate`; `error` rather than `failed` when the errored runs alone kept it from
 * passing (infrastructure, not behaviour); interrupted when any run was.
 */
export function repeatVerdict(
  runs: readonly Pick<ConversationResult, 'status'>[],
  passRate = DEFAULT_PASS_RATE,
): Verdict {
  if (runs.some((r) => r.status === 'interrupted')) return 'interrupted';
  const counted = runs.filter((r) => r.status !== 'skipped');
  if (counted.length === 0) return 'skipped';
  const passed = counted.filter((r) => r.status === 'passed').length;
  const allowed = toleratedFailures(counted.length, passRate);
  if (counted.length - passed <= allowed) return 'passed';
  const errors = counted.filter((r) => r.status === 'error').length;
  return counted.length - passed - errors <= allowed ? 'error' : 'failed';
}

/** Groups repeated runs of one spec conversation into pass statistics (only for repeat > 1). */
export function repeatSummaries(
  conversations: readonly ConversationResult[],
  requiredPassRates: ReadonlyMap<string, number> = new Map(),
): RepeatSummary[] {
  const bySpec = new Map<string, ConversationResult[]>();
  for (const c of conversations) {
    if (c.repeat <= 1) continue;
    const list = bySpec.get(c.specId) ?? [];
    list.push(c);
    bySpec.set(c.specId, list);
  }
  return [...bySpec.values()].map((runs) => repeatSummary(runs, requiredPassRates.get(runs[0]!.specId)));
}

/**
 * The pass statistics count the finished runs only (`isFinishedRun`, as `compare` does): skipped and
 * interrupted runs, and runs whose simulated user faulted, say nothing of the agent. The verdict
 * still counts a fault as an error, so a passRate is never met by dropping the runs that could not
 * be evaluated, and an interrupted run makes it `interrupted`.
 */
function repeatSummary(runs: ConversationResult[], required: number | undefined): RepeatSummary {
  const first = runs[0]!;
  const faults = runs.filter(isSimulatorFault).length;
  const counted = runs.filter(isFinishedRun);
  const passed = counted.filter((r) => r.status === 'passed').length;
  return {
    specId: first.specId,
    name: first.name,
    file: first.file,
    runs: counted.length,
    passed,
    passRate: counted.length ? passed / counted.length : null,
    // No run counted: no estimate (pass^0 would read 1, as if it always passed).
    passHatK: counted.length ? passHatK(counted.length, passed) : null,
    requiredPassRate: required,
    status: repeatVerdict(runs, required),
    ...(faults > 0 ? { simulatorFaults: faults } : {}),
  };
}

/**
 * A run's verdict: each single conversation counts by its own verdict and each repeated one once,
 * by its repeat verdict. Interrupted wins, then error, then failed; all skipped is skipped. With
 * `policy.failOnSkipped` anything skipped fails a successful run; a run-level error (a reporter
 * that failed, a platform problem, a --max-failures stop, a gate not evaluated) makes a successful
 * run an `error`; a gate's shortfall alone (COVERAGE_BELOW_MINIMUM, a --fail-on-regression
 * REGRESSION) makes it `failed`.
 * The final RunResult gets its status from here through `finalizeRun` (src/model/finalize.ts).
 */
export function runVerdict(
  conversations: readonly ConversationResult[],
  repeats: readonly RepeatSummary[],
  interrupted: boolean,
  policy: RunPolicy = {},
  runErrors: readonly ErrorInfo[] = [],
): Verdict {
  if (interrupted) return 'interrupted';
  const verdict = unitsVerdict(conversations, repeats);
  if (!isSuccessful(verdict)) return verdict;
  // --fail-on-skipped: CI that must not go green on what was never checked (judge off, no user model).
  if (policy.failOnSkipped && skippedCount(conversations).total > 0) return 'failed';
  if (runErrors.length === 0) return verdict;
  // A gate's shortfall is the suite's, like --fail-on-skipped; any other run error is infrastructure.
  return runErrors.every((e) => GATE_SHORTFALLS.has(e.code)) ? 'failed' : 'error';
}

function unitsVerdict(conversations: readonly ConversationResult[], repeats: readonly RepeatSummary[]): Verdict {
  const repeated = new Set(repeats.map((r) => r.specId));
  const singles = conversations.filter((c) => !repeated.has(c.specId)).map((c) => c.status);
  const units = [...singles, ...repeats.map((r) => r.status)];
  if (units.includes('interrupted')) return 'interrupted';
  if (units.includes('error')) return 'error';
  if (units.includes('failed')) return 'failed';
  if (units.length > 0 && units.every((s) => s === 'skipped')) return 'skipped';
  return 'passed';
}

/** Skipped conversations and skipped expectations (turn- and conversation-level) of a run. */
export function skippedCount(conversations: readonly ConversationResult[]): {
  conversations: number;
  assertions: number;
  total: number;
} {
  let assertions = 0;
  let skippedConversations = 0;
  for (const c of conversations) {
    if (c.status === 'skipped') skippedConversations++;
    for (const t of c.turns) assertions += t.assertions.filter((a) => a.status === 'skipped').length;
    assertions += c.assertions.filter((a) => a.status === 'skipped').length;
  }
  return { conversations: skippedConversations, assertions, total: skippedConversations + assertions };
}

/** A run (or a merged run) with this verdict succeeds: the CLI exits 0. */
export function isSuccessful(status: Verdict): boolean {
  return status === 'passed' || status === 'skipped';
}

/** How one conversation run counts in per-run reports (JUnit): the summary's own definition. */
export { countAs as runCountsAs } from './summary.js';
