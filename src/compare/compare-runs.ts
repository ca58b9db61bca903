// Two runs → a RunComparison: conversations aligned by spec id with all their repeats.
import type { ComparedRun, ComparisonSettings, RunComparison } from '../model/comparison.js';
import type { ConversationResult, RunResult, RunTarget } from '../model/result.js';
import { DEFAULT_RESAMPLES } from './stats/bootstrap.js';
import { type AlignedConversation, compareConversations } from './conversations.js';
import { notComparedWhy } from './comparable.js';
import { finishedRuns } from './side.js';
import { compareSuite, type PairedCounts } from './suite.js';

export const DEFAULT_SETTINGS: ComparisonSettings = {
  alpha: 0.05,
  power: 0.8,
  mde: 0.1,
  confidence: 0.95,
  resamples: DEFAULT_RESAMPLES,
  seed: 1,
  adjustment: 'holm',
  conversationTest: 'fisher-exact',
};

/** Below this share of shared spec ids the two runs are probably of different suites. */
const FEW_SHARED = 0.5;

export interface LabelledRun {
  label: string;
  result: RunResult;
}

export interface CompareOptions {
  settings?: Partial<ComparisonSettings>;
  /** Keep each flipped conversation's transcripts (for the HTML report). */
  transcripts?: boolean;
  /** The two runs target different agents on purpose (`run --versions`): no warning about it. */
  differentTargets?: boolean;
  /** The two runs ran side by side (`run --versions`): which one started first means nothing. */
  sideBySide?: boolean;
}

/** Thrown when two runs have nothing to compare: no spec id in common, or none with finished runs on both sides. */
export class ComparisonInputError extends Error {}

function bySpec(conversations: readonly ConversationResult[]): Map<string, ConversationResult[]> {
  const groups = new Map<string, ConversationResult[]>();
  for (const c of conversations) {
    const group = groups.get(c.specId);
    if (group) group.push(c);
    else groups.set(c.specId, [c]);
  }
  return groups;
}

/** The agent a run targeted: its app. A new deployment or version of the same app is what compare is for. */
function targetName(t: RunTarget): string {
  return t.app ?? (t.emulator ? 'an emulator app without a name' : 'no app');
}

/** `1 run` or `1–3 runs`: how many times a side ran the conversations. */
function runsOf(counts: readonly number[]): string {
  const [low, high] = [Math.min(...counts), Math.max(...counts)];
  return `${low === high ? low : `${low}–${high}`} run${high === 1 ? '' : 's'}`;
}

/**
 * The conversations compared whose finished runs differ in number on the two sides (e.g. `--repeat 1`
 * against `--repeat 10`, or runs interrupted or skipped on one side): the suite's test allows for it,
 * but the side with fewer runs bounds what any test can detect, and it is often a mistake. Counted as
 * the test counts them (finishedRuns).
 */
function differentRunCounts(aligned: readonly AlignedConversation[]): string | null {
  const compared = aligned
    .filter((a) => !a.notCompared)
    .map((a) => ({ base: finishedRuns(a.base).length, head: finishedRuns(a.head).length }));
  const differing = compared.filter((a) => a.base !== a.head);
  if (differing.length === 0) return null;
  const [base, head] = [runsOf(differing.map((a) => a.base)), runsOf(differing.map((a) => a.head))];
  return (
    `${differing.length} of ${compared.length} conversations ran a different number of times on the two sides ` +
    `(base: ${base}; head: ${head}): the side with fewer runs limits what the comparison can detect`
  );
}

