// When the humans (or the judge) gave one class only, κ is 0 by construction: no interval means
// anything, so none is reported, and every place that prints κ's interval says why instead.
import { describe, expect, it } from 'vitest';
import { criterionCalibrations, type Judged } from '../../src/cli/calibrate-stats.js';
import { CalibrationGate, saveCalibration, type JudgeIdentity } from '../../src/judge/index.js';
import type { CalibrationReport } from '../../src/model/calibration.js';
import { calibrationHtml, calibrationText } from '../../src/reporters/index.js';
import { tempCache } from './helpers.js';

const JUDGE: JudgeIdentity = { backend: 'gemini', model: 'gemini-2.5-flash', temperature: 0, samples: 1 };
const CRITERION = 'The agent states the balance';
const REASON = 'no interval: every human label is pass, so κ is 0 whatever the judge says';

/** The reviewer's case: 12 examples a person passed, the judge passed 10 and failed 2. */
function judged(): Judged[] {
  return Array.from({ length: 12 }, (_, i) => ({
    example: {
      label: {
        file: 'labels.yaml',
        loc: { file: 'labels.yaml', line: i + 1, col: 3 },
        criterion: CRITERION,
        transcript: { kind: 'inline', turns: [{ user: `hi ${i}` }] },
        verdict: 'pass',
      },
      where: `labels.yaml:${i + 1}:3`,
      criterion: CRITERION,
      turns: [],
      transcript: 'inline transcript',
      transcriptKey: `t${i}`,
    },
    outcomes: [{ status: i < 10 ? 'passed' : 'failed', reason: 'r', evidenceTurns: [], votes: '1/1', calls: [] }],
  }));
}

describe('κ of labels that are all one class', () => {
  const [calibration] = criterionCalibrations(judged(), JUDGE, { seed: 1, resamples: 500, repeats: 1 });

  it('has no interval, and says why', () => {
    expect(calibration).toMatchObject({ n: 12, kappa: 0, kappaInterval: null, kappaIntervalReason: REASON });
  });

  it('prints the reason where the interval would be: console and HTML', () => {
    const report: CalibrationReport = {
      kind: 'cxas-eval-calibration',
      version: 1,
      createdAt: '2026-12-08T00:00:00.000Z',
      toolVersion: 'test',
      judge: { promptVersion: calibration!.fingerprint.promptVersion, ...JUDGE },
      labels: ['labels.yaml'],
      confidence: 0.95,
      resamples: 500,
      seed: 1,
      criteria: [calibration!],
    };
    expect(calibrationText(report)).toContain(`Cohen's κ 0.00 (${REASON}), balanced accuracy –`);
    expect(calibrationHtml(report)).toContain(`<td class="kappa">0.00</td><td>${REASON}</td>`);
  });

  it('the run gate reads a calibration stored with the old interval as having none, and says why', async () => {
    const dir = await tempCache();
    try {
      // As stored before: κ 0 with the interval [−1.00, 0.72].
      await saveCalibration(dir.dir, {
        ...calibration!,
        kappaInterval: { low: -1, high: 0.7182091468968769 },
        kappaIntervalReason: undefined,
        calibratedAt: '2026-12-06T22:00:00.000Z',
        labels: ['labels.yaml'],
      });
      const status = await new CalibrationGate(dir.dir, { minLabels: 12 }).status(CRITERION, JUDGE);
      expect(status).toMatchObject({
        calibrated: false,
        summary: `not calibrated: κ 0.00 (${REASON}; n 12) is below minKappa 0.6`,
        kappa: 0,
        kappaInterval: null,
        kappaIntervalReason: REASON,
      });
    } finally {
      await dir.cleanup();
    }
  });
});
