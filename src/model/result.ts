// The canonical result model (schemas/report.schema.json): every report is a function of RunResult.
import type { RunComparison } from './comparison.js';
import type { RunIdentity, RunReference } from './identity.js';
import type { CoverageBlock } from './coverage.js';
import type { JsonObject, JsonValue } from './json.js';
import type { LlmUsageTotals } from './llm-usage.js';
import type { SourceLocation } from './location.js';
import type { TurnInput, TurnResult } from './turn.js';

// 2: llmUsage (judge tokens and cost) added; later, optionally, `simulation` per conversation.
// 3: `identity` (what was tested), `rescoredFrom`/`replayedFrom`, a conversation's `inputsHash`.
// 4: a comparison's suite `interval` and `pValue` may be null (too few conversations, or no spread)
//    and its `test` may be `sign-flip-exact`: a reader of 3 would misread those, so the version moves.
// 5: a repeat summary's `passHatK` is null when no run was counted (it read 1, a vacuous pass^0);
//    a comparison's conversation not compared has its own verdict (`not-run`, `inputs-changed`,
//    `checks-differ`) and a `notComparedReason`; the suite's rates may be null: a reader of 4 would
//    misread those.
// 6: a comparison's suite `test` is `permutation-exact` or `permutation-monte-carlo` (the stratified
//    permutation test) where it was `paired-t` or `sign-flip-exact`: a reader of 5 would refuse it.
// 7: the summary's `passRate` leaves interrupted runs out (they counted as not passed) and is null
//    when no run was counted (it read 0): a reader of 6 would misread a null.
// Each version's files are valid under the next: loadRunResult reads every version the schema's
// `schemaVersion` enum lists as the current one.
export const RESULT_SCHEMA_VERSION = 7;

export type Verdict = 'passed' | 'failed' | 'error' | 'skipped' | 'interrupted';
export type AssertionStatus = 'passed' | 'failed' | 'error' | 'skipped';

export interface ErrorInfo {
  /** Stable machine code, e.g. `UNAVAILABLE`, `TIMEOUT`, `UNMATCHED_TOOL_CALL`, `BAD_FIXTURE`. */
  code: string;
  message: string;
  /** 0-based spec turn index where it happened. */
  turn?: number;
  transient?: boolean;
}

export interface AssertionResult {
  matcher: string;
  negated: boolean;
  status: AssertionStatus;
  /** One or two lines stating expected and actual. */
  message: string;
  expected?: JsonValue;
  actual?: JsonValue;
  /** Matcher-specific numbers, e.g. toolSequence `{precision, recall}`. */
  details?: JsonObject;
  loc?: SourceLocation;
  /** 0-based spec turn index; absent for conversation-level assertions. */
  turn?: number;
}

export interface TurnRecord {
  /** 0-based index of the spec turn. */
  index: number;
  label?: string;
  loc?: SourceLocation;
  /** What was sent (also inside result.inputs once a result exists). */
  inputs: TurnInput[];
  result?: TurnResult;
  assertions: AssertionResult[];
  error?: ErrorInfo;
}

export interface Attempt {
  /** 1-based. */
  attempt: number;
  sessionId: string;
  status: Verdict;
  durationMs: number;
  error?: ErrorInfo;
  /** Back-off waited before the next attempt. */
  retryDelayMs?: number;
}

export interface GoldenTurnDiff {
  /** 0-based turn index. */
  turn: number;
  /**
   * What differs: `text`, `toolCalls`, `toolResponses`, `transfers`, `payloads`, `variables`,
   * `citations`, `sessionEnded`, `endSessionMetadata`, `turnCount`.
   */
  field: string;
  expected: string;
  actual: string;
  /** Unified diff lines when useful (text, args). */
  diff?: string;
}

export interface GoldenComparison {
  /** Path of the golden file, relative to the working directory. */
  file: string;
  status: 'matched' | 'mismatched' | 'missing' | 'recorded' | 'unchanged';
  diffs: GoldenTurnDiff[];
  /** For `recorded`: what changed versus the previous golden, one line per change. */
  changes?: string[];
}

