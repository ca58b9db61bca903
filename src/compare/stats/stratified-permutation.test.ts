// The suite's permutation test against a brute-force enumeration of every way the passes could split
// between the sides, and against the exact tests it reduces to (McNemar, sign-flip).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mcnemarExact } from './exact-tests.js';
import { type PairedCounts, stratifiedPermutationTest } from './stratified-permutation.js';

const options = { resamples: 10_000, seed: 1 };

/** log C(n, k), summed term by term (C(1967, 991) overflows a double). */
function logChoose(n: number, k: number): number {
  let sum = 0;
  for (let i = 0; i < Math.min(k, n - k); i++) sum += Math.log(n - i) - Math.log(i + 1);
  return sum;
}

/**
 * P(|Σ d*| ≥ |Σ d|) by walking every split of every conversation's passes: h head passes of m in
 * N = B + H runs has probability C(m, h)·C(N − m, H − h) / C(N, H).
 */
function bruteForce(pairs: readonly PairedCounts[]): number {
  const difference = (p: PairedCounts, h: number): number =>
    h / p.headRuns - (p.basePassed + p.headPassed - h) / p.baseRuns;
  const observed = Math.abs(pairs.reduce((sum, p) => sum + difference(p, p.headPassed), 0));
  let pValue = 0;
  const walk = (i: number, sum: number, probability: number): void => {
    if (i === pairs.length) {
      if (Math.abs(sum) >= observed - 1e-12) pValue += probability;
      return;
    }
    const p = pairs[i] as PairedCounts;
    const passes = p.basePassed + p.headPassed;
    const runs = p.baseRuns + p.headRuns;
    for (let h = Math.max(0, passes - p.baseRuns); h <= Math.min(p.headRuns, passes); h++) {
      const log = logChoose(passes, h) + logChoose(runs - passes, p.headRuns - h) - logChoose(runs, p.headRuns);
      walk(i + 1, sum + difference(p, h), probability * Math.exp(log));
    }
  };
  walk(0, 0, 1);
  return pValue;
}

const conversation = (maxRuns: number) =>
  fc
    .tuple(
      fc.integer({ min: 1, max: maxRuns }),
      fc.integer({ min: 1, max: maxRuns }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
    )
    .map(([baseRuns, headRuns, u, v]) => ({
      baseRuns,
      headRuns,
      basePassed: Math.min(baseRuns, Math.floor(u * (baseRuns + 1))),
      headPassed: Math.min(headRuns, Math.floor(v * (headRuns + 1))),
    }));

const counts = (pairs: number[][]): PairedCounts[] =>
  pairs.map(([basePassed, baseRuns, headPassed, headRuns]) => ({
    basePassed: basePassed as number,
    baseRuns: baseRuns as number,
    headPassed: headPassed as number,
    headRuns: headRuns as number,
  }));

describe('stratifiedPermutationTest', () => {
  it('is the brute-force enumeration of every split, for any run counts', () => {
    fc.assert(
      fc.property(fc.array(conversation(6), { minLength: 1, maxLength: 4 }), (pairs) => {
        const test = stratifiedPermutationTest(pairs, options);
        expect(test.exact).toBe(true);
        expect(test.pValue).toBeCloseTo(bruteForce(pairs), 10);
      }),
      { numRuns: 200 },
    );
  });

  it('is exact McNemar when every conversation ran once per side', () => {
    fc.assert(
      fc.property(fc.array(conversation(1), { minLength: 2, maxLength: 30 }), (pairs) => {
        const down = pairs.filter((p) => p.basePassed > p.headPassed).length;
        const up = pairs.filter((p) => p.headPassed > p.basePassed).length;
        expect(stratifiedPermutationTest(pairs, options).pValue).toBeCloseTo(mcnemarExact(down, up), 12);
      }),
    );
  });

  it('is the sign-flip test when every conversation lost one of its runs: p = 2^(1-n)', () => {
    for (const n of [2, 5, 6, 10]) {
      const pairs = counts(Array.from({ length: n }, () => [5, 5, 4, 5]));
      expect(stratifiedPermutationTest(pairs, options).pValue).toBeCloseTo(2 ** (1 - n), 12);
    }
  });

  it('is the same test with the sides swapped', () => {
    fc.assert(
      fc.property(fc.array(conversation(8), { minLength: 1, maxLength: 12 }), (pairs) => {
        const swapped = pairs.map((p) => ({
          basePassed: p.headPassed,
          baseRuns: p.headRuns,
          headPassed: p.basePassed,
          headRuns: p.baseRuns,
        }));
        expect(stratifiedPermutationTest(swapped, options).pValue).toBeCloseTo(
          stratifiedPermutationTest(pairs, options).pValue,
          12,
        );
      }),
    );
  });

  it('gives p = 1 when no conversation has both a pass and a failure (nothing can move)', () => {
    const pairs = counts([
      [5, 5, 5, 5],
      [0, 3, 0, 10],
      [1, 1, 4, 4],
    ]);
    expect(stratifiedPermutationTest(pairs, options)).toEqual({ pValue: 1, exact: true });
  });

  it('never gives p = 0: a law too improbable to hold in a double still leaves what was dropped', () => {
    const pairs = counts(Array.from({ length: 200 }, () => [10, 10, 0, 10]));
    const { pValue, exact } = stratifiedPermutationTest(pairs, options);
    expect(exact).toBe(true);
    expect(pValue).toBeGreaterThan(0);
    expect(pValue).toBeLessThan(1e-12);
  });

  it('estimates from seeded draws when the exact law is too large: near the enumeration, the same per seed', () => {
    // Run counts whose least common multiple is beyond the exact law's array; few failures, so the
    // brute force stays small.
    const pairs = counts([
      [996, 997, 989, 991],
      [981, 983, 974, 977],
      [970, 971, 966, 967],
    ]);
    const drawn = stratifiedPermutationTest(pairs, { resamples: 20_000, seed: 3 });
    expect(drawn.exact).toBe(false);
    const exact = bruteForce(pairs);
    expect(exact).toBeGreaterThan(0.05);
    // The Monte Carlo p-value's standard error is sqrt(p(1-p)/R) < 0.004.
    expect(Math.abs(drawn.pValue - exact)).toBeLessThan(0.015);
    expect(stratifiedPermutationTest(pairs, { resamples: 20_000, seed: 3 })).toEqual(drawn);
    // (1 + k)/(1 + R): never 0, whatever the draws.
    expect(stratifiedPermutationTest(pairs, { resamples: 0, seed: 3 }).pValue).toBe(1);
  });

  it('does not blow up on large suites: exact for 2,000 conversations × 20 runs, drawn for mixed run counts', () => {
    const large = Array.from({ length: 2000 }, (_, i) => ({
      baseRuns: 20,
      basePassed: 20 - (i % 7),
      headRuns: 20,
      headPassed: 20 - (i % 6),
    }));
    const started = performance.now();
    expect(stratifiedPermutationTest(large, options).exact).toBe(true);
    const pairs = Array.from({ length: 300 }, (_, i) => {
      const baseRuns = 7 + (i % 4);
      const headRuns = 6 + (i % 5);
      return { baseRuns, basePassed: baseRuns - (i % 3), headRuns, headPassed: headRuns - (i % 4) };
    });
    const test = stratifiedPermutationTest(pairs, options);
    expect(test.exact).toBe(false);
    // Both take a fraction of a second; the bound leaves room for a loaded machine.
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
