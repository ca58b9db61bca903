// Conversation settings shared by `defaults:` and conversations, and how they merge.
import { isJsonObject, type JsonObject, type JsonValue } from '../../model/json.js';
import type { HistoryEntry, HistorySpec, ToolFakeSpec } from '../../model/spec.js';
import type { HistoryDocument, HistoryEntryDocument, SettingsDocument } from './document.js';
import type { Source } from './source.js';

type Path = Array<string | number>;

/** A settings map with the file it was written in, so tool fakes keep their positions. */
export interface Layer {
  source: Source;
  raw: SettingsDocument;
  at: Path;
}

/** The settings of all layers merged; tags and tool fakes are combined separately. */
export interface MergedSettings {
  merged: Omit<SettingsDocument, 'tags' | 'toolFakes'>;
  tags: string[];
  toolFakes: ToolFakeSpec[];
}

/** Objects merge key by key (the later value wins); anything else is replaced. */
function deepMerge(under: JsonValue | undefined, over: JsonValue): JsonValue {
  if (!isJsonObject(under) || !isJsonObject(over)) return over;
  const out: JsonObject = { ...under };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(under[k], v);
  return out;
}

function mergeObjects(under: JsonObject | undefined, over: JsonObject | undefined): JsonObject | undefined {
  if (over === undefined) return under;
  return under === undefined ? over : { ...under, ...mergeEntries(under, over) };
}

function mergeEntries(under: JsonObject, over: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(over).map(([k, v]) => [k, deepMerge(under[k], v)]));
}

/**
 * Later layers win (`layers`: the fragments' defaults, the file's, then the conversation). Variables
 * merge key by key; a `history` replaces an earlier one whole. Tool fakes are concatenated with the
 * most specific layer first, so a conversation's own fake is tried before a default one. Tags are
 * concatenated (deduplicated) in README's order: the defaults' the file's first, as its tool fakes,
 * then the conversation's own.
 */
export function mergeLayers(layers: Layer[]): MergedSettings {
  let merged: MergedSettings['merged'] = {};
  for (const { raw } of layers) {
    const { tags: _tags, toolFakes: _fakes, ...settings } = raw;
    const variables = mergeObjects(merged.variables, settings.variables);
    // `history` is not merged: each layer's is a whole source of context (a recorded conversation,
    // entries, or another conversation's session), so a later one replaces an earlier one.
    merged = { ...merged, ...settings, ...(variables && { variables }) };
  }
  const defaults = layers.slice(0, -1).reverse();
  const tags = [...new Set([...defaults, ...layers.slice(-1)].flatMap((l) => l.raw.tags ?? []))];
  const toolFakes = [...layers].reverse().flatMap((l) => toToolFakes(l));
  return { merged, tags, toolFakes };
}

function toToolFakes({ source, raw, at }: Layer): ToolFakeSpec[] {
  return (raw.toolFakes ?? []).map((f, i) => ({ ...f, loc: source.at([...at, 'toolFakes', i]) }));
}

export function toHistory(raw: HistoryDocument | undefined): HistorySpec | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) return raw;
  return { entries: raw.map(toHistoryEntry) };
}

function toHistoryEntry(e: HistoryEntryDocument): HistoryEntry {
  if (e.user !== undefined) return { user: e.user };
  if (e.role !== undefined) return { role: e.role, chunks: e.chunks ?? [] };
  // The schema requires one of user, role, agent or model.
  const text = e.agent ?? e.model ?? '';
  return e.name !== undefined ? { agent: text, name: e.name } : { agent: text };
}
