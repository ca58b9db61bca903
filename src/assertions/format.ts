// Compact, readable renderings for one-line messages: {account_id: "123", n: 2}.
import type { JsonValue } from '../model/json.js';

const MAX_ACTUAL_CHARS = 200;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function renderKey(key: string): string {
  return IDENTIFIER.test(key) ? key : JSON.stringify(key);
}

/** JSON with bare keys and `, ` separators; `undefined` renders as `nothing`. */
export function render(value: JsonValue | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
  const parts = Object.entries(value).map(([k, v]) => `${renderKey(k)}: ${render(v)}`);
  return `{${parts.join(', ')}}`;
}

/** Cuts long text so one message stays on a line or two; the full value goes in `actual`. */
export function truncate(text: string, max = MAX_ACTUAL_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** What a message from user code (a custom matcher's) may hold: a few screens, not megabytes. */
const MAX_USER_MESSAGE_CHARS = 2000;

/**
 * A message written by user code, bounded: console, JUnit and HTML reports print it whole. A cut
 * one says so and how long it was.
 */
export function bounded(text: string, max = MAX_USER_MESSAGE_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}… [cut: ${text.length} characters in all]`;
}

/** A quoted, truncated string for messages. */
export function quote(text: string, max = MAX_ACTUAL_CHARS): string {
  return JSON.stringify(truncate(text, max));
}

/** `a.b[0]["x y"]`: where a mismatch is inside a value. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (!IDENTIFIER.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Two decimals, for scores in messages. */
export function score(n: number): string {
  return n.toFixed(2);
}
