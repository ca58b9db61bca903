// compareRuns on hand-built runs: alignment, the warnings about what is compared, refusals.
import { describe, expect, it } from 'vitest';
import { conversationRun, runOf } from '../../test/helpers/run-result.js';
import type { AssertionStatus, ConversationResult, RunResult } from '../model/result.js';
import { SIMULATOR_FAULT } from '../model/summary.js';
import { compareRuns, ComparisonInputError, hasRegression } from './compare-runs.js';

const run = (startedAt: string, app: string, conversations: ConversationResult[]): RunResult =>
  runOf({ runId: startedAt, startedAt, app, conversations });

const both = (id: string, a: ConversationResult['status'], b: ConversationResult['status']) => [
  conversationRun({ specId: id, runIndex: 0, repeat: 2, status: a }),
  conversationRun({ specId: id, runIndex: 1, repeat: 2, status: b }),
];

describe('compareRuns', () => {
  it('aligns by spec id with all repeats, lists the rest, and counts no skipped run', () => {
    const base = run('2026-01-01T00:00:00Z', 'apps/x', [
      ...both('a', 'passed', 'passed'),
      ...both('b', 'passed', 'skipped'),
    ]);
    const head = run('2026-01-02T00:00:00Z', 'apps/x', [
      ...both('a', 'passed', 'failed'),
      ...both('c', 'passed', 'passed'),
    ]);
    const c = compareRuns(
      { label: 'base', result: base },
      { label: 'head', result: head },
      { settings: { resamples: 10 } },
    );
    expect(c.conversations.map((r) => r.specId)).toEqual(['a']);
    expect(c.conversations[0]).toMatchObject({
      base: { runs: 2, passed: 2 },
      head: { runs: 2, passed: 1, status: 'mixed' },
    });
    expect(c.onlyInBase).toEqual(['b']);
    expect(c.onlyInHead).toEqual(['c']);
    // 1 of 2 conversations shared is not "few" (half); different app and swapped dates are.
    expect(c.warnings).toEqual([]);
  });

  it('warns about few shared ids, another app and a base newer than the head', () => {
    const base = run(
      '2026-01-03T00:00:00Z',
      'apps/x',
      ['a', 'b', 'c'].flatMap((id) => both(id, 'passed', 'passed')),
    );
    const head = run(
      '2026-01-02T00:00:00Z',
      'apps/y',
      ['a', 'd', 'e'].flatMap((id) => both(id, 'passed', 'passed')),
    );
    const c = compareRuns(
      { label: 'base', result: base },
      { label: 'head', result: head },
      { settings: { resamples: 10 } },
    );
    expect(c.warnings).toHaveLength(3);
    expect(c.warnings[0]).toContain('only 1 of 3 conversations are in both runs');
    expect(c.warnings[1]).toContain('different agents (base: apps/x; head: apps/y)');
    expect(c.warnings[2]).toContain('is newer than the head run');
    const intended = compareRuns(
      { label: 'base', result: base },
      { label: 'head', result: head },
      { differentTargets: true, settings: { resamples: 10 } },
    );
    expect(intended.warnings.some((w) => w.includes('different agents'))).toBe(false);
  });

  it('warns when conversations finished a different number of runs on the two sides, as the test counts them', () => {
    const times = (id: string, n: number, status: (i: number) => ConversationResult['status'] = () => 'passed') =>
      Array.from({ length: n }, (_, runIndex) =>
        conversationRun({ specId: id, runIndex, repeat: n, status: status(runIndex) }),
      );
    const base = run('2026-01-01T00:00:00Z', 'apps/x', [
      ...times('a', 1),
      ...times('b', 3),
      ...times('c', 3),
      ...times('d', 3),
    ]);
    const head = run('2026-01-02T00:00:00Z', 'apps/x', [
      ...times('a', 10),
      ...times('b', 10),
      // Three finished of four (one interrupted): the same three runs the test compares.
      ...times('c', 4, (i) => (i === 3 ? 'interrupted' : 'passed')),
      // Three entries, one finished: 3 against 1 in the test, though the entries are as many.
      ...times('d', 3, (i) => (i === 0 ? 'passed' : 'interrupted')),
    ]);
    const c = compareRuns(
      { label: 'base', result: base },
      { label: 'head', result: head },
      { settings: { resamples: 10 } },
    );
    expect(c.warnings).toEqual([
      '3 of 4 conversations ran a different number of times on the two sides (base: 1–3 runs; head: 1–10 runs): ' +
        'the side with fewer runs limits what the comparison can detect',
    ]);
  });

  it('leaves simulator faults out, as the run summary does: they tell nothing of the agent', () => {
    const runs = (status: (i: number) => ConversationResult['status'], fault = false) =>
      Array.from({ length: 10 }, (_, i) => ({
        ...conversationRun({ specId: 'sim', runIndex: i, repeat: 10, status: status(i) }),
        ...(fault && i >= 5 && { error: { code: SIMULATOR_FAULT, message: 'the simulated user broke its brief' } }),
      }));
    const base = run(
      '2026-01-01T00:00:00Z',
      'apps/x',
      runs(() => 'passed'),
    );
    const head = run(
      '2026-01-02T00:00:00Z',
      'apps/x',
      runs((i) => (i < 5 ? 'passed' : 'error'), true),
    );
    const c = compareRuns({ label: 'base', result: base }, { label: 'head', result: head });
    expect(c.conversations[0]).toMatchObject({
      base: { runs: 10, passed: 10 },
      head: { runs: 5, passed: 5, errors: 0, status: 'passed' },
      difference: 0,
      flipped: false,
    });
    expect(c.conversations[0]?.verdict).not.toBe('regressed');
    expect(hasRegression(c)).toBe(false);
  });

  it('a 12.5-point drop from 100% over 40 runs is not "unchanged": 40 runs per side cannot see 10 points', () => {
    // Fisher needs six failures against none at alpha 0.05: 40 runs at 90% give them 21% of the time.
    const runs = (passes: number) =>
      Array.from({ length: 40 }, (_, i) =>
        conversationRun({ specId: 'g', runIndex: i, repeat: 40, status: i < passes ? 'passed' : 'failed' }),
      );
    const c = compareRuns(
      { label: 'base', result: run('2026-01-01T00:00:00Z', 'apps/x', runs(40)) },
      { label: 'head', result: run('2026-01-02T00:00:00Z', 'apps/x', runs(35)) },
    );
    const row = c.conversations[0];
    expect(row?.pValue).toBeGreaterThan(0.05);
    expect(row?.minimumDetectableChange).toBeGreaterThan(0.19);
    expect(row?.runsToDetect).toBe(78);
    expect(row?.verdict).toBe('inconclusive');
  });

  it('leaves a conversation whose inputs changed out of the verdict, the suite and the gate', () => {
    const hashed = (id: string, hash: string | undefined, statuses: ConversationResult['status'][]) =>
      statuses.map((status, i) => ({
        ...conversationRun({ specId: id, runIndex: i, repeat: statuses.length, status }),
        ...(hash && { inputsHash: hash }),
      }));
    const passes = Array<ConversationResult['status']>(6).fill('passed');
    const fails = Array<ConversationResult['status']>(6).fill('failed');
    const base = run('2026-01-01T00:00:00Z', 'apps/x', [
      ...hashed('pin', 'h1', passes),
      ...hashed('same', 'h2', passes),
      ...hashed('old', undefined, passes),
    ]);
    const head = run('2026-01-02T00:00:00Z', 'apps/x', [
      ...hashed('pin', 'h1-edited', fails),
      ...hashed('same', 'h2', passes),
      ...hashed('old', 'h3', passes),
    ]);
    const c = compareRuns({ label: 'base', result: base }, { label: 'head', result: head });
    const pin = c.conversations.find((r) => r.specId === 'pin');
    expect(pin).toMatchObject({ verdict: 'inputs-changed', difference: null, pValue: null });
    expect(pin?.notComparedReason).toContain("the conversation's inputs changed");
    // A side that recorded no hash (schema 2) cannot tell: compared.
    expect(c.conversations.find((r) => r.specId === 'old')?.verdict).not.toBe('inputs-changed');
    expect(c.suite).toMatchObject({ conversations: 2, baseRate: 1, headRate: 1 });
    expect(hasRegression(c)).toBe(false);
    // Every shared conversation changed: nothing to compare.
    expect(() =>
      compareRuns(
        { label: 'base', result: run('2026-01-01T00:00:00Z', 'apps/x', hashed('pin', 'h1', passes)) },
        { label: 'head', result: run('2026-01-02T00:00:00Z', 'apps/x', hashed('pin', 'h9', fails)) },
      ),
    ).toThrow(/none could be compared \(1: the conversation's inputs changed/);
  });

  it('leaves a conversation out when one side skipped an expectation the other evaluated', () => {
    const judged = (id: string, i: number, judge: AssertionStatus): ConversationResult => ({
      ...conversationRun({ specId: id, runIndex: i, repeat: 4, status: judge === 'failed' ? 'failed' : 'passed' }),
      turns: [
        {
          index: 0,
          inputs: [],
          assertions: [
            { matcher: 'text', negated: false, status: 'passed', message: 'ok', turn: 0 },
            { matcher: 'judge', negated: false, status: judge, message: 'judge disabled (--no-judge)', turn: 0 },
          ],
        },
      ],
    });
    const side = (startedAt: string, judge: AssertionStatus) =>
      run(startedAt, 'apps/x', [
        ...[0, 1, 2, 3].map((i) => judged('judged', i, judge)),
        ...both('plain', 'passed', 'passed'),
      ]);
    const c = compareRuns(
      { label: 'base', result: side('2026-01-01T00:00:00Z', 'failed') },
      { label: 'head', result: side('2026-01-02T00:00:00Z', 'skipped') },
    );
    const row = c.conversations.find((r) => r.specId === 'judged');
    expect(row).toMatchObject({ verdict: 'checks-differ', base: { passed: 0 }, head: { passed: 4 }, pValue: null });
    expect(row?.notComparedReason).toBe(
      'head skipped 1 expectation that base evaluated (turn 1 judge: judge disabled (--no-judge))',
    );
    expect(c.suite.conversations).toBe(1);
    // The other way round too (the base skipped it), and skipped on both sides is the same checks.
    const reverse = compareRuns(
      { label: 'base', result: side('2026-01-01T00:00:00Z', 'skipped') },
      { label: 'head', result: side('2026-01-02T00:00:00Z', 'failed') },
    );
    expect(reverse.conversations.find((r) => r.specId === 'judged')?.notComparedReason).toMatch(/^base skipped/);
    expect(hasRegression(reverse)).toBe(false);
    const alike = compareRuns(
      { label: 'base', result: side('2026-01-01T00:00:00Z', 'skipped') },
      { label: 'head', result: side('2026-01-02T00:00:00Z', 'skipped') },
    );
    expect(alike.conversations.find((r) => r.specId === 'judged')?.verdict).not.toBe('checks-differ');
  });

  it('refuses two runs whose shared conversations did not finish a run on both sides', () => {
    const base = run('2026-01-01T00:00:00Z', 'apps/x', [
      ...both('a', 'passed', 'passed'),
      ...both('b', 'failed', 'passed'),
    ]);
    const head = run('2026-01-02T00:00:00Z', 'apps/x', [
      ...both('a', 'skipped', 'skipped'),
      ...both('b', 'interrupted', 'skipped'),
    ]);
    expect(() => compareRuns({ label: 'one', result: base }, { label: 'two', result: head })).toThrow(
      'one and two have no conversation to compare: of the 2 in both, none could be compared ' +
        '(2: no finished run in head (skipped, interrupted or a simulator fault))',
    );
  });

  it('refuses two runs with nothing in common', () => {
    const base = run('2026-01-01T00:00:00Z', 'apps/x', both('a', 'passed', 'passed'));
    const head = run('2026-01-02T00:00:00Z', 'apps/x', both('b', 'passed', 'passed'));
    expect(() => compareRuns({ label: 'one', result: base }, { label: 'two', result: head })).toThrow(
      ComparisonInputError,
    );
  });
});