export interface ConversationResult {
  /** Unique per run: `<spec id>#<runIndex>`. */
  id: string;
  /** ConversationSpec.id. */
  specId: string;
  name: string;
  file: string;
  loc?: SourceLocation;
  tags: string[];
  /** 0-based run index among repeats. */
  runIndex: number;
  repeat: number;
  modality: 'text' | 'audio';
  status: Verdict;
  sessionId?: string;
  startedAt: string;
  durationMs: number;
  attempts: Attempt[];
  turns: TurnRecord[];
  /** Conversation-level assertions. */
  assertions: AssertionResult[];
  error?: ErrorInfo;
  skipReason?: string;
  /** What was configured but did not take part (e.g. a tool fake that answered no call); never a verdict. */
  warnings?: ConversationWarning[];
  golden?: GoldenComparison;
  /** A `simulation:` conversation: how it stopped and each goal's grade. */
  simulation?: SimulationResult;
  /**
   * SHA-256 of what the conversation sends (turn inputs, variables, history, session settings;
   * not its expectations): `rescore` and `run --replay` use a recording only when it matches.
   */
  inputsHash?: string;
}

/** Something configured that did not take part in the conversation; every report shows it. */
export interface ConversationWarning {
  /** Stable machine code, e.g. `UNUSED_TOOL_FAKE`. */
  code: string;
  message: string;
  /** Where it was configured. */
  loc?: SourceLocation;
}

/** Why the runner stopped a simulated conversation. */
type SimulationStopReason = 'user-ended' | 'session-ended' | 'max-turns' | 'goal-max-turns' | 'error';

export interface SimulationGoalResult {
  goal: string;
  successCriteria: string;
  /** Graded by the judge over the final transcript; `not-graded` when the conversation did not complete. */
  status: 'met' | 'not-met' | 'error' | 'not-graded';
  /** The judge's reason (or the error, or why it was not graded). */
  reason: string;
  /** 1-based turns the judge cites. */
  evidenceTurns: number[];
  /** Judge sample votes, e.g. "2/3 pass": a split is the judge's doubt, not the agent's flakiness. */
  votes?: string;
  cached?: boolean;
}

export interface SimulationResult {
  /** `backend:model` of the simulated user. */
  userModel: string;
  stopReason: SimulationStopReason;
  stopMessage: string;
  /** Turns sent (the start turn included). */
  turns: number;
  goals: SimulationGoalResult[];
  /** The simulated user's calls in this conversation (judge calls are counted apart). */
  userUsage: LlmUsageTotals;
  /** The judge's check of the simulated user against its brief (absent when it did not run). */
  check?: SimulatorCheckResult;
}

/**
 * One judge call over the finished transcript: did the simulated user stay in its persona, keep to
 * the facts of its brief and attempt every goal before it stopped? `fault` makes the conversation an
 * `error` with code `SIMULATOR_FAULT`; `error` means the judge could not tell (fail-closed: `error`).
 */
export interface SimulatorCheckResult {
  status: 'ok' | 'fault' | 'error';
  /** The judge's reasoning (or the judge's error). */
  reason: string;
  /** 1-based turns the judge cites. */
  evidenceTurns: number[];
  votes?: string;
  cached?: boolean;
}

/** Pass statistics of a repeated conversation (repeat > 1). */
export interface RepeatSummary {
  specId: string;
  name: string;
  file: string;
  /** Runs counted: neither skipped nor simulator faults. */
  runs: number;
  passed: number;
  /** passed / runs; null when no run was counted (a rate of nothing is not 0%). */
  passRate: number | null;
  /**
   * pass^k with k = runs: the chance that k fresh runs all pass, estimated from these runs; null
   * when no run was counted (pass^0 would be a vacuous 1).
   */
  passHatK: number | null;
  /** Runs left out of the statistics because the simulated user faulted (absent when none). */
  simulatorFaults?: number;
  requiredPassRate?: number;
  status: Verdict;
}

