// Conversation warnings (ConversationResult.warnings: something configured that took no part, such
// as a tool fake that answered no call), once per conversation and message over its repeats.
import type { ConversationWarning, RunResult } from '../model/result.js';
import { formatLocation } from '../model/location.js';

export interface RunWarning {
  /** `file › name` of the conversation. */
  title: string;
  warning: ConversationWarning;
  /** `file:line:col` where it was configured (or the conversation's position). */
  location: string;
}

export function runWarnings(result: Pick<RunResult, 'conversations'>): RunWarning[] {
  const seen = new Set<string>();
  const out: RunWarning[] = [];
  for (const c of result.conversations) {
    for (const warning of c.warnings ?? []) {
      const key = `${c.specId}\u0000${warning.code}\u0000${warning.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ title: `${c.file} › ${c.name}`, warning, location: formatLocation(warning.loc ?? c.loc) });
    }
  }
  return out;
}

/** One line a warning reads as in text reports. */
export function warningLine(w: RunWarning): string {
  return `${w.title}: ${w.warning.message} (${w.warning.code}) at ${w.location}`;
}
