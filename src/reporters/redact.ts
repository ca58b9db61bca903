// Secrets never reach a report: every string value of the result is masked before any reporter writes it.
import type { ConversationResult, RunResult } from '../model/result.js';

export const REDACTED = '[REDACTED]';

/** Patterns may come without the `g` flag; a mask must replace every occurrence. */
function globalise(patterns: readonly RegExp[]): RegExp[] {
  return patterns.map((p) => (p.global ? new RegExp(p.source, p.flags) : new RegExp(p.source, `${p.flags}g`)));
}

export function redactString(text: string, patterns: readonly RegExp[]): string {
  let out = text;
  for (const p of patterns) {
    p.lastIndex = 0;
    out = out.replace(p, REDACTED);
  }
  return out;
}

function redactValue(value: unknown, patterns: readonly RegExp[]): unknown {
  if (typeof value === 'string') return redactString(value, patterns);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, patterns));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, patterns);
    return out;
  }
  return value;
}

/**
 * Masks matches in every string value (agent and user text, variable values, tool args, messages...).
 * Keys are left alone so the structure stays valid against the schema. Returns a copy.
 */
export function redactRunResult(result: RunResult, patterns: RegExp[]): RunResult {
  return redactCopy(result, patterns);
}

/** redactRunResult for one conversation (reporters that write each conversation as it ends). */
export function redactConversation(c: ConversationResult, patterns: RegExp[]): ConversationResult {
  return redactCopy(c, patterns);
}

function redactCopy<T>(value: T, patterns: readonly RegExp[]): T {
  if (patterns.length === 0) return value;
  return redactValue(value, globalise(patterns)) as T;
}
