// The judge checked against human labels (`cxas-eval judge calibrate`, README "Calibrating the
// judge"): per criterion, agreement statistics and each disagreement, stored under a fingerprint of
// the judge configuration so a run can tell whether its judge verdicts are calibrated.

/** What a calibration holds for: change any part and the calibration is stale. */
export interface CalibrationFingerprint {
  criterion: string;
  promptVersion: string;
  backend: string;
  model: string;
  temperature: number;
  samples: number;
}

/** Human verdict × judge verdict (`pass` the positive class). */
interface CalibrationConfusion {
  passPass: number;
  passFail: number;
  failPass: number;
  failFail: number;
}

interface CalibrationInterval {
  low: number;
  high: number;
}

/** One labelled example as judged. */
export interface CalibrationExample {
  /** The label's place: `file:line:col`. */
  label: string;
  /** Where the transcript came from: `run label › conversation (turn n)` or `inline transcript`. */
  transcript: string;
  human: 'pass' | 'fail';
  judge: 'pass' | 'fail' | 'error';
  /** The judge's reasoning, or the error's reason. */
  reasoning: string;
  note?: string;
}

/** Repeated judgments of fixed transcripts (`--stability N`). */
export interface CriterionStability {
  /** Judgments per transcript (N). */
  repeats: number;
  transcripts: number;
  /** Transcripts whose N verdicts were not all the same. */
  unstable: number;
  /** Mean over transcripts of the chance that two of its judgments differ. */
  flipRate: number;
  /** Judgments that ended in an error (left out of the flip rate). */
  errors: number;
  /** Runs of one repeated conversation: agent variance (different transcripts) apart from judge variance. */
  repeated: RepeatedConversationStability[];
}

export interface RepeatedConversationStability {
  /** `run label › conversation name` (without the run number). */
  conversation: string;
  runs: number;
  /** How many different transcripts the runs produced. */
  distinctTranscripts: number;
  /** The transcripts differed and so did their (majority) verdicts: the agent changed the outcome. */
  verdictFollowsTranscript: boolean;
  /** Transcripts (shared by one run or several) whose judgments differed: the judge changed its mind. */
  sameTranscriptFlips: number;
}

export interface CriterionCalibration {
  criterion: string;
  fingerprint: CalibrationFingerprint;
  /** SHA-256 of the canonical fingerprint: the stored file's name. */
  fingerprintKey: string;
  /** Examples with a judge verdict (errors excluded). */
  n: number;
  /** Examples the judge could not judge (errors): never counted as agreement. */
  errors: number;
  agreement: number | null;
  /** null when undefined (every label and verdict one and the same class) or nothing was judged. */
  kappa: number | null;
  kappaInterval: CalibrationInterval | null;
  /**
   * Why a κ that has a value has no interval (`kappaWithoutInterval`): a rater gave one class only,
   * and κ is 0 by construction. Absent otherwise.
   */
  kappaIntervalReason?: string;
  balancedAccuracy: number | null;
  confusion: CalibrationConfusion;
  /** Examples where the judge and the human disagree, then the errored ones, with the judge's reasoning. */
  disagreements: CalibrationExample[];
  stability?: CriterionStability;
}

export interface CalibrationReport {
  kind: 'cxas-eval-calibration';
  version: 1;
  createdAt: string;
  toolVersion: string;
  judge: Omit<CalibrationFingerprint, 'criterion'>;
  /** The label files read. */
  labels: string[];
  confidence: number;
  resamples: number;
  seed: number;
  criteria: CriterionCalibration[];
}

/** Whether a judge verdict's criterion is calibrated for the judge that gave it (in every report). */
export interface CalibrationStatus {
  calibrated: boolean;
  /**
   * Why not (no calibration, stale fingerprint, judge errors, too few labels, kappa below the floor),
   * or the figures when it is.
   */
  summary: string;
  kappa?: number | null;
  kappaInterval?: CalibrationInterval | null;
  /** Why κ has no interval although it has a value (`kappaWithoutInterval`). */
  kappaIntervalReason?: string;
  n?: number;
  calibratedAt?: string;
  minKappa: number;
  minLabels: number;
}

/**
 * Flip rate of repeated judgments of one transcript: the chance that two of its judgments, drawn
 * without replacement, differ: 2·k·(m−k) / (m·(m−1)) for k passes among m judgments (unbiased for
 * the probability that two independent judgments disagree, whatever m is).
 */
export function flipRate(passes: number, judgments: number): number {
  if (judgments < 2) return 0;
  return (2 * passes * (judgments - passes)) / (judgments * (judgments - 1));
}

/**
 * Why κ, though defined, has no interval: the humans, or the judge, gave one class only. κ is then 0
 * by construction, for these examples and for any resample of them (the observed agreement equals
 * the chance agreement whatever the other rater said), so an interval around it would only show how
 * a chance agreement held fixed maps the observed one (10 human passes judged 10 pass, 2 fail gave
 * −1.00 to 0.72), and nothing of the judge. Undefined when an interval can be estimated (and when κ
 * itself is undefined: both raters gave one and the same class).
 */
export function kappaWithoutInterval(c: CalibrationConfusion): string | undefined {
  const humanPasses = c.passPass + c.passFail;
  const humanFails = c.failPass + c.failFail;
  const judgePasses = c.passPass + c.failPass;
  const judgeFails = c.passFail + c.failFail;
  const oneClass = (passes: number, fails: number): 'pass' | 'fail' | undefined =>
    fails === 0 ? 'pass' : passes === 0 ? 'fail' : undefined;
  const human = oneClass(humanPasses, humanFails);
  const judge = oneClass(judgePasses, judgeFails);
  if (humanPasses + humanFails === 0 || (human && human === judge)) return undefined;
  if (human) return `no interval: every human label is ${human}, so κ is 0 whatever the judge says`;
  if (judge) return `no interval: the judge said ${judge} to every example, so κ is 0 whatever the labels`;
  return undefined;
}
