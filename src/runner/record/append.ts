// Recorded conversations written into a spec file without touching what is already there: the
// file's text is kept byte for byte and the new entries are appended to its `conversations` list
// (a block list ending the file, the usual case, when the append leaves every value it held as it
// was). Otherwise (a flow list, keys after the list, no list yet, a `|+` scalar ending the file) the
// yaml Document API inserts them, which keeps every comment and value but may re-indent the file.
// Each entry carries a comment saying where it came from, and every generated
// expectation and tool fake a trailing `# generated`, so a reviewer sees what no one wrote.
import { isDeepStrictEqual } from 'node:util';
import { Document, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLSeq } from 'yaml';
import type { JsonObject } from '../../model/json.js';

export interface RecordedEntry {
  /** The conversation in native form (conversation.ts `recordedNative`). */
  conversation: JsonObject;
  /** Lines of the comment written above it (without `#`). */
  comment: string[];
}

const GENERATED = ' generated';
const STRINGIFY = { lineWidth: 0, flowCollectionPadding: false } as const;

/** The text of a new spec file holding `entries`. */
export function newSpecText(entries: readonly RecordedEntry[], schemaPath: string, header: string[] = []): string {
  const doc = new Document({ conversations: [] });
  doc.commentBefore = [` yaml-language-server: $schema=${schemaPath}`, ...header.map((l) => ` ${l}`)].join('\n');
  const list = doc.get('conversations') as YAMLSeq;
  for (const entry of entries) list.items.push(entryNode(doc, entry));
  return doc.toString(STRINGIFY);
}

/**
 * `existing` (a spec file's text) with `entries` appended to its conversations. Throws with a
 * one-line reason when the file is not a YAML mapping it can add to (nothing is written then).
 */
export function appendToSpecText(existing: string, entries: readonly RecordedEntry[], schemaPath: string): string {
  const lineCounter = new LineCounter();
  const doc = parseDocument(existing, { lineCounter });
  if (doc.errors.length) throw new Error(`it is not valid YAML (${doc.errors[0]!.message.split('\n')[0]})`);
  if (doc.contents === null) {
    if (existing.trim() === '') return newSpecText(entries, schemaPath);
    const keep = existing.endsWith('\n') ? existing : `${existing}\n`; // comments only: kept above the list
    return `${keep}conversations:\n${entriesText(entries, 2)}`;
  }
  if (!isMap(doc.contents)) throw new Error('it is not a YAML mapping (a spec file is `conversations: [...]`)');
  const list = doc.contents.get('conversations', true);
  if (list !== undefined && !isSeq(list)) throw new Error('its `conversations` is not a list');
  if (list?.range && !list.flow && endsDocument(list.range[2], existing)) {
    const column = lineCounter.linePos(list.range[0]).col - 1;
    const appended = appendText(existing, entries, column);
    if (keepsValues(doc.toJS(), appended)) return appended;
    // A `|+` block scalar ending the file keeps every newline after it: text appended there grows it.
  }
  const seq = list ?? (doc.createNode([]) as YAMLSeq);
  if (!list) doc.set('conversations', seq);
  for (const entry of entries) seq.items.push(entryNode(doc, entry));
  return doc.toString(STRINGIFY);
}

/** The names of the conversations a spec file's text already holds (for unique names). */
export function conversationNames(text: string): string[] {
  const doc = parseDocument(text);
  const list = isMap(doc.contents) ? doc.contents.get('conversations', true) : undefined;
  if (!isSeq(list)) return [];
  return list.items.flatMap((item) => {
    const name = isMap(item) ? item.get('name', true) : undefined;
    return isScalar(name) && typeof name.value === 'string' ? [name.value] : [];
  });
}

/** The appended text still holds every value the file held (one more conversation aside). */
function keepsValues(before: unknown, appendedText: string): boolean {
  const after = parseDocument(appendedText).toJS() as { conversations?: unknown[] } | null;
  const { conversations = [], ...rest } = (before ?? {}) as { conversations?: unknown[] };
  if (!after || !Array.isArray(after.conversations)) return false;
  const kept = { ...after, conversations: after.conversations.slice(0, conversations.length) };
  return isDeepStrictEqual(kept, { ...rest, conversations });
}

/** Nothing but whitespace and comments follows the list: appended text lands inside it. */
function endsDocument(listEnd: number, text: string): boolean {
  const rest = text.slice(listEnd);
  return rest.split('\n').every((line) => /^\s*(#.*)?$/.test(line));
}

function appendText(existing: string, entries: readonly RecordedEntry[], column: number): string {
  const separator = existing.endsWith('\n') ? '\n' : '\n\n';
  return `${existing}${separator}${entriesText(entries, column)}`;
}

/** The entries as block-list items starting at `column`. */
function entriesText(entries: readonly RecordedEntry[], column: number): string {
  const doc = new Document([]);
  for (const entry of entries) (doc.contents as YAMLSeq).items.push(entryNode(doc, entry));
  const indent = ' '.repeat(column);
  return doc
    .toString(STRINGIFY)
    .split('\n')
    .map((line) => (line === '' ? line : indent + line))
    .join('\n');
}

function entryNode(doc: Document, entry: RecordedEntry): Node {
  const node = doc.createNode(entry.conversation, { aliasDuplicateObjects: false }) as Node;
  node.commentBefore = entry.comment.map((l) => ` ${l}`).join('\n');
  if (isMap(node)) {
    for (const fake of listItems(node.get('toolFakes', true))) markGenerated(fake);
    for (const turn of listItems(node.get('turns', true)))
      if (isMap(turn)) for (const e of listItems(turn.get('expect', true))) markGenerated(e);
    for (const e of listItems(node.get('expect', true))) markGenerated(e);
  }
  return node;
}

const listItems = (node: unknown): unknown[] => (isSeq(node) ? node.items : []);

/** One line per generated item: its value written in flow style, `# generated` after it. */
function markGenerated(item: unknown): void {
  if (!isMap(item)) return;
  item.flow = item.items.length > 1;
  const last = item.items.at(-1)?.value;
  if (isMap(last) || isSeq(last)) last.flow = true;
  if (item.flow) item.comment = GENERATED;
  else if (isNode(last)) last.comment = GENERATED;
}
