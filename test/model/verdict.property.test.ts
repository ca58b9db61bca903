// One verdict everywhere: for random results, run errors and policies, the live run's verdict, a run
// cut short by a signal, a platform run's, the verdict merge-reports recomputes from the shards' JSON,
// the JUnit file's failure counts and the exit code all agree (every one built by finalizeRun), and
// the summary counts (console line, results.json) are the JUnit counts (issue 25 point 4).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AssertionResult, ConversationResult, ErrorInfo, RunResult, Verdict } from '../../src/model/result.js';
import { finalizeRun } from '../../src/model/finalize.js';
import { cutShortResult, type PlannedRun } from '../../src/library/run-finish.js';
import { buildRunResult } from '../../src/platform/result.js';
import { mergeRunResults } from '../../src/reporters/merge.js';
import { renderJunit } from '../../src/reporters/junit.js';
import { EXIT, runExitCode } from '../../src/model/exit-codes.js';
import { conversation } from '../reporters/fixture.js';
import { findAll, parseXml } from '../reporters/xml.js';

/** `fault`: an errored run whose simulated user broke its brief (SIMULATOR_FAULT, counted apart). */
type DraftStatus = Verdict | 'fault';

interface SpecDraft {
  repeat: number;
  passRate: number | undefined;
  statuses: DraftStatus[];
}

const ERRORS: Record<string, ErrorInfo> = {
  error: { code: 'UNAVAILABLE', message: 'connection refused' },
  fault: { code: 'SIMULATOR_FAULT', message: 'the simulated user broke its brief: facts: invented an order' },
};

const failing = (status: Verdict): AssertionResult[] =>
  status === 'failed' ? [{ matcher: 'text', negated: false, status: 'failed', message: 'expected "a"; got "b"' }] : [];

function runsOf(specs: SpecDraft[]): ConversationResult[] {
  return specs.flatMap((s, i) =>
    s.statuses.map((drafted, runIndex) => {
      const status = drafted === 'fault' ? 'error' : drafted;
      const error = ERRORS[drafted];
      return conversation({
        name: `c${i}`,
        file: `specs/f${i % 3}.yaml`,
        runIndex,
        repeat: s.repeat,
        status,
        assertions: failing(status),
        ...(error ? { error } : {}),
        ...(status === 'skipped' ? { skipReason: 'skip: not today' } : {}),
      });
    }),
  );
}

const TARGET = { emulator: true, apiVersion: 'v1' } as const;

interface RunDraft {
  specs: SpecDraft[];
  interrupted: boolean;
  failOnSkipped: boolean;
  errors: ErrorInfo[];
}

function passRatesOf(specs: SpecDraft[]): Map<string, number> {
  return new Map(
    specs.flatMap((s, i) => (s.passRate === undefined ? [] : [[`specs/f${i % 3}.yaml#c${i}`, s.passRate] as const])),
  );
}

function live(
  run: RunDraft,
  conversations: ConversationResult[],
  shard?: number,
  interrupted = run.interrupted,
  errors = run.errors,
): RunResult {
  return finalizeRun({
    runId: `run-${shard ?? 'all'}`,
    toolVersion: '0.1.0',
    startedAt: new Date(0).toISOString(),
    finishedAt: new Date(1000).toISOString(),
    target: TARGET,
    interrupted,
    conversations,
    passRates: passRatesOf(run.specs),
    errors,
    policy: run.failOnSkipped ? { failOnSkipped: true } : undefined,
    ...(shard !== undefined ? { shard: { index: shard + 1, total: 3 } } : {}),
  });
}

/** The plan the runner would have made for these drafts, for a run cut short after every conversation finished. */
function planned(run: RunDraft, conversations: ConversationResult[]): PlannedRun[] {
  return conversations.map((c) => {
    const draft = run.specs[Number(c.name.slice(1))]!;
    return {
      id: c.id,
      runIndex: c.runIndex,
      spec: { ...c, id: c.specId, passRate: draft.passRate },
    } as PlannedRun;
  });
}

function junitFailing(result: RunResult): number {
  const root = parseXml(renderJunit(result));
  return findAll(root, 'failure').length + findAll(root, 'error').length;
}

/** The JUnit test cases by kind, as a CI server counts them. */
function junitCounts(result: RunResult): { failures: number; errors: number; skipped: number; tests: number } {
  const root = parseXml(renderJunit(result));
  return {
    failures: findAll(root, 'failure').length,
    errors: findAll(root, 'error').length,
    skipped: findAll(root, 'skipped').length,
    tests: findAll(root, 'testcase').length,
  };
}

/** The summary (console line, results.json) counts what JUnit counts, and is non-zero exactly when the exit code is. */
function expectOneCount(result: RunResult): void {
  const s = result.summary;
  // Each run-level error (a reporter that failed, --fail-on-skipped, ...) is a JUnit error case of its own.
  const runErrors = result.errors.length;
  const faults = s.simulatorFault ?? 0;
  expect(junitCounts(result)).toEqual({
    failures: s.failed,
    errors: s.error + faults + s.interrupted + runErrors,
    skipped: s.skipped,
    tests: s.total + runErrors,
  });
  expect(s.passed + s.failed + s.error + faults + (s.tolerated ?? 0) + s.skipped + s.interrupted).toBe(s.total);
  if (!result.interrupted) expect(s.failed + s.error + faults + runErrors > 0).toBe(runExitCode(result) !== 0);
}

