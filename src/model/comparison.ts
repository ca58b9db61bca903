// The comparison of two runs (`cxas-eval compare`, `run --baseline`, `run --versions`): built by
// src/compare, carried in results.json (`RunResult.comparison`) and shown by the reporters.
import type { SourceLocation } from './location.js';
import type { RunTarget } from './result.js';

/**
 * `improved`/`regressed`: a significant change; `unchanged`: none, one of `mde` would have shown, and
 * the difference's interval lies within ±mde; `inconclusive`: none, but the data cannot rule one out.
 */
export type ComparisonVerdict = 'improved' | 'regressed' | 'unchanged' | 'inconclusive';

/**
 * A conversation in both runs left out of the statistics and the gate, and why: `not-run`, no
 * finished run on a side; `inputs-changed`, its inputsHash differs between the sides (the test
 * changed, not only the agent); `checks-differ`, one side skipped an expectation the other
 * evaluated (e.g. `--no-judge` on one run).
 */
export type NotCompared = 'not-run' | 'inputs-changed' | 'checks-differ';

/** A conversation's verdict: a comparison's, or why it was not compared. */
export type ConversationVerdict = ComparisonVerdict | NotCompared;

/** All runs passed, some did, none did (`error` when every run errored), or nothing ran. */
export type SideStatus = 'passed' | 'mixed' | 'failed' | 'error' | 'not-run';

interface RateInterval {
  low: number;
  high: number;
}

export interface ComparisonSide {
  /** Finished runs (passed, failed or error; skipped, interrupted and SIMULATOR_FAULT runs are not counted). */
  runs: number;
  passed: number;
  errors: number;
  /** passed / runs; null when nothing ran. */
  passRate: number | null;
  /** Wilson score interval of the pass rate at the comparison's confidence. */
  interval: RateInterval | null;
  /** Unbiased pass^k, C(passed, k) / C(runs, k); null when runs < k. */
  passHatK: number | null;
  status: SideStatus;
  /** The first failing assertion (or error) of the first run that did not pass. */
  firstFailure?: string;
}

export interface TranscriptLine {
  role: 'user' | 'agent';
  text: string;
}

export interface ConversationComparison {
  specId: string;
  name: string;
  file: string;
  /** Where the conversation is written (for annotations). */
  loc?: SourceLocation;
  base: ComparisonSide;
  head: ComparisonSide;
  /** k of pass^k: the fewer runs of the two sides. */
  k: number;
  /** head pass rate - base pass rate; null for a conversation not compared. */
  difference: number | null;
  /**
   * Newcombe's hybrid score interval of `difference` (from the two sides' Wilson intervals) at the
   * comparison's confidence; absent for a conversation not compared and in files written before it.
   */
  differenceInterval?: RateInterval;
  /** Fisher's exact test, two-sided; null for a conversation not compared. */
  pValue: number | null;
  /** Holm-adjusted across the compared conversations. */
  adjustedPValue: number | null;
  /**
   * Smallest change these runs could detect at alpha / conversations (Bonferroni bound of Holm), from
   * the exact power of Fisher's test; null when no change is detected with the settings' power.
   */
  minimumDetectableChange: number | null;
  /**
   * Runs per side that would detect a change of `mde` (the settings' effect size) from the base rate,
   * by the exact power of Fisher's test; null when no such change exists or it takes over 5,000.
   */
  runsToDetect: number | null;
  /** The side status changed (e.g. passed → failed). */
  flipped: boolean;
  verdict: ConversationVerdict;
  /** For a conversation not compared: why, in one line. */
  notComparedReason?: string;
  /** For a flipped conversation: the first run's transcript on each side (HTML side-by-side diff). */
  transcripts?: { base: TranscriptLine[]; head: TranscriptLine[] };
}

export interface SuiteComparison {
  /** Conversations that ran on both sides. */
  conversations: number;
  /** Mean of the per-conversation pass rates (each conversation weighs the same); null when none was compared. */
  baseRate: number | null;
  headRate: number | null;
  /** headRate - baseRate; null when no conversation was compared. */
  difference: number | null;
  /**
   * Paired cluster bootstrap percentile interval of the difference; null with fewer than two
   * conversations or when every conversation's difference is the same (the bootstrap would give a point).
   */
  interval: RateInterval | null;
  /**
   * `mcnemar-exact` when every conversation ran once per side, else the stratified permutation test
   * of the mean difference given each conversation's passes (src/compare/suite.ts): its law computed
   * exactly (`permutation-exact`) or, when too large, estimated from the settings' resamples and seed
   * (`permutation-monte-carlo`). `paired-t` and `sign-flip-exact` appear only in results of
   * schemaVersion 5 or older.
   */
  test: 'mcnemar-exact' | 'permutation-exact' | 'permutation-monte-carlo' | 'paired-t' | 'sign-flip-exact';
  /** The test's p-value; null with fewer than two conversations (no test can be run). */
  pValue: number | null;
  /** McNemar's discordant pairs. */
  passedToFailed?: number;
  failedToPassed?: number;
  /** Exact (McNemar's power) when every conversation ran once per side; else planned for the permutation test. */
  minimumDetectableChange: number | null;
  /** Repeats per conversation that would detect a suite change of `mde` (the settings'); null if none would. */
  repeatsToDetect: number | null;
  verdict: ComparisonVerdict;
}

export interface ComparisonSettings {
  alpha: number;
  power: number;
  mde: number;
  confidence: number;
  resamples: number;
  seed: number;
  adjustment: 'holm';
  conversationTest: 'fisher-exact';
}

export interface ComparedRun {
  /** What the user named (a path or a history reference). */
  label: string;
  runId: string;
  startedAt: string;
  target: RunTarget;
}

export interface RunComparison {
  base: ComparedRun;
  head: ComparedRun;
  settings: ComparisonSettings;
  suite: SuiteComparison;
  /** Regressed first, then improved, inconclusive, unchanged, then those not compared; by spec id within each. */
  conversations: ConversationComparison[];
  onlyInBase: string[];
  onlyInHead: string[];
  /** Why this comparison may not mean what it seems (few shared ids, other target, swapped sides). */
  warnings: string[];
}

/** The run error of `--fail-on-regression` for each regression found: the run fails (verdict.ts `runVerdict`). */
export const REGRESSION = 'REGRESSION';
/** The run error of `--fail-on-regression` when no comparison could be made: a gate never passes unevaluated. */
export const NO_COMPARISON = 'NO_COMPARISON';
