// YAML with positions: parse once, keep the Document (or, for a text parsed before, the position
// table the parse cache kept: parse-cache.ts), and map key paths back to line:col.
import {
  Alias,
  isAlias,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type Node,
  type Scalar,
} from 'yaml';
import type { SourceLocation } from '../model/location.js';
import { SpecError, sortErrors } from './errors.js';
import { expandedSizePast } from './expanded-size.js';
import { inputLimits, sizeText } from './limits.js';
import { cachedParse, keepParse, yamlCacheTakes } from './parse-cache.js';
import { PositionTable } from './position-table.js';
import { child, position, writtenScalarText } from './yaml-paths.js';

/** Where a parsed file's nodes are written: its Document, or the position table of a cached parse. */
export type YamlDoc = Document | PositionTable;

export interface ParsedYaml {
  doc: YamlDoc;
  /** The plain JS value (aliases expanded, `<<` merged); null when the YAML has syntax errors. */
  value: unknown;
  errors: SpecError[];
}

/** Line counters of the documents we parsed, so `locate` needs only the document. */
const lineCounters = new WeakMap<Document, LineCounter>();

/** Bounds alias expansion so a "billion laughs" file is an error, not an out-of-memory. */
const MAX_ALIAS_COUNT = 1000;

export function parseYaml(text: string, file: string): ParsedYaml {
  const cached = cachedParse(text);
  if (cached) return { doc: cached.table, value: cached.value, errors: [] };
  const lineCounter = new LineCounter();
  const doc = parseDocumentOf(text, lineCounter);
  lineCounters.set(doc, lineCounter);
  const errors = [
    ...doc.errors.map((e) => syntaxOrDepthError(e.message, position(lineCounter, e.pos[0], file))),
    ...doc.warnings
      .filter((w) => REFUSED_WARNINGS.has(w.code))
      .map((w) => tagError(text.slice(w.pos[0], w.pos[1]), position(lineCounter, w.pos[0], file))),
  ];
  if (errors.length) return { doc, value: null, errors: sortErrors(errors) };
  const problem = structureProblem(doc, inputLimits().nestingDepth);
  if (problem?.kind === 'deep')
    return { doc, value: null, errors: [depthError(position(lineCounter, problem.at, file))] };
  if (problem?.kind === 'tag') {
    const tag = problem.tag.replace(/^tag:yaml\.org,2002:/, '!!');
    return { doc, value: null, errors: [tagError(tag, position(lineCounter, tagStart(text, problem.at), file))] };
  }
  if (problem?.kind === 'duplicate') {
    const loc = position(lineCounter, problem.at, file);
    return {
      doc,
      value: null,
      errors: [new SpecError('YAML_SYNTAX', loc, '', 'YAML syntax error: Map keys must be unique')],
    };
  }
  if (problem?.kind === 'keys') {
    const keys = problem.keys.map(
      (k) => new SpecError('WRONG_TYPE', position(lineCounter, k.at, file), '', keyText(k.what)),
    );
    return { doc, value: null, errors: sortErrors(keys) };
  }
  if (problem?.kind === 'inexact') {
    const inexact = problem.scalars.map((s) => inexactIntegerError(s, position(lineCounter, s.range?.[0] ?? 0, file)));
    return { doc, value: null, errors: sortErrors(inexact) };
  }
  const past = expandedSizePast(doc, inputLimits().expandedBytes);
  if (past) return { doc, value: null, errors: [expandedError(position(lineCounter, past.at, file))] };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? null;
  } catch (err) {
    // An unresolved alias, or one past the expansion bound: at that alias; a `<<` whose source is
    // not a map: at that `<<`.
    const message = (err as Error).message;
    const node = /^Merge sources/.test(message) ? badMerge(doc) : failingAlias(doc);
    const at = node?.range ? position(lineCounter, node.range[0], file) : { file, line: 1, col: 1 };
    return { doc, value: null, errors: [syntaxOrDepthError(message, at)] };
  }
  const table = yamlCacheTakes() ? PositionTable.of(doc, lineCounter, value) : undefined;
  if (table) keepParse(text, value, table);
  return { doc, value, errors };
}

