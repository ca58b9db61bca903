// Per-conversation comparison: Fisher's exact test per conversation, Holm across them, a verdict.
import type {
  ComparisonSettings,
  ComparisonVerdict,
  ConversationComparison,
  ConversationVerdict,
} from '../model/comparison.js';
import type { ConversationResult } from '../model/result.js';
import type { NotComparedWhy } from './comparable.js';
import { fisherExact } from './stats/exact-tests.js';
import { holmAdjust } from './stats/holm.js';
import { minimumDetectableChange, runsToDetect } from './stats/power.js';
import { newcombeInterval, type Interval } from './stats/wilson.js';
import { finishedRuns, summarizeSide, transcriptOf } from './side.js';

export interface AlignedConversation {
  specId: string;
  base: ConversationResult[];
  head: ConversationResult[];
  /** Why the two sides cannot be compared (comparable.ts); absent when they can. */
  notCompared?: NotComparedWhy;
}

const VERDICT_ORDER: Record<ConversationVerdict, number> = {
  regressed: 0,
  improved: 1,
  inconclusive: 2,
  unchanged: 3,
  'inputs-changed': 4,
  'checks-differ': 5,
  'not-run': 6,
};

/**
 * A significant change (adjusted p < alpha) is `improved` or `regressed`. No significant change is
 * `unchanged` only when these runs could have detected a change of `mde` (power analysis) and the
 * difference's confidence `interval` lies within ±mde (an equivalence check); else `inconclusive`.
 * Absence of evidence is not evidence of absence: the power analysis plans from the observed base
 * rate as if it were the truth (100/100 → 95/100 plans at 100% and calls 10 points detectable), while
 * the interval says which changes the data still allow (there −11.2 to −0.3 points: not "no change of
 * 10 points"). Without an interval (a suite whose conversations all changed alike: the bootstrap
 * has no spread to estimate one from) the difference itself must lie within ±mde.
 */
export function verdictOf(
  difference: number | null,
  adjustedPValue: number | null,
  detectable: number | null,
  settings: Pick<ComparisonSettings, 'alpha' | 'mde'>,
  interval: Interval | null = null,
): ComparisonVerdict {
  const { alpha, mde } = settings;
  if (difference === null || adjustedPValue === null) return 'inconclusive';
  if (adjustedPValue < alpha && difference !== 0) return difference < 0 ? 'regressed' : 'improved';
  const couldDetect = detectable !== null && detectable <= mde;
  const { low, high } = interval ?? { low: difference, high: difference };
  return couldDetect && low >= -mde && high <= mde ? 'unchanged' : 'inconclusive';
}

/** What every row has, compared or not: the two sides summarized, and whether the status flipped. */
function rowOf(aligned: AlignedConversation, settings: ComparisonSettings) {
  const k = Math.max(1, Math.min(finishedRuns(aligned.base).length, finishedRuns(aligned.head).length));
  const base = summarizeSide(aligned.base, k, settings.confidence);
  const head = summarizeSide(aligned.head, k, settings.confidence);
  const first = aligned.head[0] ?? aligned.base[0];
  return {
    specId: aligned.specId,
    name: first?.name ?? aligned.specId,
    file: first?.file ?? '',
    ...(first?.loc && { loc: first.loc }),
    base,
    head,
    k,
    difference: null as number | null,
    pValue: null as number | null,
    adjustedPValue: null as number | null,
    minimumDetectableChange: null as number | null,
    runsToDetect: null as number | null,
    flipped: base.status !== head.status,
    verdict: 'inconclusive' as ConversationVerdict,
  };
}

/** A conversation not compared: its sides are shown, with no statistics and the reason as its verdict. */
function notComparedRow(aligned: AlignedConversation, why: NotComparedWhy, settings: ComparisonSettings) {
  return { ...rowOf(aligned, settings), verdict: why.verdict, notComparedReason: why.reason };
}

function compareOne(aligned: AlignedConversation, settings: ComparisonSettings, tests: number) {
  const row = rowOf(aligned, settings);
  const { base, head } = row;
  // Holm's hardest step is alpha / m: plan with it so that "detectable" means "flagged after Holm".
  const { alpha, power, mde } = settings;
  const planning = { alpha: alpha / Math.max(1, tests), power };
  const [baseRate, headRate] = [base.passRate as number, head.passRate as number];
  return {
    ...row,
    difference: headRate - baseRate,
    differenceInterval: newcombeInterval(head.passed, head.runs, base.passed, base.runs, settings.confidence),
    pValue: fisherExact(base.passed, base.runs, head.passed, head.runs),
    minimumDetectableChange: minimumDetectableChange(baseRate, base.runs, head.runs, planning),
    runsToDetect: runsToDetect(baseRate, mde, planning),
  };
}

export function compareConversations(
  aligned: readonly AlignedConversation[],
  settings: ComparisonSettings,
  options: { transcripts?: boolean } = {},
): ConversationComparison[] {
  const tested = aligned.filter((a) => !a.notCompared).length;
  const rows: ConversationComparison[] = aligned.map((a) =>
    a.notCompared ? notComparedRow(a, a.notCompared, settings) : compareOne(a, settings, tested),
  );
  const withP = rows.filter((r) => r.pValue !== null);
  holmAdjust(withP.map((r) => r.pValue as number)).forEach((p, i) => {
    (withP[i] as ConversationComparison).adjustedPValue = p;
  });
  for (const [i, row] of rows.entries()) {
    const source = aligned[i] as AlignedConversation;
    if (!source.notCompared) {
      const { difference, adjustedPValue, minimumDetectableChange: detectable, differenceInterval } = row;
      row.verdict = verdictOf(difference, adjustedPValue, detectable, settings, differenceInterval);
    }
    if (options.transcripts && row.flipped) {
      row.transcripts = { base: transcriptOf(source.base), head: transcriptOf(source.head) };
    }
  }
  return rows.sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || a.specId.localeCompare(b.specId));
}
