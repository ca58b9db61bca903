// `judge calibrate`: the labelled examples judged (N times each with --stability), summarized per
// criterion with src/compare's agreement statistics, and the stability of repeated judgments.
import { agreementOf, flipRate, type LabelPair } from '../compare/index.js';
import { fingerprintKey, fingerprintOf, type Judge, type JudgeIdentity, type JudgeOutcome } from '../judge/index.js';
import type {
  CalibrationExample as ReportedExample,
  CriterionCalibration,
  CriterionStability,
  RepeatedConversationStability,
} from '../model/calibration.js';
import type { CalibrationExample } from './calibrate-examples.js';

export interface Judged {
  example: CalibrationExample;
  /** One outcome per repetition; the first is the calibration's judgment. */
  outcomes: JudgeOutcome[];
}

/** What judging needs of an example, and what stability groups it by. */
export type JudgedItem = Pick<CalibrationExample, 'criterion' | 'turns' | 'uptoTurn' | 'transcriptKey' | 'group'> & {
  /** The expectation's own sample count, else the judge's. */
  samples?: number;
};

/**
 * Repetition r asks samples r·s .. r·s+s−1: distinct sample indexes, so no repetition is answered
 * from another's cache entry (repetition 0 is the one a run or an earlier calibration asked).
 */
export async function judgeExamples<T extends JudgedItem>(
  judge: Judge,
  examples: readonly T[],
  repeats: number,
): Promise<Array<{ example: T; outcomes: JudgeOutcome[] }>> {
  return Promise.all(
    examples.map(async (example) => {
      const samples = example.samples ?? judge.samples;
      const outcomes = await Promise.all(
        Array.from({ length: repeats }, (_, r) =>
          judge.evaluate({
            criterion: example.criterion,
            turns: example.turns,
            ...(example.uptoTurn ? { uptoTurn: example.uptoTurn } : {}),
            samples,
            firstSample: r * samples,
          }),
        ),
      );
      return { example, outcomes };
    }),
  );
}

export interface StatsOptions {
  seed: number;
  resamples: number;
  repeats: number;
}

export function criterionCalibrations(
  judged: readonly Judged[],
  judge: JudgeIdentity,
  options: StatsOptions,
): CriterionCalibration[] {
  const byCriterion = new Map<string, Judged[]>();
  for (const j of judged) byCriterion.set(j.example.criterion, [...(byCriterion.get(j.example.criterion) ?? []), j]);
  return [...byCriterion].map(([criterion, items]) => calibrationOf(criterion, items, judge, options));
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

/** Verdicts of one transcript's judgments (errors left out). */
function verdictsOf(outcomes: readonly JudgeOutcome[]): boolean[] {
  return outcomes.flatMap((o) => (o.status === 'error' ? [] : [o.status === 'passed']));
}

interface Repeated {
  example: { transcriptKey: string; group?: string };
  outcomes: readonly JudgeOutcome[];
}

export function stabilityOf(items: readonly Repeated[], repeats: number): CriterionStability {
  let flips = 0;
  let counted = 0;
  let unstable = 0;
  let errors = 0;
  for (const { outcomes } of items) {
    const verdicts = verdictsOf(outcomes);
    errors += outcomes.length - verdicts.length;
    if (verdicts.length < 2) continue;
    const passes = verdicts.filter(Boolean).length;
    flips += flipRate(passes, verdicts.length);
    counted += 1;
    if (passes !== 0 && passes !== verdicts.length) unstable += 1;
  }
  return {
    repeats,
    transcripts: items.length,
    unstable,
    flipRate: counted ? flips / counted : 0,
    errors,
    repeated: repeatedConversations(items),
  };
}

/**
 * Runs of one repeated conversation judged on one criterion: transcripts that differed (the agent
 * varied) apart from judgments that differed on one and the same transcript (the judge varied).
 */
function repeatedConversations(items: readonly Repeated[]): RepeatedConversationStability[] {
  const groups = new Map<string, Repeated[]>();
  for (const j of items) {
    const g = j.example.group;
    if (g) groups.set(g, [...(groups.get(g) ?? []), j]);
  }
  return [...groups].map(([conversation, runs]) => {
    const byTranscript = new Map<string, boolean[]>();
    for (const { example, outcomes } of runs)
      byTranscript.set(example.transcriptKey, [
        ...(byTranscript.get(example.transcriptKey) ?? []),
        ...verdictsOf(outcomes),
      ]);
    const classes = [...byTranscript.values()];
    const majority = new Set(classes.filter((v) => v.length).map((v) => v.filter(Boolean).length * 2 >= v.length));
    return {
      conversation,
      runs: runs.length,
      distinctTranscripts: classes.length,
      verdictFollowsTranscript: classes.length > 1 && majority.size > 1,
      sameTranscriptFlips: classes.filter((v) => v.some(Boolean) && !v.every(Boolean)).length,
    };
  });
}
