// Which conversations need the LLM judge: a run loads it only for them, and `validate` checks its
// settings only when some loaded conversation needs it.
import type { ConversationSpec } from '../../model/spec.js';

/** A `judge` expectation anywhere in the conversation (negated ones included). */
export function usesJudge(spec: ConversationSpec): boolean {
  return (
    spec.expect.some((e) => e.matcher === 'judge') ||
    spec.turns.some((t) => t.expect.some((e) => e.matcher === 'judge'))
  );
}
