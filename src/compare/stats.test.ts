// The statistics against reference values computed once with independent published implementations:
// SciPy 1.17.1 (scipy.stats.binomtest(...).proportion_ci(method='wilson'), fisher_exact, binomtest
// for exact McNemar) and statsmodels (multipletests(method='holm'), NormalIndPower with
// proportion_effectsize); the script's calls are quoted beside each table. Plus property tests.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { wilsonInterval } from './stats/wilson.js';
import { fisherExact, mcnemarExact } from './stats/exact-tests.js';
import { fisherPower, mcnemarPower } from './stats/exact-power.js';
import { pairedClusterBootstrap } from './stats/bootstrap.js';
import { holmAdjust } from './stats/holm.js';
import { minimumDetectableChange, runsToDetect, singleRunSuitePower } from './stats/power.js';
import { compareSuite, type PairedCounts } from './suite.js';
import { DEFAULT_SETTINGS } from './compare-runs.js';

describe('wilsonInterval (SciPy 1.17.1 binomtest(k, n).proportion_ci(0.95, "wilson"))', () => {
  it.each([
    [0, 5, 0.0, 0.43448246478317476],
    [3, 5, 0.23072428127601297, 0.8823792257673521],
    [5, 5, 0.5655175352168251, 1.0],
    [17, 40, 0.28509392559950375, 0.5780493145800892],
    [95, 100, 0.8882495307680809, 0.978456320845632],
    [1, 1, 0.20654931437723745, 1.0],
  ])('%i of %i', (k, n, low, high) => {
    const ci = wilsonInterval(k, n);
    expect(ci.low).toBeCloseTo(low, 10);
    expect(ci.high).toBeCloseTo(high, 10);
  });

  it('narrows as n grows at the same rate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 2, max: 10 }),
        (c, extra, m) => {
          const n = c + extra;
          const small = wilsonInterval(c, n);
          const large = wilsonInterval(c * m, n * m);
          expect(large.high - large.low).toBeLessThan(small.high - small.low);
        },
      ),
    );
  });

  it('mirrors under swapping passes and failures', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }), (c, f) => {
        fc.pre(c + f > 0);
        const a = wilsonInterval(c, c + f);
        const b = wilsonInterval(f, c + f);
        expect(a.low).toBeCloseTo(1 - b.high, 12);
      }),
    );
  });
});

describe('fisherExact (SciPy 1.17.1 fisher_exact([[a, n1-a], [b, n2-b]]).pvalue)', () => {
  it.each([
    [5, 5, 0, 5, 0.007936507936507938],
    [4, 5, 2, 5, 0.5238095238095238],
    [10, 10, 5, 10, 0.032507739938080496],
    [3, 7, 9, 12, 0.3260895451297929],
    [0, 5, 0, 5, 1.0],
    [18, 20, 11, 20, 0.030950305143853538],
    [1, 1, 0, 1, 1.0],
  ])('%i/%i vs %i/%i', (a, n1, b, n2, p) => {
    expect(fisherExact(a, n1, b, n2)).toBeCloseTo(p, 12);
  });

  it('is the same test with the sides swapped', () => {
    fc.assert(
      fc.property(fc.nat(15), fc.nat(15), fc.nat(15), fc.nat(15), (a, fa, b, fb) => {
        fc.pre(a + fa > 0 && b + fb > 0);
        expect(fisherExact(a, a + fa, b, b + fb)).toBeCloseTo(fisherExact(b, b + fb, a, a + fa), 12);
      }),
    );
  });
});

describe('mcnemarExact (SciPy 1.17.1 binomtest(min(b, c), b + c, 0.5).pvalue)', () => {
  it.each([
    [0, 0, 1.0],
    [5, 0, 0.0625],
    [3, 7, 0.34375],
    [12, 4, 0.076812744140625],
    [20, 20, 1.0],
    [1, 9, 0.021484375],
  ])('%i passed→failed, %i failed→passed', (b, c, p) => {
    expect(mcnemarExact(b, c)).toBeCloseTo(p, 12);
  });
});

const differences = fc.array(
  fc.integer({ min: -5, max: 5 }).map((x) => x / 5),
  { minLength: 3, maxLength: 40 },
);