/**
 * Warnings of the parser that are errors here. A tag it cannot resolve (`!foo`, `!!map` on a
 * list) would be dropped silently, the value read as if untagged: cxas-eval files use no tags, so
 * it is a mistake (or a file meant for another tool). Other warnings (an unsupported `%YAML`
 * version, an unknown directive, a flow collection's indentation) do not change the value read.
 */
const REFUSED_WARNINGS = new Set(['TAG_RESOLVE_FAILED', 'BAD_COLLECTION_TYPE']);

/**
 * The alias whose expansion made `doc.toJS` throw (unresolved, or past MAX_ALIAS_COUNT): the
 * conversion is run again with each alias noting its own failure (only after a failure, which is
 * rare; the bound keeps it cheap).
 */
function failingAlias(doc: Document): Alias | undefined {
  let failed: Alias | undefined;
  const aliases: Alias[] = [];
  visit(doc, {
    Alias(_key, node) {
      aliases.push(node);
    },
  });
  for (const alias of aliases) {
    Object.defineProperty(alias, 'toJSON', {
      configurable: true,
      value(...args: Parameters<Alias['toJSON']>) {
        try {
          return Alias.prototype.toJSON.apply(alias, args);
        } catch (err) {
          failed ??= alias;
          throw err;
        }
      },
    });
  }
  try {
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    // The failure already reported; only its place was wanted.
  } finally {
    for (const alias of aliases) delete (alias as { toJSON?: unknown }).toJSON;
  }
  return failed;
}

/**
 * The first `<<` key (in reading order) whose source is not a map, an alias of one, or a list of
 * those: the parser's "Merge sources must be maps or map aliases" says neither which nor where.
 */
function badMerge(doc: Document): Node | undefined {
  const resolved = (n: unknown) => (isAlias(n) ? n.resolve(doc) : n);
  const mergesMaps = (source: unknown): boolean => {
    const node = resolved(source);
    return isMap(node) || (isSeq(node) && node.items.every((item) => isMap(resolved(item))));
  };
  let found: Node | undefined;
  visit(doc, {
    Pair(_key, pair) {
      if (!isMergeKey(pair.key) || mergesMaps(pair.value)) return undefined;
      found = pair.key;
      return visit.BREAK;
    },
  });
  return found;
}

/** A `<<` key as the parser reads it with `merge: true` (a plain `<<`, resolved to a symbol). */
function isMergeKey(key: unknown): key is Scalar {
  if (!isScalar(key)) return false;
  const v: unknown = key.value;
  return (typeof v === 'symbol' && v.description === '<<') || (v === '<<' && key.type === 'PLAIN');
}

function parseDocumentOf(text: string, lineCounter?: LineCounter): Document {
  // uniqueKeys is checked in one pass (structureProblem): the parser's own check compares each key
  // with every earlier one (a 30,000-key map took 20 s to parse).
  return parseDocument(text, { lineCounter, merge: true, prettyErrors: false, uniqueKeys: false });
}

/** The Document of a parse (what a cached one lacks is parsed again from `text`, the same text). */
export function yamlDocument(doc: YamlDoc, text: string): Document {
  return doc instanceof PositionTable ? parseDocumentOf(text) : doc;
}

/** A value past the size bound once its aliases are expanded (expanded-size.ts), at where it crossed it. */
function expandedError(loc: SourceLocation): SpecError {
  const limit = sizeText(inputLimits().expandedBytes);
  return new SpecError(
    'TOO_LARGE',
    loc,
    '',
    `with its aliases expanded, the file's value goes over ${limit} here (config limits.expandedBytes)`,
  );
}