function warningsFor(
  base: LabelledRun,
  head: LabelledRun,
  aligned: readonly AlignedConversation[],
  options: CompareOptions,
): string[] {
  const warnings: string[] = [];
  const shared = aligned.length;
  const smaller = Math.min(bySpec(base.result.conversations).size, bySpec(head.result.conversations).size);
  if (shared < smaller * FEW_SHARED) {
    warnings.push(`only ${shared} of ${smaller} conversations are in both runs: are they runs of the same suite?`);
  }
  const runCounts = differentRunCounts(aligned);
  if (runCounts) warnings.push(runCounts);
  const [bt, ht] = [targetName(base.result.target), targetName(head.result.target)];
  if (!options.differentTargets && bt !== ht) {
    warnings.push(`the runs target different agents (base: ${bt}; head: ${ht})`);
  }
  if (!options.sideBySide && Date.parse(base.result.startedAt) > Date.parse(head.result.startedAt)) {
    warnings.push(
      `the base run (${base.result.startedAt}) is newer than the head run (${head.result.startedAt}): ` +
        'were they given in the wrong order? (compare <base> <head>)',
    );
  }
  return warnings;
}

/** Each compared conversation's counts (those not compared have no place in the suite's figures). */
function pairedCounts(aligned: readonly AlignedConversation[]): PairedCounts[] {
  const pairs: PairedCounts[] = [];
  for (const a of aligned) {
    if (a.notCompared) continue;
    const b = finishedRuns(a.base);
    const h = finishedRuns(a.head);
    pairs.push({
      baseRuns: b.length,
      basePassed: b.filter((r) => r.status === 'passed').length,
      headRuns: h.length,
      headPassed: h.filter((r) => r.status === 'passed').length,
    });
  }
  return pairs;
}

/** `2 no finished run in base or head (…), 1 …`: why the conversations were not compared. */
function reasonCounts(aligned: readonly AlignedConversation[]): string {
  const counts = new Map<string, number>();
  for (const a of aligned) {
    const reason = a.notCompared?.reason ?? 'compared';
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts].map(([reason, n]) => `${n}: ${reason}`).join('; ');
}

function describe(run: LabelledRun): ComparedRun {
  return { label: run.label, runId: run.result.runId, startedAt: run.result.startedAt, target: run.result.target };
}

export function compareRuns(base: LabelledRun, head: LabelledRun, options: CompareOptions = {}): RunComparison {
  const settings: ComparisonSettings = { ...DEFAULT_SETTINGS, ...options.settings };
  const baseGroups = bySpec(base.result.conversations);
  const headGroups = bySpec(head.result.conversations);
  const aligned: AlignedConversation[] = [];
  for (const [specId, runs] of baseGroups) {
    const other = headGroups.get(specId);
    if (!other) continue;
    const why = notComparedWhy(runs, other);
    aligned.push({ specId, base: runs, head: other, ...(why && { notCompared: why }) });
  }
  if (aligned.length === 0) {
    throw new ComparisonInputError(
      `${base.label} and ${head.label} have no conversation in common (no spec id in both): nothing to compare`,
    );
  }
  const pairs = pairedCounts(aligned);
  if (pairs.length === 0) {
    // Spec ids in common but none comparable: a comparison of nothing would read "0.0% → 0.0%, no
    // regression" and pass a gate.
    throw new ComparisonInputError(
      `${base.label} and ${head.label} have no conversation to compare: of the ${aligned.length} in both, ` +
        `none could be compared (${reasonCounts(aligned)})`,
    );
  }
  const conversations = compareConversations(aligned, settings, { transcripts: options.transcripts ?? false });
  return {
    base: describe(base),
    head: describe(head),
    settings,
    suite: compareSuite(pairs, settings),
    conversations,
    onlyInBase: [...baseGroups.keys()].filter((id) => !headGroups.has(id)).sort(),
    onlyInHead: [...headGroups.keys()].filter((id) => !baseGroups.has(id)).sort(),
    warnings: warningsFor(base, head, aligned, options),
  };
}

/** The comparison fails a CI gate: the suite or any conversation regressed. */
export function hasRegression(comparison: RunComparison): boolean {
  return comparison.suite.verdict === 'regressed' || comparison.conversations.some((c) => c.verdict === 'regressed');
}
