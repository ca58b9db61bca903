// Secrets never reach a report. The masking itself is src/model/redact.ts (goldens and file names use
// it too); these helpers keep the reporters' own `redact` option for library callers. The CLI masks the
// model once, before any reporter sees it (redacting-observer.ts), and gives reporters no patterns.
import type { ConversationResult, RunResult } from '../model/result.js';
import { Redactor } from '../model/redact.js';

export function redactString(text: string, patterns: readonly RegExp[]): string {
  return new Redactor(patterns).text(text);
}

/** A masked copy: every string, and every key and scalar of free-form data (src/model/redact.ts). */
export function redactRunResult(result: RunResult, patterns: readonly RegExp[]): RunResult {
  return new Redactor(patterns).model(result);
}

/** redactRunResult for one conversation (reporters that write each conversation as it ends). */
export function redactConversation(c: ConversationResult, patterns: readonly RegExp[]): ConversationResult {
  return new Redactor(patterns).model(c);
}
