// The suite's test on the cases that showed the paired t-test wrong: unequal run counts, and a few
// conversations where a larger regression came out less significant.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { conversationRun, runOf } from '../../test/helpers/run-result.js';
import type { RunResult } from '../model/result.js';
import { compareRuns, DEFAULT_SETTINGS, hasRegression } from './compare-runs.js';
import { compareSuite, type PairedCounts } from './suite.js';

const settings = { ...DEFAULT_SETTINGS, resamples: 100 };

/** A run of conversations c0, c1, … from [passed, runs] each. */
function runFrom(runId: string, startedAt: string, counts: readonly (readonly [number, number])[]): RunResult {
  const conversations = counts.flatMap(([passed, runs], c) =>
    Array.from({ length: runs }, (_, runIndex) =>
      conversationRun({
        specId: `c${c}`,
        runIndex,
        repeat: runs,
        status: runIndex < passed ? 'passed' : 'failed',
      }),
    ),
  );
  return runOf({ runId, startedAt, app: 'apps/x', conversations });
}

const suiteOf = (base: number[][], head: number[][]) =>
  compareSuite(
    base.map(([basePassed, baseRuns], i) => ({
      basePassed: basePassed as number,
      baseRuns: baseRuns as number,
      headPassed: (head[i] as number[])[0] as number,
      headRuns: (head[i] as number[])[1] as number,
    })),
    settings,
  );

describe('compareSuite: the stratified permutation test', () => {
  it('1 base run against 10 head runs that mostly passed is no regression (the t-test said p = 0.010)', () => {
    // The reviewer's case: 20 conversations whose one base run passed; on the head, six passed 9 of
    // 10 and fourteen 10 of 10. An exact stratified permutation test gives p ≈ 0.66.
    const base = runFrom(
      'base',
      '2026-01-01T00:00:00.000Z',
      Array.from({ length: 20 }, () => [1, 1] as const),
    );
    const head = runFrom('head', '2026-01-01T01:00:00.000Z', [
      ...Array.from({ length: 6 }, () => [9, 10] as const),
      ...Array.from({ length: 14 }, () => [10, 10] as const),
    ]);
    const c = compareRuns({ label: 'base', result: base }, { label: 'head', result: head }, { settings });
    expect(c.suite.verdict).not.toBe('regressed');
    expect(hasRegression(c)).toBe(false);
    expect(c.suite.test).toBe('permutation-exact');
    expect(c.suite.pValue).toBeCloseTo(0.6613156419677436, 10);
  });

  it('4 conversations at 5/5: a larger regression is never less significant', () => {
    const base = Array.from({ length: 4 }, () => [5, 5]);
    const allFour = suiteOf(base, [
      [4, 5],
      [4, 5],
      [4, 5],
      [4, 5],
    ]);
    const oneWorse = suiteOf(base, [
      [4, 5],
      [4, 5],
      [4, 5],
      [3, 5],
    ]);
    const allThree = suiteOf(base, [
      [3, 5],
      [3, 5],
      [3, 5],
      [3, 5],
    ]);
    // The t-test gave 4,4,4,3 p = 0.0154 "regressed" and 3,3,3,3 (no spread) p = 0.125.
    expect(allFour.pValue).toBeCloseTo(0.125, 12);
    expect(oneWorse.pValue).toBeCloseTo(1 / 18, 12);
    expect(allThree.pValue).toBeCloseTo(2 * (56 / 252) ** 4, 12);
    expect(allFour.verdict).toBe('inconclusive');
    expect(oneWorse.verdict).toBe('inconclusive');
    expect(allThree.verdict).toBe('regressed');
  });

  it('2 conversations: 10/10 → 0/10 twice is more significant than 10/10 → 0/10 and 1/10', () => {
    // The t-test: p = 0.033 for the differences (−1, −0.9), and no test for (−1, −1) (sign-flip 0.5).
    const mixed = suiteOf(
      [
        [10, 10],
        [10, 10],
      ],
      [
        [0, 10],
        [1, 10],
      ],
    );
    const both = suiteOf(
      [
        [10, 10],
        [10, 10],
      ],
      [
        [0, 10],
        [0, 10],
      ],
    );
    expect(mixed.verdict).toBe('regressed');
    expect(both.verdict).toBe('regressed');
    expect(both.pValue!).toBeLessThan(mixed.pValue!);
  });

  it('with equal run counts per conversation, one more failure on the head never raises p', () => {
    const conversation = fc
      .tuple(fc.integer({ min: 1, max: 8 }), fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([runs, u]) => ({ baseRuns: runs, basePassed: runs, headRuns: runs, headPassed: Math.floor(u * runs) }));
    fc.assert(
      fc.property(fc.array(conversation, { minLength: 2, maxLength: 8 }), fc.nat(), (pairs, pick) => {
        const i = pick % pairs.length;
        fc.pre((pairs[i] as PairedCounts).headPassed > 0);
        const worse = pairs.map((p, j) => (j === i ? { ...p, headPassed: p.headPassed - 1 } : p));
        expect(compareSuite(worse, settings).pValue!).toBeLessThanOrEqual(
          compareSuite(pairs, settings).pValue! + 1e-12,
        );
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the name and the discordant pairs of exact McNemar, which it is, for single runs', () => {
    const suite = suiteOf(
      [
        [1, 1],
        [1, 1],
        [0, 1],
      ],
      [
        [0, 1],
        [1, 1],
        [1, 1],
      ],
    );
    expect(suite).toMatchObject({ test: 'mcnemar-exact', passedToFailed: 1, failedToPassed: 1, pValue: 1 });
  });
});

describe('compareSuite: "unchanged" needs the interval within ±mde', () => {
  it('a change the interval does not bound within the mde is inconclusive, though not significant and powered', () => {
    // 12 conversations, 27 base runs against 25 head runs: p 0.058, a detectable change of 9.3 pt
    // (≤ the 10-pt mde), yet the difference's interval reaches −11 pt: no "unchanged" there.
    const passes = [
      [21, 19],
      [25, 21],
      [24, 19],
      [23, 22],
      [24, 18],
      [23, 24],
      [25, 22],
      [21, 17],
      [24, 21],
      [23, 23],
      [24, 21],
      [26, 18],
    ] as const;
    const pairs = passes.map(([basePassed, headPassed]) => ({ basePassed, baseRuns: 27, headPassed, headRuns: 25 }));
    const s = compareSuite(pairs, { ...DEFAULT_SETTINGS, mde: 0.1, resamples: 1000, seed: 1 });
    expect(s.pValue).toBeGreaterThan(0.05);
    expect(s.minimumDetectableChange).toBeLessThanOrEqual(0.1);
    expect(s.interval!.low).toBeLessThan(-0.1);
    expect(s.verdict).toBe('inconclusive');
  });
});
