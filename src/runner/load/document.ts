// The validated boundary: a parsed spec file becomes a typed SpecDocument here, and only here, right
// after the JSON Schema accepted it. The types are generated from that schema (npm run gen:types),
// so everything after this point reads the document without casts.
import { SpecError, compileSchema, validateDocument, validateValueAt } from '../../validation/index.js';
import { readSchema } from '../../package-root.js';
import type { KeyPath, Source } from './source.js';
import type { SpecDocument } from './spec-document.generated.js';

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
  const errors = validateValueAt(compileSchema(readSchema('spec.schema.json')), source, source.file, at, value);
  const via = source.extra.via;
  return via ? errors.map((e) => new SpecError(e.code, { ...e.loc, via }, e.path, e.text)) : errors;
}
