// Repeated judgments of fixed transcripts: each item judged N times with distinct sample indexes,
// and the stability of the verdicts (flip rate; for a repeated conversation, agent variance apart
// from judge variance). Shared by `judge calibrate --stability` and `run --judge-stability`.
import type { CriterionStability, RepeatedConversationStability } from '../model/calibration.js';
import { flipRate } from '../model/calibration.js';
import type { Judge, JudgeOutcome } from './judge.js';
import type { TranscriptTurn } from './transcript.js';

/** What judging needs of an example, and what stability groups it by. */
export interface JudgedItem {
  criterion: string;
  turns: TranscriptTurn[];
  /** Judge the transcript up to this 1-based turn (a turn-level criterion). */
  uptoTurn?: number;
  /** The rendered transcript the judge reads: equal text, equal transcript. */
  transcriptKey: string;
  /** Runs of one repeated conversation share a group (stability separates agent from judge variance). */
  group?: string;
  /** The expectation's own sample count, else the judge's. */
  samples?: number;
}

/** One example's judgments; `notJudged` counts those a stop cancelled or never started. */
export interface JudgedExample<T> {
  example: T;
  outcomes: JudgeOutcome[];
  notJudged: number;
}

/**
 * Repetition r asks samples r·s .. r·s+s−1: distinct sample indexes, so no repetition is answered
 * from another's cache entry (repetition 0 is the one a run or an earlier calibration asked).
 * `signal` stops the judging: calls under way are cancelled and none is started after it. What it
 * cut off is counted in `notJudged`, not among `outcomes`: a judgment nobody made is no judge error.
 */
export async function judgeExamples<T extends JudgedItem>(
  judge: Judge,
  examples: readonly T[],
  repeats: number,
  signal?: AbortSignal,
): Promise<Array<JudgedExample<T>>> {
  return Promise.all(
    examples.map(async (example) => {
      const samples = example.samples ?? judge.samples;
      const judged = await Promise.all(
        Array.from({ length: repeats }, (_, r) =>
          signal?.aborted
            ? undefined
            : judge.evaluate({
                criterion: example.criterion,
                turns: example.turns,
                ...(example.uptoTurn ? { uptoTurn: example.uptoTurn } : {}),
                samples,
                firstSample: r * samples,
                ...(signal ? { signal } : {}),
              }),
        ),
      );
      const outcomes = judged.filter((o): o is JudgeOutcome => o !== undefined && !cutOff(o, signal));
      return { example, outcomes, notJudged: repeats - outcomes.length };
    }),
  );
}

/** A judgment the stop cancelled (its call ended JUDGE_CANCELLED once the signal had aborted). */
function cutOff(outcome: JudgeOutcome, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true && outcome.status === 'error' && outcome.code === 'JUDGE_CANCELLED';
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
