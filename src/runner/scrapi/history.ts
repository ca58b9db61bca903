// cxas-scrapi `historical_contexts` in every documented shape → HistorySpec.
import type { JsonObject } from '../../model/json.js';
import type { HistoryEntry, HistorySpec } from '../../model/spec.js';
import type { Raw } from './context.js';

export function toHistory(raw: unknown, turnCount: number | undefined): HistorySpec | undefined {
  if (raw === undefined) return undefined;
  const recorded = (id: string): HistorySpec => ({ conversation: id, ...(turnCount ? { turns: turnCount } : {}) });
  if (typeof raw === 'string') return recorded(raw);
  if (Array.isArray(raw)) return { entries: raw.map((e: Raw) => toEntry(e)) };
  const h = raw as Raw;
  if (typeof h['session_id'] === 'string') return recorded(h['session_id']);
  if (typeof h['test_name'] === 'string') return { afterConversation: h['test_name'] };
  return { entries: (h['utterances'] as Raw[]).map(toEntry) };
}

/** The Sessions shorthand: `{agent|model, name?, text?}` takes `text` over the agent value (§1.4). */
function toEntry(e: Raw): HistoryEntry {
  if (e['user'] !== undefined) return { user: String(e['user']) };
  if (typeof e['role'] === 'string') return { role: e['role'], chunks: e['chunks'] as JsonObject[] };
  const said = e['agent'] ?? e['model'];
  const text = typeof e['text'] === 'string' ? e['text'] : String(said ?? '');
  return typeof e['name'] === 'string' ? { agent: text, name: e['name'] } : { agent: text };
}
