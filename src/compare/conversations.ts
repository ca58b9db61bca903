// Per-conversation comparison: Fisher's exact test per conversation, Holm across them, a verdict.
import type { ComparisonSettings, ComparisonVerdict, ConversationComparison } from '../model/comparison.js';
import type { ConversationResult } from '../model/result.js';
import { fisherExact } from './stats/exact-tests.js';
import { holmAdjust } from './stats/holm.js';
import { minimumDetectableChange, runsToDetect } from './stats/power.js';
import { finishedRuns, summarizeSide, transcriptOf } from './side.js';

export interface AlignedConversation {
  specId: string;
  base: ConversationResult[];
  head: ConversationResult[];
}

const VERDICT_ORDER: Record<ComparisonVerdict, number> = { regressed: 0, improved: 1, inconclusive: 2, unchanged: 3 };

/**
 * A significant change (adjusted p < alpha) is `improved` or `regressed`; no significant change is
 * `unchanged` only when these runs could have detected a change of `mde` (power analysis), else
 * `inconclusive`: absence of evidence is not evidence of absence when the test had no power.
 */
export function verdictOf(
  difference: number | null,
  adjustedPValue: number | null,
  detectable: number | null,
  settings: Pick<ComparisonSettings, 'alpha' | 'mde'>,
): ComparisonVerdict {
  const { alpha, mde } = settings;
  if (difference === null || adjustedPValue === null) return 'inconclusive';
  if (adjustedPValue < alpha && difference !== 0) return difference < 0 ? 'regressed' : 'improved';
  return detectable !== null && detectable <= mde ? 'unchanged' : 'inconclusive';
}

function compareOne(aligned: AlignedConversation, settings: ComparisonSettings, tests: number) {
  const baseRuns = finishedRuns(aligned.base).length;
  const headRuns = finishedRuns(aligned.head).length;
  const k = Math.max(1, Math.min(baseRuns, headRuns));
  const base = summarizeSide(aligned.base, k, settings.confidence);
  const head = summarizeSide(aligned.head, k, settings.confidence);
  const both = base.passRate !== null && head.passRate !== null;
  // Holm's hardest step is alpha / m: plan with it so that "detectable" means "flagged after Holm".
  const planning = { alpha: settings.alpha / Math.max(1, tests), power: settings.power };
  const { mde } = settings;
  const first = aligned.head[0] ?? aligned.base[0];
  return {
    specId: aligned.specId,
    name: first?.name ?? aligned.specId,
    file: first?.file ?? '',
    ...(first?.loc && { loc: first.loc }),
    base,
    head,
    k,
    difference: both ? (head.passRate as number) - (base.passRate as number) : null,
    pValue: both ? fisherExact(base.passed, base.runs, head.passed, head.runs) : null,
    adjustedPValue: null as number | null,
    minimumDetectableChange: both
      ? minimumDetectableChange(base.passRate as number, baseRuns, headRuns, planning)
      : null,
    runsToDetect: base.passRate !== null ? runsToDetect(base.passRate, mde, planning) : null,
    flipped: base.status !== head.status,
    verdict: 'inconclusive' as ComparisonVerdict,
  };
}

export function compareConversations(
  aligned: readonly AlignedConversation[],
  settings: ComparisonSettings,
  options: { transcripts?: boolean } = {},
): ConversationComparison[] {
  const tested = aligned.filter((a) => finishedRuns(a.base).length > 0 && finishedRuns(a.head).length > 0).length;
  const rows: ConversationComparison[] = aligned.map((a) => compareOne(a, settings, tested));
  const withP = rows.filter((r) => r.pValue !== null);
  holmAdjust(withP.map((r) => r.pValue as number)).forEach((p, i) => {
    (withP[i] as ConversationComparison).adjustedPValue = p;
  });
  for (const [i, row] of rows.entries()) {
    row.verdict = verdictOf(row.difference, row.adjustedPValue, row.minimumDetectableChange, settings);
    const source = aligned[i] as AlignedConversation;
    if (options.transcripts && row.flipped) {
      row.transcripts = { base: transcriptOf(source.base), head: transcriptOf(source.head) };
    }
  }
  return rows.sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || a.specId.localeCompare(b.specId));
}
