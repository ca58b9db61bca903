// Platform and tool-test results become the canonical RunResult (src/model/result.ts), judged by
// the same rules as local runs, so every reporter, exit code and merge-reports works unchanged.
import { randomUUID } from 'node:crypto';
import type { ConversationResult, ErrorInfo, RunResult, RunTarget } from '../model/result.js';
import { RESULT_SCHEMA_VERSION } from '../model/result.js';
import { summarize } from '../model/summary.js';
import { repeatSummaries, runVerdict } from '../model/verdict.js';

export interface RunResultParts {
  runId?: string;
  /** cxas-eval's version (src/version.ts, passed in by the CLI). */
  toolVersion: string;
  startedAt: Date;
  target: RunTarget;
  conversations: ConversationResult[];
  errors?: ErrorInfo[];
  interrupted?: boolean;
}

export function buildRunResult(parts: RunResultParts): RunResult {
  const finished = new Date();
  const result: RunResult = {
    schemaVersion: RESULT_SCHEMA_VERSION,
    tool: { name: 'cxas-eval', version: parts.toolVersion },
    runId: parts.runId ?? randomUUID(),
    startedAt: parts.startedAt.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - parts.startedAt.getTime(),
    target: parts.target,
    interrupted: parts.interrupted ?? false,
    status: 'passed',
    summary: summarize(parts.conversations),
    conversations: parts.conversations,
    repeats: repeatSummaries(parts.conversations),
    errors: parts.errors ?? [],
  };
  result.status = judge(result);
  return result;
}

/** Adds tool-test (or other) results to a finished local run and judges it again. */
export function addConversations(result: RunResult, extra: ConversationResult[]): void {
  if (extra.length === 0) return;
  result.conversations.push(...extra);
  const finished = new Date();
  result.finishedAt = finished.toISOString();
  result.durationMs = finished.getTime() - Date.parse(result.startedAt);
  result.summary = summarize(result.conversations);
  const known = new Set(result.repeats.map((r) => r.specId));
  result.repeats.push(...repeatSummaries(extra).filter((r) => !known.has(r.specId)));
  result.status = judge(result);
}

/** The run's verdict (src/model/verdict.ts); a platform-level error makes a passing run an error. */
function judge(r: RunResult): RunResult['status'] {
  const status = runVerdict(r.conversations, r.repeats, r.interrupted);
  return r.errors.length && status === 'passed' ? 'error' : status;
}
