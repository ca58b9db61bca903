// The size of a YAML document's value once its aliases are expanded, found on the parsed document
// before it becomes a JS value: a 1 MB string referenced by 900 aliases is 900 MB once converted
// (`maxAliasCount` counts alias nodes, not bytes), which took 10 s and 1 GB to validate and made a
// run die with "Invalid string length". Refused past `limits.expandedBytes` instead.
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';

/**
 * Roughly the bytes of the value written as JSON: a string's UTF-8 bytes and its quotes, other
 * scalars as written by JSON, 2 for brackets and 1 per item or `:`. Close to the text's size for a
 * file without aliases; an alias counts what it names.
 */
function scalarSize(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value) + 2;
  if (value === null || value === undefined) return 4;
  return String(value).length;
}

interface Frame {
  node: Node;
  children: unknown[];
  next: number;
  total: number;
}

/**
 * Where the expanded value first goes past `limit` bytes, in reading order: the offset of the alias
 * (or the value) whose size crosses it, or undefined when the whole value is within it. One walk
 * without recursion; each anchored node's size is kept, so an alias adds its target's size without
 * walking it again. Aliases resolve as the parser resolves them (the last anchor of that name before
 * the alias); one inside the node it names (a cycle, a reference in the JS value) adds nothing.
 */
export function expandedSizePast(doc: Document, limit: number): { at: number } | undefined {
  const anchored = new Map<string, Node>();
  const sizes = new Map<Node, number>();
  const stack: Frame[] = [];
  let written = 0;
  // Adds one contribution to every open collection (through the innermost frame) and the running
  // total; true once the total is past the limit.
  const add = (bytes: number): boolean => {
    if (stack.length) stack[stack.length - 1]!.total += bytes;
    written += bytes;
    return written > limit;
  };
  const enter = (item: unknown): { at: number } | undefined => {
    const at = (item as Node | null)?.range?.[0] ?? 0;
    if (isAlias(item)) {
      const target = anchored.get(item.source);
      return add(target ? (sizes.get(target) ?? 0) : 0) ? { at } : undefined;
    }
    if (isScalar(item)) {
      if (item.anchor) anchored.set(item.anchor, item);
      const bytes = scalarSize(item.value);
      if (item.anchor) sizes.set(item, bytes);
      return add(bytes) ? { at } : undefined;
    }
    if (isMap(item) || isSeq(item)) {
      if (item.anchor) anchored.set(item.anchor, item);
      const children = isMap(item) ? item.items.flatMap((pair) => [pair.key, pair.value]) : [...item.items];
      // Brackets, and a separator per item (`,` or `:`).
      stack.push({ node: item, children, next: 0, total: 0 });
      return add(2 + children.length) ? { at } : undefined;
    }
    if (isPair(item)) return enter(item.value);
    // An empty value (`key:` with nothing after it): null.
    return add(4) ? { at } : undefined;
  };
  const first = enter(doc.contents);
  if (first) return first;
  while (stack.length) {
    const frame = stack[stack.length - 1]!;
    if (frame.next < frame.children.length) {
      const past = enter(frame.children[frame.next++]);
      if (past) return past;
      continue;
    }
    stack.pop();
    if (frame.node.anchor) sizes.set(frame.node, frame.total);
    // The running total already holds it; only the enclosing collection's own total grows.
    if (stack.length) stack[stack.length - 1]!.total += frame.total;
  }
  return undefined;
}
