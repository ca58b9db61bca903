// One verdict everywhere: for random results, the live run's verdict, the verdict merge-reports
// recomputes from the shards' JSON, the JUnit file's failure counts and the exit code all agree, and
// the summary counts (console line, results.json) are the JUnit counts (issue 25 point 4).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AssertionResult, ConversationResult, RunResult, Verdict } from '../../src/model/result.js';
import { assembleRunResult } from '../../src/runner/run/index.js';
import { mergeRunResults } from '../../src/reporters/merge.js';
import { renderJunit } from '../../src/reporters/junit.js';
import { runExitCode } from '../../src/cli/exit-codes.js';
import { conversation } from '../reporters/fixture.js';
import { findAll, parseXml } from '../reporters/xml.js';

interface SpecDraft {
  repeat: number;
  passRate: number | undefined;
  statuses: Verdict[];
}

const failing = (status: Verdict): AssertionResult[] =>
  status === 'failed' ? [{ matcher: 'text', negated: false, status: 'failed', message: 'expected "a"; got "b"' }] : [];

function runsOf(specs: SpecDraft[]): ConversationResult[] {
  return specs.flatMap((s, i) =>
    s.statuses.map((status, runIndex) =>
      conversation({
        name: `c${i}`,
        file: `specs/f${i % 3}.yaml`,
        runIndex,
        repeat: s.repeat,
        status,
        assertions: failing(status),
        ...(status === 'error' ? { error: { code: 'UNAVAILABLE', message: 'connection refused' } } : {}),
        ...(status === 'skipped' ? { skipReason: 'skip: not today' } : {}),
      }),
    ),
  );
}

function live(
  specs: SpecDraft[],
  conversations: ConversationResult[],
  interrupted: boolean,
  shard?: number,
): RunResult {
  const passRates = new Map(
    specs.flatMap((s, i) => (s.passRate === undefined ? [] : [[`specs/f${i % 3}.yaml#c${i}`, s.passRate] as const])),
  );
  return assembleRunResult({
    runId: `run-${shard ?? 'all'}`,
    started: new Date(0),
    finished: new Date(1000),
    target: { emulator: true, apiVersion: 'v1' },
    interrupted,
    conversations,
    passRates,
    ...(shard !== undefined ? { shard: { index: shard + 1, total: 3 } } : {}),
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
  expect(junitCounts(result)).toEqual({
    failures: s.failed,
    errors: s.error + s.interrupted,
    skipped: s.skipped,
    tests: s.total,
  });
  expect(s.passed + s.failed + s.error + (s.tolerated ?? 0) + s.skipped + s.interrupted).toBe(s.total);
  if (!result.interrupted) expect(s.failed + s.error > 0).toBe(runExitCode(result) !== 0);
}

const verdictArb = fc.constantFrom<Verdict>('passed', 'passed', 'failed', 'error', 'skipped');
const specArb = fc.integer({ min: 1, max: 5 }).chain((repeat) =>
  fc.record({
    repeat: fc.constant(repeat),
    passRate: fc.option(fc.constantFrom(0.2, 0.5, 0.6, 0.8, 1), { nil: undefined }),
    statuses: fc.array(verdictArb, { minLength: repeat, maxLength: repeat }),
  }),
);

describe('verdicts agree', () => {
  it('live == merged from shards == JUnit counts == exit code, for random results', () => {
    fc.assert(
      fc.property(
        fc.array(specArb, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 30, maxLength: 30 }),
        (specs, interrupted, shardOf) => {
          const conversations = runsOf(specs);
          const whole = live(specs, conversations, interrupted);
          // Shards as the runner writes them, read back from JSON, merged.
          const shards = [0, 1, 2]
            .map((k) =>
              live(
                specs,
                conversations.filter((_, i) => shardOf[i % 30] === k),
                interrupted && k === 0,
                k,
              ),
            )
            .map((r) => JSON.parse(JSON.stringify(r)) as RunResult);
          const merged = mergeRunResults(shards);
          expect(merged.status).toBe(whole.status);
          const byGroup = (r: RunResult) => r.repeats.map((g) => `${g.specId} ${g.status}`).sort();
          expect(byGroup(merged)).toEqual(byGroup(whole));
          const exit = runExitCode(whole);
          expect(runExitCode(merged)).toBe(exit);
          if (!interrupted) expect(junitFailing(whole) > 0).toBe(exit !== 0);
          expect(junitFailing(merged)).toBe(junitFailing(whole));
          expectOneCount(whole);
          expectOneCount(merged);
          expect(merged.summary).toEqual(whole.summary);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a repeated conversation that meets its passRate passes live, merged and in JUnit (4/5 at 0.8)', () => {
    const specs: SpecDraft[] = [
      { repeat: 5, passRate: 0.8, statuses: ['passed', 'passed', 'failed', 'passed', 'passed'] },
    ];
    const whole = live(specs, runsOf(specs), false);
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
    const whole = live(specs, runsOf(specs), false);
    expect([whole.status, junitFailing(whole), runExitCode(whole)]).toEqual(['failed', 3, 1]);
  });
});