describe('pairedClusterBootstrap', () => {
  it('gives the same interval for the same seed', () => {
    const d = Float64Array.from([0.2, -0.2, 0, 0.4, -0.6, 0.2]);
    expect(pairedClusterBootstrap(d, { seed: 7, resamples: 500 })).toEqual(
      pairedClusterBootstrap(d, { seed: 7, resamples: 500 }),
    );
  });

  it('gives no interval when every difference is equal: resampling them can only give that point', () => {
    expect(pairedClusterBootstrap(Float64Array.from([0.2, 0.2, 0.2]), { resamples: 100 })).toBeNull();
    expect(pairedClusterBootstrap(Float64Array.from([0.8 - 1, 0.2 - 0.4]), { resamples: 100 })).toBeNull();
  });

  it('gives no interval for fewer than two clusters: one cluster resampled is a point', () => {
    expect(pairedClusterBootstrap(Float64Array.from([]))).toBeNull();
    expect(pairedClusterBootstrap(Float64Array.from([-0.4]))).toBeNull();
  });

  it('agrees with the normal interval for many clusters (both estimate the same standard error)', () => {
    const d = Float64Array.from({ length: 400 }, (_, i) => ((i * 7919) % 11) / 5 - 1);
    const boot = pairedClusterBootstrap(d, { resamples: 4000 })!;
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    const sd = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / (d.length - 1));
    const width = 2 * 1.959963984540054 * (sd / Math.sqrt(d.length));
    expect(boot.high - boot.low).toBeGreaterThan(width * 0.9);
    expect(boot.high - boot.low).toBeLessThan(width * 1.1);
  });

  it('is symmetric under swapping sides: the interval of -d is minus the interval of d', () => {
    fc.assert(
      fc.property(differences, fc.integer({ min: 1, max: 1000 }), (values, seed) => {
        const d = Float64Array.from(values);
        const a = pairedClusterBootstrap(d, { seed, resamples: 201 });
        const b = pairedClusterBootstrap(
          d.map((x) => -x),
          { seed, resamples: 201 },
        );
        expect(b === null).toBe(a === null);
        if (a && b) {
          expect(b.low).toBeCloseTo(-a.high, 12);
          expect(b.high).toBeCloseTo(-a.low, 12);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('narrows as clusters are added', () => {
    fc.assert(
      fc.property(differences, (values) => {
        fc.pre(new Set(values).size > 1);
        const once = pairedClusterBootstrap(Float64Array.from(values), { resamples: 2000 })!;
        const four = pairedClusterBootstrap(Float64Array.from([...values, ...values, ...values, ...values]), {
          resamples: 2000,
        })!;
        expect(four.high - four.low).toBeLessThan(once.high - once.low);
      }),
      { numRuns: 30 },
    );
  });
});

const counts = fc.array(
  fc
    .tuple(
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 6 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
    )
    .map(([baseRuns, headRuns, u, v]) => ({
      baseRuns,
      headRuns,
      basePassed: Math.floor(u * (baseRuns + 1)) % (baseRuns + 1),
      headPassed: Math.floor(v * (headRuns + 1)) % (headRuns + 1),
    })),
  { minLength: 2, maxLength: 30 },
);

describe('compareSuite', () => {
  const settings = { ...DEFAULT_SETTINGS, resamples: 300 };

  it('flips the sign and mirrors the verdict when the sides are swapped', () => {
    const mirror = {
      improved: 'regressed',
      regressed: 'improved',
      unchanged: 'unchanged',
      inconclusive: 'inconclusive',
    };
    fc.assert(
      fc.property(counts, (pairs) => {
        const ab = compareSuite(pairs, settings);
        const ba = compareSuite(
          pairs.map((p) => ({
            baseRuns: p.headRuns,
            basePassed: p.headPassed,
            headRuns: p.baseRuns,
            headPassed: p.basePassed,
          })),
          settings,
        );
        expect(ba.difference).toBeCloseTo(-ab.difference!, 12);
        expect(ba.pValue).toBeCloseTo(ab.pValue!, 12);
        expect(ba.interval === null).toBe(ab.interval === null);
        if (ba.interval && ab.interval) expect(ba.interval.low).toBeCloseTo(-ab.interval.high, 12);
        expect(ba.verdict).toBe(mirror[ab.verdict]);
      }),
      { numRuns: 100 },
    );
  });

  it('with no conversation compared has no rates: not "0.0% → 0.0%"', () => {
    expect(compareSuite([], settings)).toMatchObject({ baseRate: null, headRate: null, difference: null });
  });

  it('with fewer than two conversations estimates no interval and runs no test', () => {
    for (const pairs of [
      [],
      [{ baseRuns: 5, basePassed: 5, headRuns: 5, headPassed: 2 }],
      [{ baseRuns: 1, basePassed: 1, headRuns: 1, headPassed: 0 }],
    ]) {
      expect(compareSuite(pairs, settings)).toMatchObject({
        conversations: pairs.length,
        interval: null,
        pValue: null,
        minimumDetectableChange: null,
        verdict: 'inconclusive',
      });
    }
  });

  it('every conversation changed alike: an exact test, no interval, no certainty', () => {
    const same = (n: number, pair: PairedCounts) => Array.from({ length: n }, () => pair);
    // 2 × (2/2 → 1/2): each lost run is as likely on either side under "no change" (the t-test's
    // "p = 0" was a certainty from two conversations).
    const two = compareSuite(same(2, { baseRuns: 2, basePassed: 2, headRuns: 2, headPassed: 1 }), settings);
    expect(two).toMatchObject({ test: 'permutation-exact', interval: null, verdict: 'inconclusive' });
    expect(two.pValue).toBeCloseTo(0.5, 12);
    const { mde } = settings;
    expect(two.minimumDetectableChange ?? 1).toBeGreaterThan(mde);
    // Six conversations that all lost a run of five: 2/2^6 of the splits are as extreme.
    const six = compareSuite(same(6, { baseRuns: 5, basePassed: 5, headRuns: 5, headPassed: 4 }), settings);
    expect(six).toMatchObject({ test: 'permutation-exact', interval: null, verdict: 'regressed' });
    expect(six.pValue).toBeCloseTo(1 / 32, 12);
    // Nothing changed and nothing varied: p = 1, and the power analysis still plans with the
    // variance a change would bring, so it claims no zero-width detectable change.
    const none = compareSuite(same(20, { baseRuns: 5, basePassed: 5, headRuns: 5, headPassed: 5 }), settings);
    expect(none).toMatchObject({ test: 'permutation-exact', pValue: 1, interval: null, verdict: 'unchanged' });
    expect(none.minimumDetectableChange).toBeGreaterThan(0.05);
    expect(none.repeatsToDetect).toBeGreaterThan(1);
  });

  it('uses exact McNemar when every conversation ran once per side', () => {
    const pairs = [
      ...Array.from({ length: 9 }, () => ({ baseRuns: 1, basePassed: 1, headRuns: 1, headPassed: 0 })),
      ...Array.from({ length: 1 }, () => ({ baseRuns: 1, basePassed: 0, headRuns: 1, headPassed: 1 })),
      ...Array.from({ length: 20 }, () => ({ baseRuns: 1, basePassed: 1, headRuns: 1, headPassed: 1 })),
    ];
    const suite = compareSuite(pairs, settings);
    expect(suite.test).toBe('mcnemar-exact');
    expect(suite).toMatchObject({ passedToFailed: 9, failedToPassed: 1, verdict: 'regressed' });
    expect(suite.pValue).toBeCloseTo(0.021484375, 12);
  });
});

describe('holmAdjust (statsmodels 0.13.5, multipletests(p, method="holm")[1])', () => {
  it.each([
    [
      [0.01, 0.04, 0.03, 0.005],
      [0.03, 0.06, 0.06, 0.02],
    ],
    [
      [0.2, 0.001, 0.03, 0.04, 0.5, 0.011],
      [0.4, 0.006, 0.12, 0.12, 0.5, 0.055],
    ],
  ])('%j', (p, adjusted) => {
    holmAdjust(p).forEach((value, i) => expect(value).toBeCloseTo(adjusted[i] as number, 12));
  });
});

// SciPy 1.17.1: the exact power of fisher_exact at alpha, summed over every table:
//   sum(binom.pmf(x, n1, p1) * binom.pmf(y, n2, p2) for x in range(n1 + 1) for y in range(n2 + 1)
//       if fisher_exact([[x, n1 - x], [y, n2 - y]]).pvalue < alpha)
describe('power: exact, of the tests the comparison runs (SciPy 1.17.1 fisher_exact summed over tables)', () => {
  it.each([
    [40, 40, 1.0, 0.9, 0.05, 0.20627266871283947],
    [38, 38, 1.0, 0.9, 0.05, 0.17474764088361872],
    [30, 30, 0.5, 0.4, 0.05, 0.07669576686388672],
    [20, 12, 0.7, 0.35, 0.01, 0.21931125243015612],
    [5, 5, 1.0, 0.0, 0.05 / 50, 0],
    [5, 5, 1.0, 0.0, 0.05, 1],
  ])('Fisher, %i runs at %f vs %i at %f, alpha %f', (n1, n2, p1, p2, alpha, power) => {
    expect(fisherPower(n1, n2, p1, p2, alpha)).toBeCloseTo(power, 10);
  });

  it("Fisher's power counts exactly the tables fisherExact rejects, ties with alpha included", () => {
    // 1 run against 4, 4 passes: the table with the failure on side A has p = 0.2 exactly.
    expect(fisherPower(1, 4, 0, 1, 0.2)).toBe(fisherExact(0, 1, 4, 4) < 0.2 ? 1 : 0);
    const binomial = (x: number, n: number, p: number): number => {
      let c = 1;
      for (let i = 0; i < x; i++) c = (c * (n - i)) / (i + 1);
      return c * p ** x * (1 - p) ** (n - x);
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 14 }),
        fc.integer({ min: 1, max: 14 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(0.05, 0.01, 0.05 / 7, 0.2),
        (n1, n2, p1, p2, alpha) => {
          let power = 0;
          for (let x = 0; x <= n1; x++)
            for (let y = 0; y <= n2; y++)
              if (fisherExact(x, n1, y, n2) < alpha) power += binomial(x, n1, p1) * binomial(y, n2, p2);
          expect(fisherPower(n1, n2, p1, p2, alpha)).toBeCloseTo(power, 10);
        },
      ),
    );
  });

  it("McNemar's power counts exactly the outcomes mcnemarExact rejects", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 16 }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        (pairs, down, up) => {
          // Multinomial over (passed → failed, failed → passed, unchanged) per conversation.
          let power = 0;
          const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
          for (let b = 0; b <= pairs; b++)
            for (let c = 0; b + c <= pairs; c++) {
              if (mcnemarExact(b, c) >= 0.05) continue;
              const ways = factorial(pairs) / (factorial(b) * factorial(c) * factorial(pairs - b - c));
              power += ways * down ** b * up ** c * (1 - down - up) ** (pairs - b - c);
            }
          expect(mcnemarPower(pairs, down, up, 0.05)).toBeCloseTo(power, 10);
        },
      ),
    );
  });

  it('a 100% base rate: 40 runs per side detect a drop of 19 points, not 9.5; 78 runs detect 10 points', () => {
    // The normal approximation (Cohen's h) claimed 9.5 points and 38 runs: Fisher needs six failures
    // against none, which 40 runs at 90% give only 21% of the time (SciPy: power 0.80000000046 at
    // a drop of 0.1904638, 0.7997 at 0.1904; 0.8042 with 78 runs, 0.7941 with 77).
    const settings = { alpha: 0.05, power: 0.8 };
    expect(minimumDetectableChange(1, 40, 40, settings)).toBeCloseTo(0.1904638, 6);
    expect(runsToDetect(1, 0.1, settings)).toBe(78);
  });

  it('the runs it asks for reach the power, and one fewer does not', () => {
    for (const [p, drop, alpha] of [
      [0.9, 0.1, 0.05],
      [0.5, 0.2, 0.05],
      [0.7, 0.15, 0.01],
      [0.2, 0.1, 0.05 / 20],
    ] as const) {
      const n = runsToDetect(p, drop, { alpha, power: 0.8 }) as number;
      const q = Math.max(p, 1 - p);
      expect(fisherPower(n, n, q, q - drop, alpha)).toBeGreaterThanOrEqual(0.8);
      expect(fisherPower(n - 1, n - 1, q, q - drop, alpha)).toBeLessThan(0.8);
    }
    expect(runsToDetect(0.5, 0.6, { alpha: 0.05, power: 0.8 })).toBeNull();
  });

  it('5 runs per side after Holm over 50 conversations detect nothing: Fisher cannot reach alpha / 50', () => {
    expect(minimumDetectableChange(1, 5, 5, { alpha: 0.05 / 50, power: 0.8 })).toBeNull();
    expect(minimumDetectableChange(1, 5, 5, { alpha: 0.05, power: 0.8 })).not.toBeNull();
  });

  it('suite of single runs: planned with exact McNemar (5 conversations can never reject)', () => {
    const settings = { alpha: 0.05, power: 0.8 };
    const tPlan = { minimumDetectableChange: 0.5, repeatsToDetect: 3 };
    // 2^(1-5) = 0.0625: five discordant pairs all one way are not significant.
    expect(singleRunSuitePower(5, 0, 0.1, settings, tPlan)).toEqual({
      minimumDetectableChange: null,
      repeatsToDetect: 3,
    });
    const forty = singleRunSuitePower(40, 0, 0.1, settings, tPlan);
    expect(forty.minimumDetectableChange).toBeCloseTo(0.1904638, 6);
    expect(mcnemarPower(40, forty.minimumDetectableChange as number, 0, 0.05)).toBeGreaterThanOrEqual(0.8);
    expect(singleRunSuitePower(200, 0, 0.1, settings, tPlan).repeatsToDetect).toBe(1);
  });

  it('shrinks as runs are added', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 2, max: 40 }), (p, n) => {
        const few = minimumDetectableChange(p, n, n, { alpha: 0.05, power: 0.8 }) ?? Infinity;
        const more = minimumDetectableChange(p, n * 2, n * 2, { alpha: 0.05, power: 0.8 }) ?? Infinity;
        expect(more).toBeLessThanOrEqual(few);
      }),
    );
  });
});