function depthError(loc: SourceLocation): SpecError {
  const limit = inputLimits().nestingDepth;
  return new SpecError(
    'TOO_DEEP',
    loc,
    '',
    `nested deeper than ${limit} levels (the limit of mappings and lists inside each other)`,
  );
}

/** Where the tag of the node at `at` is written (before it, maybe on an earlier line), else `at`. */
function tagStart(text: string, at: number): number {
  let i = text.lastIndexOf('!', at);
  if (i < 0) return at;
  while (i > 0 && !/[\s,[\]{}]/.test(text[i - 1]!)) i--;
  return i;
}

/** A tag the parser could not apply, named as written (`!foo`, `!!map` on a list). */
function tagError(tag: string, loc: SourceLocation): SpecError {
  const hint = 'these files use no tags: remove it, or quote a value starting with "!"';
  // `!!int` on `1.5`, `!!map` on a list: a standard tag, not for that value.
  const standard = JSON_TAGS.has(tag.replace(/^!!/, 'tag:yaml.org,2002:'));
  return new SpecError(
    'YAML_SYNTAX',
    loc,
    '',
    `YAML tag ${tag} ${standard ? 'does not fit its value' : 'is not supported'} (${hint})`,
  );
}

/** The parser's own recursion can run out of stack before the depth check: that is the same limit. */
function syntaxOrDepthError(message: string, loc: SourceLocation): SpecError {
  if (/Maximum call stack size exceeded/.test(message)) return depthError(loc);
  return new SpecError('YAML_SYNTAX', loc, '', `YAML syntax error: ${firstLine(message)}`);
}

type StructureProblem =
  | { kind: 'deep' | 'duplicate'; at: number }
  | { kind: 'keys'; keys: Array<{ at: number; what: KeyKind }> }
  | { kind: 'tag'; at: number; tag: string }
  | { kind: 'inexact'; scalars: Scalar[] };

/** An integer as YAML 1.2 (core schema) writes one: decimal, `0o` octal or `0x` hexadecimal. */
const INTEGER = /^[-+]?(?:\d+|0o[0-7]+|0x[\da-f]+)$/i;

/**
 * An integer literal a JavaScript number cannot hold exactly (beyond ±2^53): the parser rounds it
 * silently, so the long id `12345678901234567890` would be read, and matched, as
 * 12345678901234567000. Written as a string it keeps every digit.
 */
function isInexactInteger(node: unknown): node is Scalar {
  return (
    isScalar(node) &&
    typeof node.value === 'number' &&
    !Number.isSafeInteger(node.value) &&
    INTEGER.test(node.source ?? '')
  );
}

function inexactIntegerError(node: Scalar, loc: SourceLocation): SpecError {
  const written = String(node.source);
  return new SpecError(
    'BAD_VALUE',
    loc,
    '',
    `the integer ${written} is beyond ±2^53 and would be read as ${String(node.value)}: ` +
      `quote it as a string ("${written}")`,
  );
}

