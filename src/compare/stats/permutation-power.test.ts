// The suite plan's properties; test/compare/simulation.test.ts checks that what it plans is detected.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { permutationSuitePower, type PlannedConversation } from './permutation-power.js';

const settings = { alpha: 0.05, power: 0.8 };

const planned = fc.array(
  fc.record({
    rate: fc.double({ min: 0, max: 1, noNaN: true }),
    baseRuns: fc.integer({ min: 1, max: 12 }),
    headRuns: fc.integer({ min: 1, max: 12 }),
  }),
  { minLength: 2, maxLength: 60 },
);

describe('permutationSuitePower', () => {
  it('plans nothing for fewer than two conversations (the suite is not tested then)', () => {
    expect(permutationSuitePower([{ rate: 1, baseRuns: 50, headRuns: 50 }], 0.1, settings)).toEqual({
      minimumDetectableChange: null,
      repeatsToDetect: null,
    });
  });

  it('never claims a zero detectable change, even where no run varied', () => {
    fc.assert(
      fc.property(planned, (conversations) => {
        expect(permutationSuitePower(conversations, 0.1, settings).minimumDetectableChange ?? 1).toBeGreaterThan(0);
      }),
    );
    const allPassed = Array.from({ length: 30 }, () => ({ rate: 1, baseRuns: 10, headRuns: 10 }));
    expect(permutationSuitePower(allPassed, 0.1, settings).minimumDetectableChange).toBeGreaterThan(0.02);
  });

  it('is the same plan with the sides swapped', () => {
    fc.assert(
      fc.property(planned, (conversations) => {
        const swapped = conversations.map((c) => ({ rate: c.rate, baseRuns: c.headRuns, headRuns: c.baseRuns }));
        expect(permutationSuitePower(swapped, 0.1, settings)).toEqual(
          permutationSuitePower(conversations, 0.1, settings),
        );
      }),
    );
  });

  it('the repeats it asks for detect the target, and one fewer does not', () => {
    // Rates from 1/2 up and targets below them: the change planned is the target itself (no rate
    // falls to 0, none is mirrored).
    const rates = fc.array(fc.double({ min: 0.5, max: 1, noNaN: true }), { minLength: 2, maxLength: 60 });
    fc.assert(
      fc.property(rates, fc.double({ min: 0.03, max: 0.5, noNaN: true }), (values, target) => {
        const at = (runs: number): PlannedConversation[] =>
          values.map((rate) => ({ rate, baseRuns: runs, headRuns: runs }));
        const { repeatsToDetect } = permutationSuitePower(at(3), target, settings);
        expect(repeatsToDetect).not.toBeNull();
        const enough = repeatsToDetect as number;
        const mde = (runs: number) => permutationSuitePower(at(runs), target, settings).minimumDetectableChange;
        expect(mde(enough)).toBeLessThanOrEqual(target + 1e-6);
        if (enough > 1) expect(mde(enough - 1) ?? 1).toBeGreaterThan(target - 1e-6);
      }),
      { numRuns: 60 },
    );
  });

  it('shrinks as runs are added, and unequal runs plan for the weaker side', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 1, noNaN: true }), fc.integer({ min: 2, max: 40 }), (rate, n) => {
        const at = (base: number, head: number) =>
          permutationSuitePower(
            Array.from({ length: n }, () => ({ rate, baseRuns: base, headRuns: head })),
            0.1,
            settings,
          ).minimumDetectableChange ?? Infinity;
        expect(at(10, 10)).toBeLessThanOrEqual(at(5, 5));
        // One base run against ten head runs detects less than five against five (the same 11 runs).
        expect(at(1, 10)).toBeGreaterThanOrEqual(at(5, 5));
      }),
    );
  });
});
