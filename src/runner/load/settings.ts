// Conversation settings shared by `defaults:` and conversations, and how they merge.
import type { JsonObject } from '../../model/json.js';
import type { HistoryEntry, HistorySpec, ToolFakeSpec } from '../../model/spec.js';
import type { Source } from './source.js';

type Path = Array<string | number>;
type Raw = Record<string, unknown>;

/** A settings map with the file it was written in, so tool fakes keep their positions. */
export interface Layer { source: Source; raw: Raw; at: Path }

const isPlainObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Objects merge key by key (the later layer wins); anything else is replaced. */
export function deepMerge(under: unknown, over: unknown): unknown {
  if (!isPlainObject(under) || !isPlainObject(over)) return over === undefined ? under : over;
  const out: Raw = { ...under };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(under[k], v);
  return out;
}

/**
 * Later layers win. Tags are concatenated (deduplicated); tool fakes are concatenated with the
 * most specific layer first, so a conversation's own fake is tried before a default one.
 */
export function mergeLayers(layers: Layer[]): { merged: Raw; toolFakes: ToolFakeSpec[] } {
  let merged: Raw = {};
  for (const layer of layers) merged = deepMerge(merged, { ...layer.raw, tags: undefined, toolFakes: undefined }) as Raw;
  const tags = [...new Set(layers.flatMap((l) => (l.raw['tags'] as string[] | undefined) ?? []))];
  const toolFakes = [...layers].reverse().flatMap((l) => toToolFakes(l));
  return { merged: { ...merged, tags }, toolFakes };
}

function toToolFakes({ source, raw, at }: Layer): ToolFakeSpec[] {
  const fakes = (raw['toolFakes'] as Raw[] | undefined) ?? [];
  return fakes.map((f, i) => ({ ...(f as Omit<ToolFakeSpec, 'loc'>), loc: source.at([...at, 'toolFakes', i]) }));
}

export function toHistory(raw: unknown): HistorySpec | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) return raw as HistorySpec;
  return { entries: raw.map((e: Raw) => toHistoryEntry(e)) };
}

function toHistoryEntry(e: Raw): HistoryEntry {
  if (typeof e['user'] === 'string') return { user: e['user'] };
  if (typeof e['role'] === 'string') return { role: e['role'], chunks: e['chunks'] as JsonObject[] };
  const text = (e['agent'] ?? e['model']) as string;
  return typeof e['name'] === 'string' ? { agent: text, name: e['name'] } : { agent: text };
}
