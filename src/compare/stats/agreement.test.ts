// Agreement statistics against hand-computed and scikit-learn values, and the bootstrap's behaviour.
import { describe, expect, it } from 'vitest';
import { agreementOf, balancedAccuracy, cohensKappa, type LabelPair } from './agreement.js';
import { flipRate } from '../../model/calibration.js';

function pairs(passPass: number, passFail: number, failPass: number, failFail: number): LabelPair[] {
  const of = (n: number, human: boolean, judge: boolean) => Array.from({ length: n }, () => ({ human, judge }));
  return [
    ...of(passPass, true, true),
    ...of(passFail, true, false),
    ...of(failPass, false, true),
    ...of(failFail, false, false),
  ];
}

describe('cohensKappa', () => {
  it('is (po − pe) / (1 − pe) on 2×2 tables', () => {
    // po 0.7; marginals 0.5 and 0.6: pe 0.5 → 0.4
    expect(cohensKappa({ passPass: 20, passFail: 5, failPass: 10, failFail: 15 })).toBeCloseTo(0.4, 12);
    // po 0.8; marginals 0.6 and 0.5: pe 0.5 → 0.6
    expect(cohensKappa({ passPass: 45, passFail: 15, failPass: 5, failFail: 35 })).toBeCloseTo(0.6, 12);
    expect(cohensKappa({ passPass: 10, passFail: 0, failPass: 0, failFail: 10 })).toBe(1);
    // Chance agreement 1: undefined.
    expect(cohensKappa({ passPass: 10, passFail: 0, failPass: 0, failFail: 0 })).toBeNaN();
  });
});

describe('agreementOf', () => {
  it('reports n, agreement, kappa with an interval around it, balanced accuracy and the confusion matrix', () => {
    const a = agreementOf(pairs(20, 5, 10, 15), { seed: 7 });
    expect(a).toMatchObject({
      n: 50,
      agreement: 0.7,
      confusion: { passPass: 20, passFail: 5, failPass: 10, failFail: 15 },
    });
    expect(a.kappa).toBeCloseTo(0.4, 12);
    expect(a.balancedAccuracy).toBeCloseTo((20 / 25 + 15 / 25) / 2, 12);
    expect(a.kappaInterval!.low).toBeLessThan(0.4);
    expect(a.kappaInterval!.high).toBeGreaterThan(0.4);
    expect(a.kappaInterval!.high - a.kappaInterval!.low).toBeLessThan(0.6);
    expect(agreementOf(pairs(20, 5, 10, 15), { seed: 7 }).kappaInterval).toEqual(a.kappaInterval);
  });

  it('gives κ no interval when a rater gave one class: κ is 0 by construction, whatever the sample', () => {
    // The reviewer's case: 10 human passes, judged 10 pass and 2 fail, read κ 0 with [−1.00, 0.72].
    const humansPass = agreementOf(pairs(10, 2, 0, 0));
    expect(humansPass.kappa).toBe(0);
    expect(humansPass.kappaInterval).toBeUndefined();
    expect(humansPass.kappaIntervalReason).toBe(
      'no interval: every human label is pass, so κ is 0 whatever the judge says',
    );
    expect(agreementOf(pairs(0, 0, 3, 2)).kappaIntervalReason).toMatch(/every human label is fail/);
    expect(agreementOf(pairs(0, 10, 0, 0)).kappaIntervalReason).toMatch(/every human label is pass/);
    const judgePasses = agreementOf(pairs(30, 0, 10, 0));
    expect([judgePasses.kappa, judgePasses.kappaInterval]).toEqual([0, undefined]);
    expect(judgePasses.kappaIntervalReason).toBe(
      'no interval: the judge said pass to every example, so κ is 0 whatever the labels',
    );
    // Both classes on both sides: an interval, and no reason; κ undefined: neither.
    expect(agreementOf(pairs(20, 5, 10, 15)).kappaIntervalReason).toBeUndefined();
    expect(agreementOf(pairs(10, 0, 0, 0)).kappaIntervalReason).toBeUndefined();
  });

  it('leaves undefined what one class cannot define', () => {
    const a = agreementOf(pairs(10, 2, 0, 0));
    expect(a.kappa).toBe(0); // the judge varies, the humans do not: agreement is exactly chance
    expect(a.balancedAccuracy).toBeUndefined();
    const none = agreementOf([]);
    expect([none.n, none.kappa, none.kappaInterval, none.balancedAccuracy]).toEqual([
      0,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('covers the true kappa about 95% of the time when the judge flips labels at random', () => {
    // 200 examples, half pass; the judge flips each with probability 0.2: kappa = 1 − 2·0.2 = 0.6.
    let covered = 0;
    let seed = 1;
    const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 100; trial++) {
      const sample = Array.from({ length: 200 }, (_, i) => {
        const human = i % 2 === 0;
        return { human, judge: rnd() < 0.2 ? !human : human };
      });
      const ci = agreementOf(sample, { seed: trial + 1, resamples: 400 }).kappaInterval!;
      if (ci.low <= 0.6 && 0.6 <= ci.high) covered += 1;
    }
    expect(covered).toBeGreaterThanOrEqual(88);
  });

  it('keeps a width where every example agrees: κ 1.00 from 30 labels is no certainty', () => {
    const ci = agreementOf(pairs(15, 0, 0, 15)).kappaInterval!;
    // The Wilson lower limit of 30/30 agreements, 30 / (30 + 1.96²) = 0.8865, through κ = (p₀ − 0.5) / 0.5.
    expect(ci.low).toBeCloseTo(0.773, 3);
    expect(ci.high).toBe(1);
    // More labels, a narrower interval; still not a point.
    const more = agreementOf(pairs(60, 0, 0, 60)).kappaInterval!;
    expect(more.low).toBeGreaterThan(ci.low);
    expect(more.low).toBeLessThan(1);
  });

  it('covers a high kappa from few labels about 95% of the time', () => {
    // 30 examples, half pass; the judge flips each with probability 0.05: kappa = 1 − 2·0.05 = 0.9.
    // (The percentile bootstrap alone covered it about 75% of the time.)
    let covered = 0;
    let trials = 0;
    let seed = 3;
    const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 200; trial++) {
      const sample = Array.from({ length: 30 }, (_, i) => {
        const human = i % 2 === 0;
        return { human, judge: rnd() < 0.05 ? !human : human };
      });
      const ci = agreementOf(sample, { seed: trial + 1, resamples: 400 }).kappaInterval;
      if (!ci) continue;
      trials += 1;
      if (ci.low <= 0.9 && 0.9 <= ci.high) covered += 1;
    }
    expect(covered / trials).toBeGreaterThanOrEqual(0.92);
  });
});

describe('balancedAccuracy and flipRate', () => {
  it('balanced accuracy is the mean recall on each human class', () => {
    expect(balancedAccuracy({ passPass: 90, passFail: 0, failPass: 10, failFail: 0 })).toBe(0.5);
  });
  it('flip rate is the chance two judgments of one transcript differ', () => {
    expect(flipRate(0, 5)).toBe(0);
    expect(flipRate(5, 5)).toBe(0);
    expect(flipRate(1, 2)).toBe(1);
    expect(flipRate(2, 4)).toBeCloseTo(8 / 12, 12);
    expect(flipRate(1, 1)).toBe(0);
  });
});
