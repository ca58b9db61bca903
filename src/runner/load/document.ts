// The validated boundary: a parsed spec file becomes a typed SpecDocument here, and only here, right
// after the JSON Schema accepted it. The types are generated from that schema (npm run gen:types),
// so everything after this point reads the document without casts.
import { SpecError, compileSchema, formatPath, validateDocument, validateValueAt } from '../../validation/index.js';
import { readSchema } from '../../package-root.js';
import type { KeyPath, Source } from './source.js';
import type { Conversation, Defaults, SpecDocument, ToolTest, Turn } from './spec-document.generated.js';

// `Defaults` are the settings a conversation shares with `defaults:` (a Conversation is Defaults & its own keys).
export type {
  Conversation as ConversationDocument,
  Defaults as SettingsDocument,
  Expectation as ExpectationDocument,
  History as HistoryDocument,
  HistoryEntry as HistoryEntryDocument,
  NegatedExpectation as NegatedExpectationDocument,
  SpecDocument,
  Turn as TurnDocument,
} from './spec-document.generated.js';
import { isJsonObject as isRecord } from '../../model/json.js';

export type Validated = { doc: SpecDocument; errors: [] } | { doc?: undefined; errors: SpecError[] };

/** The document typed, or the schema's errors at file:line:col. */
export function validateSpecDocument(source: Source): Validated {
  const errors = validateDocument(compileSchema(readSchema('spec.schema.json')), source, source.file);
  // The schema accepted this value, and the type was generated from that schema.
  return errors.length ? { errors } : { doc: source.value as SpecDocument, errors: [] };
}

/**
 * The schema's rules again for what `${each.k}` / `${with.k}` made of the node at `at` of `source`:
 * a value can break a rule its template kept (an empty cell in `user:` or `contains:`). Located where
 * the template is written, through the step use when there is one.
 */
export function validateSubstituted(source: Source, at: KeyPath, value: unknown): SpecError[] {
  const validate = compileSchema(readSchema('spec.schema.json'));
  const errors = validateValueAt(validate, source, source.file, at, value, conversationName);
  const via = source.extra.via;
  return via ? errors.map((e) => new SpecError(e.code, { ...e.loc, via }, e.path, e.text)) : errors;
}

/** A turn is checked inside a conversation, which the schema requires to have a name. */
const conversationName = (prefix: KeyPath): Record<string, unknown> | undefined =>
  prefix.length === 2 && prefix[0] === 'conversations' ? { name: '-' } : undefined;

/**
 * The parts of a document that are read after the schema: by the checks (checks.ts) and by the
 * builders (native-file.ts), with their places. Of a document with errors, only the parts without
 * any (cleanParts).
 */
export interface DocumentParts {
  app?: string;
  include?: string[];
  defaults?: Defaults;
  conversations: Array<[index: number, conversation: Conversation]>;
  steps: Array<[name: string, turns: Turn[]]>;
  toolTests?: ToolTest[];
  /** Steps with errors (reported): their uses are checked by name and parameters only. */
  uncheckedSteps?: string[];
  /** `include:` or `steps:` itself has errors: which steps exist is not known (none is unknown). */
  stepsUnknown?: boolean;
  /** `defaults` and conversations (by index) with errors: not built; names and references still count. */
  unbuilt?: { defaults: boolean; conversations: number[] };
}

/** Every part of a document the schema accepted. */
export function partsOf(doc: SpecDocument): DocumentParts {
  return {
    ...(doc.app !== undefined ? { app: doc.app } : {}),
    ...(doc.include ? { include: doc.include } : {}),
    ...(doc.defaults ? { defaults: doc.defaults } : {}),
    conversations: (doc.conversations ?? []).map((c, i) => [i, c]),
    steps: Object.entries(doc.steps ?? {}),
    ...(doc.toolTests ? { toolTests: doc.toolTests } : {}),
  };
}

/**
 * The parts of a document with errors that have none at or beneath them (`errors`: the schema's, then
 * with the checks' too). The schema validates each part by its own definition alone (no rule of it
 * relates two parts), so such a part is what its type says, and the checks and builders find its
 * mistakes in the same pass.
 */
export function cleanParts(source: Source, errors: readonly SpecError[]): DocumentParts {
  // Every node with an error at or beneath it, by key path (`a.b[2]`): each error path and its prefixes.
  const dirty = new Set<string>();
  for (const { path } of errors) {
    for (let i = 1; i < path.length; i++) if (path[i] === '.' || path[i] === '[') dirty.add(path.slice(0, i));
    dirty.add(path);
  }
  const clean = (at: Array<string | number>): boolean => !dirty.has(formatPath(at));
  const value = isRecord(source.value) ? source.value : {};
  const { app, include, defaults, conversations, steps, toolTests } = value;
  const parts: DocumentParts = { conversations: [], steps: [] };
  // The casts: the schema found nothing wrong beneath these nodes, and the types are generated from it.
  if (typeof app === 'string' && clean(['app'])) parts.app = app;
  if (include !== undefined && clean(['include'])) parts.include = include as string[];
  if ((include !== undefined && !parts.include) || (steps !== undefined && !isRecord(steps))) parts.stepsUnknown = true;
  const unbuilt = { defaults: defaults !== undefined, conversations: [] as number[] };
  if (isRecord(defaults) && clean(['defaults'])) {
    parts.defaults = defaults as Defaults;
    unbuilt.defaults = false;
  }
  if (Array.isArray(conversations)) {
    conversations.forEach((c: unknown, i) => {
      if (isRecord(c) && clean(['conversations', i])) parts.conversations.push([i, c as Conversation]);
      else unbuilt.conversations.push(i);
    });
  }
  parts.unbuilt = unbuilt;
  for (const [name, turns] of Object.entries(isRecord(steps) ? steps : {})) {
    if (Array.isArray(turns) && clean(['steps', name])) parts.steps.push([name, turns as Turn[]]);
    else (parts.uncheckedSteps ??= []).push(name);
  }
  if (toolTests !== undefined && clean(['toolTests'])) parts.toolTests = toolTests as ToolTest[];
  return parts;
}
