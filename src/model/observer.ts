// The one event contract of a run: the runner notifies observers as a run unfolds; reporters
// (src/reporters) are observers with a name. Results handed to observers are final: read them,
// never change them; nothing changes them after they were handed over either. The runner freezes
// them, with all they reach (freeze.ts), before a hook sees them: they are the run's own result, so
// a change would alter its verdict; trying one throws a TypeError (in strict code), which is the
// hook's failure like any other. A turn whose checks
// take time (the LLM judge, a deferred check) is reported when its verdicts are in, not before:
// there is no pending state (test/runner/observer-final.test.ts).
import type { Attempt, ConversationResult, RunResult, RunStartInfo, TurnRecord } from './result.js';

/** What observers learn when one conversation run starts. */
export interface ConversationStartInfo {
  readonly id: string;
  readonly specId: string;
  readonly name: string;
  readonly file: string;
  readonly runIndex: number;
}

/**
 * Every hook is optional and may return a promise, which the caller awaits. `executeRun` calls
 * the first four; `onRunEnd` is called by whoever owns the final RunResult (the CLI once it has
 * added run-level errors, or `writeReports` for a result read back from JSON).
 *
 * A hook of a conversation (`onConversationStart`, `onTurnEnd`, `onAttemptDiscarded`, `onConversationEnd`) that throws,
 * rejects, or has not settled within the run's `timeoutMs` makes that conversation `error`
 * (`OBSERVER_FAILED`, "observer <hook> threw: …" / "did not settle within N ms"), never the run:
 * after a failed start the conversation is not run (`onConversationEnd` still comes), after a failed
 * end the run's result is a copy with that error (what the hook was handed stays as it was). A
 * failing `onRunStart` rejects `executeRun` before anything has started (runner/run/observer-guard.ts).
 */
export interface RunObserver {
  onRunStart?(info: Readonly<RunStartInfo>): void | Promise<void>;
  onConversationStart?(conversation: ConversationStartInfo): void | Promise<void>;
  /** A turn's record once its result and every assertion (judge verdicts included) are known, in turn order. */
  onTurnEnd?(conversationId: string, turn: Readonly<TurnRecord>): void | Promise<void>;
  /**
   * An attempt ended in a transient error and the conversation is retried in a fresh session: the
   * turns reported for it so far belong to a discarded attempt (kept in `result.attempts`, not in
   * `result.turns`); the next attempt reports its turns again from index 0. Per-turn progress
   * takes back what it counted for this conversation.
   */
  onAttemptDiscarded?(conversationId: string, attempt: Readonly<Attempt>): void | Promise<void>;
  /** The conversation's verdict is final (goldens and every evaluation step included). */
  onConversationEnd?(result: Readonly<ConversationResult>): void | Promise<void>;
  onRunEnd?(result: Readonly<RunResult>): void | Promise<void>;
}

export type RunObserverHook = keyof RunObserver;
