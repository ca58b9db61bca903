// A step of the conversation pipeline (README.md "Pipeline"): runs after a conversation's turns,
// before its verdict is final.
import type { ConversationResult } from '../../model/result.js';
import type { ConversationPlan } from './conversation.js';

export interface ConversationStep {
  /** Shown in errors: "golden", "judge", ... */
  readonly name: string;
  /**
   * Evaluates a finished conversation: adds assertions (to `result.assertions`, or to a turn's
   * `assertions` for per-turn checks), replaces placeholder ones, or adds a golden comparison. The
   * verdict is computed from the evidence after every step (pipeline.ts `finishConversation`), so
   * a step need not set `result.status`. It may do I/O (files, network); `signal` aborts on a
   * hard interrupt. A step decides for itself which results it applies to.
   */
  apply(result: ConversationResult, plan: ConversationPlan, signal: AbortSignal): Promise<void>;
}
