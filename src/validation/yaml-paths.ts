// Walking a yaml Document by key path, the way its plain value is walked: aliases resolved, keys
// compared as strings, a key missing from a mapping looked up in its `<<` merges. `locate` and the
// position table of a cached parse (position-table.ts) both step with `child`, so they agree.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import type { SourceLocation } from '../model/location.js';

export interface Child {
  key: Node | null;
  value: Node | null;
}

/** One step from `node` by `seg`: a sequence by index, a mapping by key; undefined where there is none. */
export function child(doc: Document, node: Node | null, seg: string | number): Child | undefined {
  const resolved = isAlias(node) ? ((node.resolve(doc) as Node | undefined) ?? null) : node;
  if (isSeq(resolved) && typeof seg === 'number') {
    const item = resolved.items[seg] as Node | undefined;
    return item === undefined ? undefined : { key: null, value: item };
  }
  if (!isMap(resolved)) return undefined;
  const pairs = resolved.items as Array<Pair<Node | null, Node | null>>;
  const own = pairs.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
  if (own) return { key: own.key, value: own.value ?? own.key };
  return fromMergeKeys(doc, pairs, seg);
}

/** A key not written in the map itself may come from a `<<: *anchor` merge. */
function fromMergeKeys(
  doc: Document,
  pairs: Array<Pair<Node | null, Node | null>>,
  seg: string | number,
): Child | undefined {
  for (const pair of pairs) {
    if (!isMergeKey(pair.key)) continue;
    const sources = isSeq(pair.value) ? (pair.value.items as Node[]) : [pair.value];
    for (const source of sources) {
      const found = child(doc, source, seg);
      if (found) return found;
    }
  }
  return undefined;
}

/** With `merge: true` the yaml library gives `<<` keys a symbol value; plain strings otherwise. */
function isMergeKey(key: Node | null): boolean {
  return isScalar(key) && (key.value === '<<' || (typeof key.value === 'symbol' && key.source === '<<'));
}

/**
 * How a number or boolean scalar is written (`0042`, `2.50`, `True`), where that differs from the
 * text of the value it is read as (42, 2.5, true); undefined for any other node. Text put together
 * from such a value (`${each.pin}`) keeps what was written.
 */
export function writtenScalarText(doc: Document, node: Node | null): string | undefined {
  const resolved = isAlias(node) ? ((node.resolve(doc) as Node | undefined) ?? null) : node;
  if (!isScalar(resolved) || (typeof resolved.value !== 'number' && typeof resolved.value !== 'boolean'))
    return undefined;
  const written = resolved.source;
  return written !== undefined && written !== String(resolved.value) ? written : undefined;
}

/** The 1-based line and column of a source offset (never below 1:1). */
export function position(lineCounter: LineCounter, offset: number, file: string): SourceLocation {
  const { line, col } = lineCounter.linePos(offset);
  return { file, line: Math.max(1, line), col: Math.max(1, col) };
}
