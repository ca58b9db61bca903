// `judge calibrate`: the labelled examples judged (N times each with --stability), summarized per
// criterion with src/compare's agreement statistics, and the stability of repeated judgments.
import { agreementOf, type LabelPair } from '../compare/index.js';
import { fingerprintKey, fingerprintOf, stabilityOf, type JudgeIdentity, type JudgeOutcome } from '../judge/index.js';
import type { CalibrationExample as ReportedExample, CriterionCalibration } from '../model/calibration.js';
import type { CalibrationExample } from './calibrate-examples.js';

export interface Judged {
  example: CalibrationExample;
  /** One outcome per repetition; the first is the calibration's judgment. */
  outcomes: JudgeOutcome[];
}

export interface StatsOptions {
  seed: number;
  resamples: number;
  repeats: number;
}

/**
 * One calibration per criterion and sample count: a spec expectation with its own `samples:` is
 * another judge (its fingerprint says so), calibrated with the samples a run will ask it with.
 */
export function criterionCalibrations(
  judged: readonly Judged[],
  judge: JudgeIdentity,
  options: StatsOptions,
): CriterionCalibration[] {
  const groups = new Map<string, { criterion: string; identity: JudgeIdentity; items: Judged[] }>();
  for (const j of judged) {
    const { criterion } = j.example;
    const identity = { ...judge, samples: j.example.samples ?? judge.samples };
    const key = JSON.stringify([criterion, identity.samples]);
    const group = groups.get(key) ?? { criterion, identity, items: [] };
    group.items.push(j);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => calibrationOf(g.criterion, g.items, g.identity, options));
}

function calibrationOf(
  criterion: string,
  items: readonly Judged[],
  judge: JudgeIdentity,
  options: StatsOptions,
): CriterionCalibration {
  const pairs: LabelPair[] = [];
  const disagreements: ReportedExample[] = [];
  const errored: ReportedExample[] = [];
  for (const { example, outcomes } of items) {
    const outcome = outcomes[0]!;
    const human = example.label.verdict;
    if (outcome.status === 'error') {
      errored.push(reported(example, 'error', `${outcome.code}: ${outcome.reason}`));
      continue;
    }
    const said = outcome.status === 'passed' ? 'pass' : 'fail';
    pairs.push({ human: human === 'pass', judge: said === 'pass' });
    if (said !== human) disagreements.push(reported(example, said, outcome.reason));
  }
  const a = agreementOf(pairs, { seed: options.seed, resamples: options.resamples });
  const fingerprint = fingerprintOf(criterion, judge);
  return {
    criterion,
    fingerprint,
    fingerprintKey: fingerprintKey(fingerprint),
    n: a.n,
    errors: errored.length,
    agreement: a.n ? a.agreement : null,
    kappa: a.kappa ?? null,
    kappaInterval: a.kappaInterval ?? null,
    ...(a.kappaIntervalReason !== undefined && { kappaIntervalReason: a.kappaIntervalReason }),
    balancedAccuracy: a.balancedAccuracy ?? null,
    confusion: a.confusion,
    disagreements: [...disagreements, ...errored],
    ...(options.repeats > 1 ? { stability: stabilityOf(items, options.repeats) } : {}),
  };
}

function reported(example: CalibrationExample, judge: ReportedExample['judge'], reasoning: string): ReportedExample {
  const note = example.label.note;
  return {
    label: example.where,
    transcript: example.transcript,
    human: example.label.verdict,
    judge,
    reasoning,
    ...(note ? { note } : {}),
  };
}
