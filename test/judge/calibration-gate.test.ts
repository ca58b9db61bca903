// Stored calibrations and the gate: fresh only under the same fingerprint, calibrated only at or above
// the floor, and a require'd judge expectation without one is an error that says why.
import { describe, expect, it } from 'vitest';
import {
  CalibrationGate,
  judgeAssertion,
  fingerprintKey,
  fingerprintOf,
  notCalibrated,
  saveCalibration,
  withCalibration,
  type JudgeIdentity,
  type StoredCalibration,
} from '../../src/judge/index.js';
import { tempCache } from './helpers.js';

const JUDGE: JudgeIdentity = { backend: 'gemini', model: 'gemini-2.5-flash', temperature: 0, samples: 1 };

function stored(criterion: string, kappa: number | null, judge = JUDGE, n = 40): StoredCalibration {
  const fingerprint = fingerprintOf(criterion, judge);
  return {
    criterion,
    fingerprint,
    fingerprintKey: fingerprintKey(fingerprint),
    n,
    errors: 0,
    agreement: 0.9,
    kappa,
    kappaInterval: kappa === null ? null : { low: kappa - 0.1, high: kappa + 0.1 },
    balancedAccuracy: 0.9,
    confusion: { passPass: 18, passFail: 2, failPass: 2, failFail: 18 },
    disagreements: [],
    calibratedAt: '2026-12-06T22:00:00.000Z',
    labels: ['labels.yaml'],
  };
}

describe('CalibrationGate', () => {
  it('tells calibrated, below the floor, stale and missing apart', async () => {
    const dir = await tempCache();
    try {
      await saveCalibration(dir.dir, stored('polite', 0.82));
      await saveCalibration(dir.dir, stored('weak', 0.41));
      await saveCalibration(dir.dir, stored('old model', 0.9, { ...JUDGE, model: 'gemini-2.0-flash' }));
      const gate = new CalibrationGate(dir.dir, { minKappa: 0.6, require: true });
      expect(await gate.status('polite', JUDGE)).toEqual({
        calibrated: true,
        summary: 'calibrated: κ 0.82 (95% CI 0.72–0.92, n 40)',
        kappa: 0.82,
        kappaInterval: { low: 0.82 - 0.1, high: 0.82 + 0.1 },
        n: 40,
        calibratedAt: '2026-12-06T22:00:00.000Z',
        minKappa: 0.6,
        minLabels: 30,
      });
      expect((await gate.status('weak', JUDGE)).summary).toBe(
        'not calibrated: κ 0.41 (95% CI 0.31–0.51, n 40) is below minKappa 0.6',
      );
      expect(await gate.status('old model', JUDGE)).toEqual({
        calibrated: false,
        summary:
          'not calibrated: its calibration is stale (model gemini-2.0-flash → gemini-2.5-flash): ' +
          'run cxas-eval judge calibrate again',
        minKappa: 0.6,
        minLabels: 30,
      });
      // Another sample count is another judge.
      expect((await gate.status('polite', { ...JUDGE, samples: 3 })).summary).toMatch(/stale \(samples 1 → 3\)/);
      expect((await gate.status('never labelled', JUDGE)).summary).toBe(
        'not calibrated: no calibration for this criterion and judge (cxas-eval judge calibrate)',
      );
    } finally {
      await dir.cleanup();
    }
  });

  it('calibrates no criterion from fewer than minLabels examples, whatever its kappa', async () => {
    const dir = await tempCache();
    try {
      await saveCalibration(dir.dir, stored('two labels', 1, JUDGE, 2));
      await saveCalibration(dir.dir, stored('thirty labels', 0.7, JUDGE, 30));
      const byDefault = new CalibrationGate(dir.dir, {});
      expect(await byDefault.status('two labels', JUDGE)).toMatchObject({
        calibrated: false,
        summary: 'not calibrated: κ 1.00 (95% CI 0.90–1.10, n 2): 2 labelled example(s), fewer than minLabels 30',
        n: 2,
        minLabels: 30,
      });
      expect((await byDefault.status('thirty labels', JUDGE)).calibrated).toBe(true);
      const relaxed = new CalibrationGate(dir.dir, { minLabels: 2 });
      expect(await relaxed.status('two labels', JUDGE)).toMatchObject({ calibrated: true, minLabels: 2 });
      const stricter = new CalibrationGate(dir.dir, { minLabels: 31 });
      expect((await stricter.status('thirty labels', JUDGE)).summary).toMatch(/fewer than minLabels 31$/);
    } finally {
      await dir.cleanup();
    }
  });

  it('calibrates no criterion whose calibration had judge errors, as judge calibrate rejected it', async () => {
    const dir = await tempCache();
    try {
      // 4 of 8 examples answered; the 4 that were judged agree, so κ alone would clear the floor.
      await saveCalibration(dir.dir, { ...stored('half failed', 1, JUDGE, 4), errors: 4 });
      const gate = new CalibrationGate(dir.dir, { minLabels: 4, require: true });
      expect(await gate.status('half failed', JUDGE)).toMatchObject({
        calibrated: false,
        summary:
          'not calibrated: κ 1.00 (95% CI 0.90–1.10, n 4): the judge failed on 4 of 8 labelled example(s) ' +
          '(judge calibrate again once it answers)',
      });
    } finally {
      await dir.cleanup();
    }
  });

  it('finds a calibration stored with a masked criterion by its real fingerprint, and tells it stale', async () => {
    const dir = await tempCache();
    try {
      const secret = 'never reads back card 4111-9999';
      const mask = (t: string) => t.replace(/4111-\d{4}/g, '[REDACTED]');
      // As judge calibrate stores it: the criterion masked, the key of the real criterion's fingerprint.
      const masked = (judge: JudgeIdentity) => ({ ...stored(secret, 0.9, judge), criterion: mask(secret) });
      await saveCalibration(dir.dir, masked(JUDGE));
      const gate = new CalibrationGate(dir.dir, {}, undefined, mask);
      expect((await gate.status(secret, JUDGE)).calibrated).toBe(true);
      expect((await gate.status(secret, { ...JUDGE, samples: 3 })).summary).toMatch(/stale \(samples 1 → 3\)/);
    } finally {
      await dir.cleanup();
    }
  });

  it('puts the status in the verdict, and refuses an uncalibrated criterion under require', async () => {
    const status = { calibrated: false, summary: 'not calibrated: no calibration', minKappa: 0.6, minLabels: 30 };
    const verdict = withCalibration(
      { pass: true, message: 'expected "x"; judge says', negatedMessage: 'n', expected: 'x', actual: 'r', details: {} },
      status,
    );
    expect(verdict).toMatchObject({
      message: 'expected "x"; judge says [not calibrated: no calibration]',
      details: { calibration: status },
    });
    // A simulation goal's grade says it too.
    const goal = judgeAssertion(
      { matcher: 'judge', options: { prompt: 'x' }, negated: false },
      'x',
      { status: 'failed', reason: 'no', evidenceTurns: [], votes: '1/1', calls: [] },
      status,
    );
    expect(goal).toMatchObject({ status: 'failed', details: { calibration: status } });
    expect(goal.message).toMatch(/\[not calibrated: no calibration\]$/);
    expect(notCalibrated(status, 'x')).toEqual({
      error: 'judge error (JUDGE_NOT_CALIBRATED): judge not calibrated for this criterion: no calibration',
      expected: 'x',
      details: { code: 'JUDGE_NOT_CALIBRATED', calibration: status },
    });
  });
});
