// The author's comments in a cxas-scrapi file, each given to the entry it describes, so `convert`
// can write it above the native entry that entry became.
import { isMap, isNode, isScalar, Parser, type Document } from 'yaml';
import type { Path } from './context.js';

interface SourceComment {
  offset: number;
  end: number;
  text: string;
}

/** A mapped entry of the source: where it was written and what it became. */
export interface Traced<T> {
  target: T;
  path: Path;
}

/** Comments for each target (in source order), plus those no entry owns (for the file header). */
export interface OwnedComments<T> {
  byTarget: Map<T, string[]>;
  unowned: string[];
}

export function ownComments<T>(text: string, doc: Document, entries: Array<Traced<T>>): OwnedComments<T> {
  const spans = entries.flatMap((e) => {
    const span = spanOf(doc, e.path);
    return span ? [{ ...span, target: e.target, depth: e.path.length }] : [];
  });
  const out: OwnedComments<T> = { byTarget: new Map(), unowned: [] };
  for (const c of commentsOf(text)) {
    const owner = introduced(text, c, spans) ?? innermost(c, spans);
    if (!owner) out.unowned.push(c.text);
    else out.byTarget.set(owner.target, [...(out.byTarget.get(owner.target) ?? []), c.text]);
  }
  return out;
}

type Span<T> = { start: number; end: number; target: T; depth: number };

/**
 * The outermost entry that starts right after the comment: only comments, blanks, `-` and nested
 * bare keys (`expectations:` introducing a list) between.
 */
function introduced<T>(text: string, c: SourceComment, spans: Array<Span<T>>): Span<T> | undefined {
  const lineStart = text.lastIndexOf('\n', c.offset - 1) + 1;
  if (text.slice(lineStart, c.offset).trim() !== '') return undefined;
  const next = spans.filter((s) => s.start >= c.end && onlyLayoutBetween(text, c.end, s.start));
  return next.sort((a, b) => a.start - b.start || a.depth - b.depth)[0];
}

function onlyLayoutBetween(text: string, from: number, to: number): boolean {
  return text
    .slice(from, to)
    .split('\n')
    .every((line) => /^[\s-]*(#.*)?$/.test(line) || /^\s+[\w$"'-]+:\s*(#.*)?$/.test(line));
}

/** The deepest entry whose text contains the comment (a trailing comment, or one inside an entry). */
function innermost<T>(c: SourceComment, spans: Array<Span<T>>): Span<T> | undefined {
  const containing = spans.filter((s) => s.start <= c.offset && c.offset <= s.end);
  return containing.sort((a, b) => b.depth - a.depth || b.start - a.start)[0];
}

/** From the key (for a map entry) to the end of the value, including a comment on its last line. */
function spanOf(doc: Document, path: Path): { start: number; end: number } | undefined {
  if (path.length === 0) return { start: 0, end: Number.MAX_SAFE_INTEGER };
  const node = doc.getIn(path, true);
  if (!isNode(node) || !node.range) return undefined;
  const parent = doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === last) : undefined;
  const keyStart = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
  return { start: keyStart ?? node.range[0], end: node.range[2] };
}

/** Every `#` comment of the file, found in yaml's concrete syntax tree (so `#` inside strings is not one). */
function commentsOf(text: string): SourceComment[] {
  const found: SourceComment[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if (isCommentToken(v)) {
        found.push({ offset: v.offset, end: v.offset + v.source.length, text: v.source.replace(/^#/, '') });
      }
      for (const [k, child] of Object.entries(v)) if (k !== 'source') walk(child);
    }
  };
  for (const token of new Parser().parse(text)) walk(token);
  return found.sort((a, b) => a.offset - b.offset);
}

/** A `#` comment token of yaml's concrete syntax tree. */
function isCommentToken(v: object): v is { type: 'comment'; offset: number; source: string } {
  return (
    'type' in v &&
    v.type === 'comment' &&
    'offset' in v &&
    typeof v.offset === 'number' &&
    'source' in v &&
    typeof v.source === 'string'
  );
}
