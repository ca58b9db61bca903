// Platform results become the canonical RunResult (src/model/result.ts) through the one builder,
// `finalizeRun`, so every reporter, exit code and merge-reports decides their verdict as for local runs.
import { randomUUID } from 'node:crypto';
import type { ConversationResult, ErrorInfo, RunPolicy, RunResult, RunTarget } from '../model/result.js';
import { finalizeRun } from '../model/finalize.js';

export interface RunResultParts {
  runId?: string;
  /** cxas-eval's version (TOOL_VERSION of src/package-root.ts, passed in by the CLI). */
  toolVersion: string;
  startedAt: Date;
  target: RunTarget;
  conversations: ConversationResult[];
  errors?: ErrorInfo[];
  interrupted?: boolean;
  /** Required pass rate of each repeated conversation (by spec id) that sets one. */
  passRates?: ReadonlyMap<string, number>;
  /** The config's run policy (`failOnSkipped`), as a local run applies it. */
  policy?: RunPolicy;
}

export function buildRunResult(parts: RunResultParts): RunResult {
  return finalizeRun({
    runId: parts.runId ?? randomUUID(),
    toolVersion: parts.toolVersion,
    startedAt: parts.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    target: parts.target,
    conversations: parts.conversations,
    errors: parts.errors ?? [],
    interrupted: parts.interrupted ?? false,
    ...(parts.passRates?.size ? { passRates: parts.passRates } : {}),
    ...(parts.policy ? { policy: parts.policy } : {}),
  });
}
