// Where every node of a parsed YAML file is written, as plain data: what a cached parse keeps
// instead of the yaml Document (parse-cache.ts), so that errors and locations found in a file read
// from the cache name the same line and column as those of a file just parsed. The table mirrors
// the file's plain value: each place the value has, found in the Document with the same step as
// `locate` (yaml-paths.ts `child`), with the position of its node and of its key.
import type { Document, LineCounter, Node } from 'yaml';
import type { SourceLocation } from '../model/location.js';
import { child, position, writtenScalarText } from './yaml-paths.js';

/** [line, col], 1-based; null where the node has no position (located at 1:1, as `locate` does). */
type Pos = [number, number] | null;

/** A node of the table, as JSON: its position, its key's (map entries only) and its children. */
export interface PositionNode {
  at: Pos;
  /** Absent for the root and sequence items (no key node). */
  key?: Pos;
  items?: Array<PositionNode | null>;
  entries?: Array<[string, PositionNode]>;
  /** A number or boolean written otherwise than its value reads (`0042`): yaml-paths.ts writtenScalarText. */
  text?: string;
}

/** A value larger than this is not tabled (nor cached): alias expansion can multiply a file's nodes. */
const MAX_NODES = 100_000;

export class PositionTable {
  private readonly maps = new WeakMap<PositionNode, Map<string, PositionNode>>();

  private constructor(readonly root: PositionNode) {}

  /**
   * The table of `value`, the plain value of `doc`; undefined when the value is not plain JSON
   * (`.inf`, `.nan`, -0, or anything but strings, finite numbers, booleans, null, arrays and plain
   * objects), so that its JSON would not give the same value back, or when it is too large.
   */
  static of(doc: Document, lineCounter: LineCounter, value: unknown): PositionTable | undefined {
    const budget = { nodes: MAX_NODES };
    const root = tableOf(doc, lineCounter, doc.contents as Node | null, value, budget);
    return root ? new PositionTable(root) : undefined;
  }

  static fromJSON(root: PositionNode): PositionTable {
    return new PositionTable(root);
  }

  toJSON(): PositionNode {
    return this.root;
  }

  /** As `writtenText` on the Document (yaml.ts): how the number or boolean at `path` is written. */
  writtenText(path: ReadonlyArray<string | number>): string | undefined {
    let node: PositionNode | undefined = this.root;
    for (const seg of path) node = node && this.step(node, seg);
    return node?.text;
  }

  /** As `locate` on the Document (yaml.ts): the deepest node of `path` that exists, or its key. */
  locate(path: ReadonlyArray<string | number>, file: string, opts: { key?: boolean } = {}): SourceLocation {
    let node = this.root;
    let key: Pos | undefined;
    for (const seg of path) {
      const next = this.step(node, seg);
      if (!next) break;
      [node, key] = [next, next.key];
    }
    const target = opts.key && key !== undefined ? key : node.at;
    return target ? { file, line: target[0], col: target[1] } : { file, line: 1, col: 1 };
  }

  private step(node: PositionNode, seg: string | number): PositionNode | undefined {
    if (node.items && typeof seg === 'number') return node.items[seg] ?? undefined;
    if (!node.entries) return undefined;
    let map = this.maps.get(node);
    if (!map) this.maps.set(node, (map = new Map(node.entries)));
    return map.get(String(seg));
  }
}

function tableOf(
  doc: Document,
  lineCounter: LineCounter,
  node: Node | null,
  value: unknown,
  budget: { nodes: number },
): PositionNode | undefined {
  if (--budget.nodes < 0 || !isPlainJson(value)) return undefined;
  const at = posOf(lineCounter, node);
  if (Array.isArray(value)) {
    const items: Array<PositionNode | null> = [];
    for (let i = 0; i < value.length; i++) {
      const step = child(doc, node, i);
      if (!step && !isPlainJsonDeep(value[i], budget)) return undefined;
      const item = step ? tableOf(doc, lineCounter, step.value, value[i], budget) : null;
      if (item === undefined) return undefined;
      items.push(item);
    }
    return { at, items };
  }
  if (value === null || typeof value !== 'object') {
    const text = writtenScalarText(doc, node);
    return text === undefined ? { at } : { at, text };
  }
  const entries: Array<[string, PositionNode]> = [];
  for (const [name, inner] of Object.entries(value)) {
    const step = child(doc, node, name);
    if (!step) {
      if (!isPlainJsonDeep(inner, budget)) return undefined;
      continue; // a key the Document cannot step to (a complex key): `locate` stops above it too
    }
    const entry = tableOf(doc, lineCounter, step.value, inner, budget);
    if (!entry) return undefined;
    entries.push([name, step.key ? { ...entry, key: posOf(lineCounter, step.key) } : entry]);
  }
  return { at, entries };
}

function posOf(lineCounter: LineCounter, node: Node | null): Pos {
  const offset = node?.range?.[0];
  if (offset === undefined) return null;
  const { line, col } = position(lineCounter, offset, '');
  return [line, col];
}

/** Whether JSON gives this value back as it is (one level: arrays and objects are walked by the caller). */
function isPlainJson(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object':
      if (value === null || Array.isArray(value)) return true;
      return Object.getPrototypeOf(value) === Object.prototype;
    default:
      return false;
  }
}

function isPlainJsonDeep(value: unknown, budget: { nodes: number }): boolean {
  if (--budget.nodes < 0 || !isPlainJson(value)) return false;
  if (value === null || typeof value !== 'object') return true;
  return Object.values(value).every((inner) => isPlainJsonDeep(inner, budget));
}