/** Tags whose values JSON has (`!` is the non-specific tag: a string). */
const JSON_TAGS = new Set([
  '!',
  ...['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`),
]);

/**
 * The first node nested deeper than `limit`, a node with a tag whose value JSON does not have (the
 * parser makes `!!binary` a Buffer, `!!set` a Set, `!!timestamp` a Date), or the first repeated key
 * of a mapping (scalar keys equal as the property names they become), found in one pass without
 * recursion; else every key that is no name (a list, a map, null); else every integer literal a
 * number cannot hold exactly.
 */
function structureProblem(doc: Document, limit: number): StructureProblem | undefined {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: doc.contents, depth: 0 }];
  const inexact: Scalar[] = [];
  const badKeys: Array<{ at: number; what: KeyKind }> = [];
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    if (isInexactInteger(node)) inexact.push(node);
    if (isNode(node) && node.tag !== undefined && !JSON_TAGS.has(node.tag))
      return { kind: 'tag', at: node.range?.[0] ?? 0, tag: node.tag };
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth >= limit) return { kind: 'deep', at: node.range?.[0] ?? 0 };
    const keys = isMap(node) ? new Set<string>() : undefined;
    for (const item of node.items as unknown[]) {
      if (!isPair(item)) {
        stack.push({ node: item, depth: depth + 1 });
        continue;
      }
      const badKey = keys && keyKind(doc, item.key);
      if (badKey) badKeys.push({ at: keyStart(item), what: badKey });
      else if (keys && isScalar(item.key)) {
        // Keys become JavaScript property names: `1` and `"1"` (or `true` and `"true"`) are one key,
        // and the later would silently replace the earlier.
        const key = String(item.key.value);
        if (keys.has(key)) return { kind: 'duplicate', at: item.key.range?.[0] ?? 0 };
        keys.add(key);
      }
      stack.push({ node: item.key, depth: depth + 1 }, { node: item.value, depth: depth + 1 });
    }
  }
  if (badKeys.length) return { kind: 'keys', keys: badKeys };
  return inexact.length ? { kind: 'inexact', scalars: inexact } : undefined;
}

type KeyKind = 'list' | 'map' | 'null';

/**
 * A mapping key that is no name: a list or map (`? [a, b]`), which JavaScript would turn into the
 * text "[ a, b ]" (and the parser warn on stderr), or null (`~:`, `? null`, nothing before `:`),
 * which would become the key "". Through an alias, what it names.
 */
function keyKind(doc: Document, key: unknown): KeyKind | undefined {
  const node = isAlias(key) ? key.resolve(doc) : key;
  if (isSeq(node)) return 'list';
  if (isMap(node)) return 'map';
  if (node === null || node === undefined || (isScalar(node) && node.value === null)) return 'null';
  return undefined;
}

/** Where a key is written; a missing one (`: x`) at its value. */
function keyStart(pair: { key: unknown; value: unknown }): number {
  const at = (n: unknown) => (isNode(n) ? n.range?.[0] : undefined);
  return at(pair.key) ?? at(pair.value) ?? 0;
}

function keyText(what: KeyKind): string {
  if (what === 'null')
    return 'a mapping key is null or empty (~, null, or nothing before ":"): keys are names; quote "null" for the word';
  return `a mapping key is a ${what}: keys are names (text), so write it as a quoted string`;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

/**
 * Where the node at `path` is written. With `key: true` the position of its key (for unknown
 * keys); a path that does not exist resolves to the deepest node that does.
 */
/**
 * How the number or boolean at `path` is written where that differs from its value's text (`pin:
 * 0042` is read as 42): undefined for any other value, or a path the document does not have.
 */
export function writtenText(doc: YamlDoc, path: ReadonlyArray<string | number>): string | undefined {
  if (doc instanceof PositionTable) return doc.writtenText(path);
  let node: Node | null = (doc.contents as Node | null) ?? null;
  for (const seg of path) {
    const next = child(doc, node, seg);
    if (!next) return undefined;
    node = next.value;
  }
  return writtenScalarText(doc, node);
}

export function locate(
  doc: YamlDoc,
  path: ReadonlyArray<string | number>,
  file: string,
  opts: { key?: boolean } = {},
): SourceLocation {
  if (doc instanceof PositionTable) return doc.locate(path, file, opts);
  const lineCounter = lineCounters.get(doc);
  if (!lineCounter) return { file, line: 1, col: 1 };
  let node: Node | null = (doc.contents as Node | null) ?? null;
  let keyNode: Node | null = null;
  for (const seg of path) {
    const next = child(doc, node, seg);
    if (!next) break;
    [node, keyNode] = [next.value, next.key];
  }
  const target = opts.key && keyNode ? keyNode : node;
  const offset = target?.range?.[0];
  return offset === undefined ? { file, line: 1, col: 1 } : position(lineCounter, offset, file);
}