/**
 * Conversation runs by how each counts towards the run's verdict (summary.ts `countAs`): the one
 * count the console, results.json, JUnit and the exit code share.
 */
export interface RunSummary {
  /** Conversation runs (each run of a repeated conversation counts once). */
  total: number;
  /** Distinct spec conversations the runs come from (absent in files written before it existed). */
  conversations?: number;
  passed: number;
  /** Failed runs that count against the run; a tolerated one is counted in `tolerated`. */
  failed: number;
  /** Errored runs that count against the run; a tolerated one is counted in `tolerated`. */
  error: number;
  /** Failed or errored runs of a repeated conversation that met its passRate (did not fail the run). */
  tolerated?: number;
  /**
   * Errored runs whose simulated user broke its brief (`SIMULATOR_FAULT`), counted apart from `error`
   * (a tolerated one is counted in `tolerated`); absent when there is none.
   */
  simulatorFault?: number;
  skipped: number;
  interrupted: number;
  /**
   * passed / (passed + failed + error + tolerated): skipped and interrupted runs and simulator faults
   * are left out (summary.ts `passRateOf`); null when no run was counted (schema 7; 0 before).
   */
  passRate: number | null;
}

export interface RunTarget {
  app?: string;
  endpoint?: string;
  /** True when the bundled emulator served the run. */
  emulator: boolean;
  apiVersion: 'v1' | 'v1beta';
}

export interface RunResult {
  schemaVersion: typeof RESULT_SCHEMA_VERSION;
  tool: { name: 'cxas-eval'; version: string };
  runId: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  target: RunTarget;
  shard?: { index: number; total: number };
  // The verdict and what it is made of are set once, by finalizeRun (src/model/finalize.ts): read-only.
  readonly interrupted: boolean;
  readonly status: Verdict;
  readonly summary: RunSummary;
  readonly conversations: readonly ConversationResult[];
  readonly repeats: RepeatSummary[];
  /** Run-level problems that are not a conversation's (e.g. a reporter that threw). */
  readonly errors: readonly ErrorInfo[];
  /** LLM calls per purpose (`judge`, `user`): calls, cache hits, errors, tokens, estimated cost. */
  readonly llmUsage?: { judge?: LlmUsageTotals; user?: LlmUsageTotals };
  /** Verdict rules the run was judged with, kept so merge-reports judges the same way. */
  readonly policy?: RunPolicy;
  /** Golden files the run found but did not compare (absent when there is nothing to say). */
  readonly goldens?: GoldenFilesNote;
  /** What was tested: target, spec and config hashes, git state, tool version (in `tool`). */
  identity?: RunIdentity;
  /** `cxas-eval rescore`: the stored run whose turn results were evaluated again. */
  rescoredFrom?: RunReference;
  /** `cxas-eval run --replay`: the stored run whose agent answers were served. */
  replayedFrom?: RunReference;
  /** What of the app the run exercised (src/model/coverage.ts), or why that could not be computed. */
  coverage?: CoverageBlock;
  /** `run --baseline` / `run --versions`: this run compared with another (src/model/comparison.ts). */
  comparison?: RunComparison;
}

/** Golden files no comparison covered: they never fail a run, every report lists them. */
export interface GoldenFilesNote {
  /** Golden files no conversation maps to (its conversation or spec file renamed or removed). */
  obsolete: string[];
  /** Obsolete golden files `--update-goldens` removed. */
  removed: string[];
  /** Golden files of conversations that nothing asked to compare. */
  notCompared: string[];
}

/** Run-level verdict rules beyond each conversation's own (src/model/verdict.ts `runVerdict`). */
export interface RunPolicy {
  /** Anything skipped (a conversation or an expectation) fails an otherwise successful run. */
  failOnSkipped?: boolean;
}

/** What reporters learn when a run starts. */
export interface RunStartInfo {
  runId: string;
  startedAt: string;
  target: RunTarget;
  /** Planned conversation runs (repeats counted), and the run's tool tests. */
  total: number;
  /** Planned spec turns over all runs (repeats counted), for per-turn progress. */
  turns?: number;
  shard?: { index: number; total: number };
}