const verdictArb = fc.constantFrom<DraftStatus>('passed', 'passed', 'failed', 'error', 'skipped', 'fault');
const specArb = fc.integer({ min: 1, max: 5 }).chain((repeat) =>
  fc.record({
    repeat: fc.constant(repeat),
    passRate: fc.option(fc.constantFrom(0.2, 0.5, 0.6, 0.8, 1), { nil: undefined }),
    statuses: fc.array(verdictArb, { minLength: repeat, maxLength: repeat }),
  }),
);

const RUN_ERRORS: ErrorInfo[] = [
  { code: 'REPORTER_FAILED', message: 'html.onRunEnd: disk full' },
  { code: 'MAX_FAILURES', message: '--max-failures 1 reached: 2 conversation run(s) not started' },
];
const runArb = fc.record({
  specs: fc.array(specArb, { minLength: 1, maxLength: 6 }),
  interrupted: fc.boolean(),
  failOnSkipped: fc.boolean(),
  errors: fc.subarray(RUN_ERRORS),
});
const byGroup = (r: RunResult) => r.repeats.map((g) => `${g.specId} ${g.status}`).sort();
const verdictOf = (r: RunResult) => ({ status: r.status, summary: r.summary, groups: byGroup(r) });

describe('verdicts agree', () => {
  it('live == cut short == platform == merged from shards == JUnit counts == exit code, for random runs', () => {
    fc.assert(
      fc.property(
        runArb,
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 30, maxLength: 30 }),
        (run, shardOf) => {
          const conversations = runsOf(run.specs);
          const whole = live(run, conversations);
          // Shards as the runner writes them (each with the run's policy), read back from JSON, merged.
          const shards = [0, 1, 2]
            .map((k) =>
              live(
                run,
                conversations.filter((_, i) => shardOf[i % 30] === k),
                k,
                run.interrupted && k === 0,
                k === 0 ? run.errors : [],
              ),
            )
            .map((r) => JSON.parse(JSON.stringify(r)) as RunResult);
          const merged = mergeRunResults(shards);
          expect(verdictOf(merged)).toEqual(verdictOf(whole));
          expect(merged.errors.map((e) => e.code)).toEqual(whole.errors.map((e) => e.code));
          const exit = runExitCode(whole);
          expect(runExitCode(merged)).toBe(exit);
          if (!run.interrupted) expect(junitFailing(whole) > 0).toBe(exit !== 0);
          expect(junitFailing(merged)).toBe(junitFailing(whole));
          expectOneCount(whole);
          expectOneCount(merged);
          expect(merged.summary).toEqual(whole.summary);
          // A signal after every conversation finished: the live run, interrupted, with the same facts.
          const recorder = { start: undefined, finished: new Map(conversations.map((c) => [c.id, c])) };
          const policy = run.failOnSkipped ? { failOnSkipped: true } : undefined;
          const cut = cutShortResult(recorder, planned(run, conversations), 'SIGTERM', TARGET, {
            policy,
            errors: run.errors,
          });
          const interruptedRun = live(run, conversations, undefined, true);
          expect(verdictOf(cut)).toEqual(verdictOf(interruptedRun));
          expect(runExitCode(cut, 0, EXIT.terminated)).toBe(EXIT.terminated);
          expectOneCount(cut);
          expect(junitFailing(cut)).toBeGreaterThan(0);
          // A platform run has no policy and no pass rates: the live run judged the same way.
          const platform = buildRunResult({
            toolVersion: '0.1.0',
            startedAt: new Date(0),
            target: TARGET,
            conversations,
            errors: run.errors,
            interrupted: run.interrupted,
          });
          const plain = live(
            { ...run, failOnSkipped: false, specs: run.specs.map((s) => ({ ...s, passRate: undefined })) },
            conversations,
          );
          expect(verdictOf(platform)).toEqual(verdictOf(plain));
          expect(runExitCode(platform)).toBe(runExitCode(plain));
          expectOneCount(platform);
          expect(runExitCode(mergeRunResults([JSON.parse(JSON.stringify(platform)) as RunResult]))).toBe(
            runExitCode(platform),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a repeated conversation that meets its passRate passes live, merged and in JUnit (4/5 at 0.8)', () => {
    const specs: SpecDraft[] = [
      { repeat: 5, passRate: 0.8, statuses: ['passed', 'passed', 'failed', 'passed', 'passed'] },
    ];
    const whole = live({ specs, interrupted: false, failOnSkipped: false, errors: [] }, runsOf(specs));
    const merged = mergeRunResults([JSON.parse(JSON.stringify(whole)) as RunResult]);
    expect([whole.status, merged.status, junitFailing(merged), runExitCode(merged)]).toEqual([
      'passed',
      'passed',
      0,
      0,
    ]);
    expect(renderJunit(merged)).toContain('TOLERATED: this run failed');
  });

  it('0 of 3 passes is never a passing run', () => {
    const specs: SpecDraft[] = [{ repeat: 3, passRate: 0.2, statuses: ['failed', 'failed', 'failed'] }];
    const whole = live({ specs, interrupted: false, failOnSkipped: false, errors: [] }, runsOf(specs));
    expect([whole.status, junitFailing(whole), runExitCode(whole)]).toEqual(['failed', 3, 1]);
  });
});
