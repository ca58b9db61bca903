// Resolves a conversation's `history:` into the client's historicalContexts options.
import type { RunOptions } from '../../client/index.js';
import type { ConversationSpec } from '../../model/spec.js';

/** `sessionOf` maps a conversation name to the session of its finished run (scrapi `test_name`). */
export function historyOptions(
  spec: ConversationSpec,
  sessionOf: (name: string) => string | undefined,
): Partial<RunOptions> {
  const h = spec.history;
  if (!h) return {};
  if ('entries' in h) return { historicalContexts: h.entries };
  if ('conversation' in h)
    return { historicalContexts: h.conversation, ...(h.turns !== undefined ? { turnCount: h.turns } : {}) };
  const session = sessionOf(h.afterConversation);
  if (!session)
    throw new Error(`history of "${spec.name}" needs the session of "${h.afterConversation}", which has not run`);
  // The platform names a session's conversation after the session id.
  return { historicalContexts: session };
}
