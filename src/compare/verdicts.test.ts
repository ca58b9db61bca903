// "unchanged" needs more than a test without significance and a power analysis that planned from the
// observed rate: the difference's interval must lie within ±mde. Newcombe's interval against the
// paper's own worked examples, and the verdicts that depend on it.
import { describe, expect, it } from 'vitest';
import { conversationRun, runOf } from '../../test/helpers/run-result.js';
import { compareRuns } from './compare-runs.js';
import { verdictOf } from './conversations.js';
import { newcombeInterval } from './stats/wilson.js';

describe('newcombeInterval (Newcombe 1998, Statistics in Medicine 17:873, Table II, method 10)', () => {
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1.0],
    [10, 10, 0, 10, 0.6075, 1.0],
  ])('%i/%i − %i/%i', (a, n, b, m, low, high) => {
    const ci = newcombeInterval(a, n, b, m);
    expect(ci.low).toBeCloseTo(low, 4);
    expect(ci.high).toBeCloseTo(high, 4);
  });

  it('mirrors when the two sides are swapped', () => {
    const ab = newcombeInterval(95, 100, 100, 100);
    const ba = newcombeInterval(100, 100, 95, 100);
    expect(ba.low).toBeCloseTo(-ab.high, 12);
    expect(ba.high).toBeCloseTo(-ab.low, 12);
  });
});

describe('verdictOf', () => {
  const settings = { alpha: 0.05, mde: 0.1 };

  it('is unchanged only when the interval lies within ±mde, as well as the power allowing it', () => {
    expect(verdictOf(0, 1, 0.05, settings, { low: -0.04, high: 0.04 })).toBe('unchanged');
    expect(verdictOf(-0.05, 0.06, 0.078, settings, { low: -0.112, high: -0.003 })).toBe('inconclusive');
    expect(verdictOf(0.05, 0.06, 0.078, settings, { low: 0.003, high: 0.112 })).toBe('inconclusive');
    // The power analysis still decides too: a narrow interval from a design that could not see mde.
    expect(verdictOf(0, 1, 0.2, settings, { low: -0.04, high: 0.04 })).toBe('inconclusive');
  });

  it('without an interval reads the difference itself (a suite whose conversations changed alike)', () => {
    expect(verdictOf(0, 1, 0.05, settings, null)).toBe('unchanged');
    expect(verdictOf(-0.12, 0.0625, 0.05, settings, null)).toBe('inconclusive');
    expect(verdictOf(-0.05, 0.0625, 0.05, settings)).toBe('unchanged');
  });
});

describe('a conversation whose change the data do not bound within mde is not "unchanged"', () => {
  const runs = (passes: number, of: number, startedAt: string) =>
    runOf({
      runId: startedAt,
      startedAt,
      app: 'apps/x',
      conversations: Array.from({ length: of }, (_, i) =>
        conversationRun({
          specId: 'c0',
          runIndex: i,
          repeat: of,
          status: i < passes ? 'passed' : 'failed',
        }),
      ),
    });
  const compare = (base: number, head: number) =>
    compareRuns(
      { label: 'base', result: runs(base, 100, '2026-01-01T00:00:00Z') },
      { label: 'head', result: runs(head, 100, '2026-01-02T00:00:00Z') },
      { settings: { resamples: 1000 } },
    ).conversations[0];

  it('100/100 → 95/100: Fisher p .059 and a detectable change of 7.8 points, but the interval reaches −11.2', () => {
    const row = compare(100, 95);
    expect(row?.pValue).toBeCloseTo(0.0594, 4);
    expect(row?.minimumDetectableChange).toBeLessThan(0.1);
    expect(row?.differenceInterval?.low).toBeCloseTo(-0.1118, 4);
    expect(row?.differenceInterval?.high).toBeCloseTo(-0.0033, 4);
    expect(row?.verdict).toBe('inconclusive');
  });

  it('100/100 → 100/100 is unchanged: the interval is ±3.7 points', () => {
    const row = compare(100, 100);
    expect(row?.differenceInterval?.low).toBeCloseTo(-0.037, 3);
    expect(row?.verdict).toBe('unchanged');
  });
});
