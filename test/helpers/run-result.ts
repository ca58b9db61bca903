// Hand-built results for tests of what reads finished runs (src/compare): one run of a conversation
// with no turns, and a RunResult around such runs. Only what a test sets varies; the rest is filler
// that the readers under test do not look at.
import { RESULT_SCHEMA_VERSION, type ConversationResult, type RunResult } from '../../src/model/result.js';

export interface ConversationRunFields {
  specId: string;
  runIndex: number;
  /** How many times the conversation runs (its passRate's denominator). */
  repeat: number;
  status: ConversationResult['status'];
  file?: string;
}

export function conversationRun(c: ConversationRunFields): ConversationResult {
  return {
    id: `${c.specId}#${c.runIndex}`,
    specId: c.specId,
    name: c.specId,
    file: c.file ?? 'a.yaml',
    tags: [],
    runIndex: c.runIndex,
    repeat: c.repeat,
    modality: 'text',
    status: c.status,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    attempts: [],
    turns: [],
    assertions: [],
  };
}

export interface RunFields {
  runId: string;
  /** Compared runs are told apart (and a base newer than its head is warned about) by this. */
  startedAt: string;
  /** The agent the run targeted. */
  app: string;
  conversations: ConversationResult[];
}

export function runOf(r: RunFields): RunResult {
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    tool: { name: 'cxas-eval', version: 'test' },
    runId: r.runId,
    startedAt: r.startedAt,
    finishedAt: r.startedAt,
    durationMs: 1,
    target: { emulator: true, app: r.app, apiVersion: 'v1' },
    interrupted: false,
    status: 'passed',
    summary: { total: 0, passed: 0, failed: 0, error: 0, skipped: 0, interrupted: 0, passRate: 0 },
    conversations: r.conversations,
    repeats: [],
    errors: [],
  };
}
