// The one builder of a final RunResult, in the spirit of Playwright's FailureTracker.result(): the
// live run, a run cut short by a signal, platform results and merge-reports hand their facts here,
// and nothing changes a RunResult's status afterwards (test/lint/one-builder.test.ts keeps it so).
import type { LlmUsageTotals } from './llm-usage.js';
import type { ConversationResult, ErrorInfo, GoldenFilesNote, RunPolicy, RunResult, RunTarget } from './result.js';
import { RESULT_SCHEMA_VERSION } from './result.js';
import { summarize } from './summary.js';
import { repeatSummaries, runVerdict, skippedCount } from './verdict.js';

/** What a run is made of; everything derived (summary, repeats, status, policy errors) is computed here. */
export interface RunFacts {
  runId: string;
  toolVersion: string;
  /** ISO timestamps. */
  startedAt: string;
  finishedAt: string;
  target: RunTarget;
  shard?: { index: number; total: number } | undefined;
  conversations: readonly ConversationResult[];
  /** Required pass rate of each repeated conversation (by spec id) that sets one. */
  passRates?: ReadonlyMap<string, number>;
  /** Run-level problems: reporter failures, platform problems, an interruption, a --max-failures stop. */
  errors?: readonly ErrorInfo[];
  interrupted?: boolean;
  policy?: RunPolicy | undefined;
  llmUsage?: { judge?: LlmUsageTotals; user?: LlmUsageTotals } | undefined;
  /** Golden files no comparison covered (they never fail a run; every report lists them). */
  goldens?: GoldenFilesNote | undefined;
  /** What of the app the run exercised (src/model/coverage.ts); never part of the verdict. */
  coverage?: RunResult['coverage'];
}

/** The run error --fail-on-skipped adds; derived from the conversations, so recomputed on every build. */
const FAIL_ON_SKIPPED = 'FAIL_ON_SKIPPED';

/**
 * The final RunResult and its verdict (src/model/verdict.ts `runVerdict`): an interrupted run is
 * `interrupted`; otherwise the conversations decide, --fail-on-skipped fails a run that skipped
 * anything, and a run-level error makes a run that would pass an `error`.
 */
export function finalizeRun(facts: RunFacts): RunResult {
  const { conversations } = facts;
  const interrupted = facts.interrupted ?? false;
  const policy = facts.policy && Object.keys(facts.policy).length > 0 ? facts.policy : undefined;
  const given = (facts.errors ?? []).filter((e) => e.code !== FAIL_ON_SKIPPED);
  const errors = [
    ...(interrupted && !given.some((e) => e.code === 'INTERRUPTED') ? [interruptedError(conversations)] : []),
    ...given,
    ...policyErrors(conversations, policy),
  ];
  const repeats = repeatSummaries(conversations, facts.passRates);
  const usage = presentUsage(facts.llmUsage);
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    tool: { name: 'cxas-eval', version: facts.toolVersion },
    runId: facts.runId,
    startedAt: facts.startedAt,
    finishedAt: facts.finishedAt,
    durationMs: Math.max(0, Date.parse(facts.finishedAt) - Date.parse(facts.startedAt)),
    target: facts.target,
    ...(facts.shard ? { shard: facts.shard } : {}),
    interrupted,
    status: runVerdict(conversations, repeats, interrupted, policy, errors),
    summary: summarize(conversations, repeats),
    conversations,
    repeats,
    errors,
    ...(usage ? { llmUsage: usage } : {}),
    ...(policy ? { policy } : {}),
    ...(facts.goldens ? { goldens: facts.goldens } : {}),
    ...(facts.coverage ? { coverage: facts.coverage } : {}),
  };
}

/** Every report says that an interrupted run did not finish, and how much of it. */
function interruptedError(conversations: readonly ConversationResult[]): ErrorInfo {
  const unfinished = conversations.filter((c) => c.status === 'interrupted').length;
  return { code: 'INTERRUPTED', message: `the run was interrupted: ${unfinished} conversation run(s) did not finish` };
}

/** The run error --fail-on-skipped adds: what was skipped, so every report says why the run failed. */
function policyErrors(conversations: readonly ConversationResult[], policy: RunPolicy | undefined): ErrorInfo[] {
  if (!policy?.failOnSkipped) return [];
  const skipped = skippedCount(conversations);
  if (skipped.total === 0) return [];
  return [
    {
      code: FAIL_ON_SKIPPED,
      message:
        `--fail-on-skipped: ${skipped.conversations} skipped conversation(s)` +
        ` and ${skipped.assertions} skipped expectation(s) count as failures`,
    },
  ];
}

function presentUsage(usage: RunFacts['llmUsage']): RunResult['llmUsage'] {
  if (!usage) return undefined;
  const present = {
    ...(usage.judge ? { judge: usage.judge } : {}),
    ...(usage.user ? { user: usage.user } : {}),
  };
  return Object.keys(present).length > 0 ? present : undefined;
}

/** The facts a RunResult was built from, so it can be built again with more run errors or merged. */
export function factsOf(result: RunResult): RunFacts {
  const passRates = new Map(
    result.repeats.flatMap((r) => (r.requiredPassRate !== undefined ? [[r.specId, r.requiredPassRate] as const] : [])),
  );
  return {
    runId: result.runId,
    toolVersion: result.tool.version,
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    target: result.target,
    shard: result.shard,
    conversations: result.conversations,
    passRates,
    errors: result.errors,
    interrupted: result.interrupted,
    policy: result.policy,
    llmUsage: result.llmUsage,
    goldens: result.goldens,
    coverage: result.coverage,
  };
}
