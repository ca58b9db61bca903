// Small DOM helpers of the page script. Content only ever goes in through textContent or an
// attribute of a created element: never innerHTML.
import type { WordPart } from '../words.js';

/** A created element with an optional class and text (as textContent). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  cls?: string,
  text?: string | number | null,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

/** The page's element with that id, of that type: the server wrote it, so its absence is a bug. */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const e = document.getElementById(id);
  if (!(e instanceof type)) throw new Error(`the report page has no #${id} ${type.name}`);
  return e;
}

export function ms(v: number): string {
  return v < 1000 ? `${Math.round(v)}ms` : `${(v / 1000).toFixed(1)}s`;
}

/** Word-level difference: removed words marked in the expected text (`-`), added ones in the actual (`+`). */
export function wordsInto<T extends HTMLElement>(parent: T, words: WordPart[], side: '-' | '+'): T {
  for (const [op, text] of words) {
    if (op === '=') parent.appendChild(document.createTextNode(text));
    else if (op === side) parent.appendChild(el(side === '-' ? 'del' : 'ins', '', text));
  }
  return parent;
}
