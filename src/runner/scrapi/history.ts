// cxas-scrapi `historical_contexts` in every documented shape → HistorySpec.
import type { HistoryEntry as HistoryEntrySpec, HistorySpec } from '../../model/spec.js';
import type { History, HistoryEntry } from './turn-eval-document.generated.js';

export function toHistory(raw: History | undefined, turnCount: number | undefined): HistorySpec | undefined {
  if (raw === undefined) return undefined;
  const recorded = (id: string): HistorySpec => ({ conversation: id, ...(turnCount ? { turns: turnCount } : {}) });
  if (typeof raw === 'string') return recorded(raw);
  if (Array.isArray(raw)) return { entries: raw.map(toEntry) };
  if (raw.session_id !== undefined) return recorded(raw.session_id);
  if (raw.test_name !== undefined) return { afterConversation: raw.test_name };
  // The schema requires exactly one of session_id, test_name and utterances.
  return { entries: (raw.utterances ?? []).map(toEntry) };
}

/** The Sessions shorthand: `{agent|model, name?, text?}` takes `text` over the agent value (§1.4). */
function toEntry(e: HistoryEntry): HistoryEntrySpec {
  if (e.user !== undefined) return { user: String(e.user) };
  if (e.role !== undefined) return { role: e.role, chunks: e.chunks ?? [] };
  const said = e.agent ?? e.model;
  const text = e.text ?? String(said ?? '');
  return e.name !== undefined ? { agent: text, name: e.name } : { agent: text };
}
