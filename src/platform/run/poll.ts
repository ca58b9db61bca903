// RunEvaluation, then the two waits cxas-scrapi skipped: the long-running operation until it names
// the evaluation run, then the run until COMPLETED, ERROR or CANCELLED (QUEUED and RUNNING go on),
// with exponential back-off, a progress callback, and an overall deadline.
import { setTimeout as sleep } from 'node:timers/promises';
import type { JsonObject } from '../../model/json.js';
import type { PlatformClient } from '../grpc.js';
import { CesError } from '../../client/index.js';

export interface StartRunOptions {
  evaluations: string[];
  runCount?: number;
  goldenRunMethod?: 'stable' | 'naive';
  toolCalls?: 'fake' | 'real';
  displayName?: string;
}

export interface PollOptions {
  /** Overall deadline from the start of the run. */
  timeoutMs: number;
  /** First wait between polls (doubles up to maxIntervalMs). */
  intervalMs?: number;
  maxIntervalMs?: number;
  onProgress?(run: JsonObject): void;
  signal?: AbortSignal;
}

export type RunWait =
  | { kind: 'finished'; run: JsonObject }
  | { kind: 'timeout'; run?: JsonObject; operation: string; elapsedMs: number }
  | { kind: 'operationFailed'; operation: string; message: string };

const TERMINAL = new Set(['COMPLETED', 'ERROR', 'CANCELLED']);

export async function startRun(client: PlatformClient, opts: StartRunOptions): Promise<JsonObject> {
  const config: JsonObject = opts.toolCalls ? { toolCallBehaviour: opts.toolCalls === 'fake' ? 'FAKE' : 'REAL' } : {};
  return client.call(
    'EvaluationService',
    'RunEvaluation',
    {
      app: client.app,
      evaluations: opts.evaluations,
      ...(opts.runCount !== undefined ? { runCount: opts.runCount } : {}),
      ...(opts.goldenRunMethod ? { goldenRunMethod: opts.goldenRunMethod.toUpperCase() } : {}),
      ...(Object.keys(config).length ? { config } : {}),
      ...(opts.displayName ? { displayName: opts.displayName } : {}),
    },
    'app',
  );
}

/** The run's name from the operation: metadata.evaluationRun once set, or the response when done. */
function runNameOf(op: JsonObject): string | undefined {
  const meta = op['metadata'] as JsonObject | undefined;
  const res = op['response'] as JsonObject | undefined;
  const name = meta?.['evaluationRun'] ?? res?.['evaluationRun'];
  return typeof name === 'string' && name !== '' ? name : undefined;
}

export async function waitForRun(client: PlatformClient, operation: JsonObject, opts: PollOptions): Promise<RunWait> {
  const started = Date.now();
  const opName = String(operation['name']);
  let interval = opts.intervalMs ?? 1000;
  const pause = async () => {
    await sleep(
      Math.min(interval, Math.max(0, opts.timeoutMs - (Date.now() - started))),
      undefined,
      opts.signal ? { signal: opts.signal } : {},
    );
    interval = Math.min(interval * 2, opts.maxIntervalMs ?? 15_000);
  };
  const expired = () => Date.now() - started >= opts.timeoutMs;
  let op = operation;
  while (!runNameOf(op)) {
    const error = op['error'] as JsonObject | undefined;
    if (op['done'] === true && error)
      return {
        kind: 'operationFailed',
        operation: opName,
        message: `${String(error['code'] ?? '')} ${String(error['message'] ?? '')}`.trim(),
      };
    if (op['done'] === true)
      return {
        kind: 'operationFailed',
        operation: opName,
        message: 'the operation finished without naming an evaluation run',
      };
    if (expired()) return { kind: 'timeout', operation: opName, elapsedMs: Date.now() - started };
    await pause();
    const next = await unlessDeadline(client.call('Operations', 'GetOperation', { name: opName }, 'name'));
    if (!next) return { kind: 'timeout', operation: opName, elapsedMs: Date.now() - started };
    op = next;
  }
  const runName = runNameOf(op)!;
  interval = opts.intervalMs ?? 1000;
  let last: JsonObject | undefined;
  for (;;) {
    const run = await unlessDeadline(client.call('EvaluationService', 'GetEvaluationRun', { name: runName }, 'name'));
    const timedOut = { kind: 'timeout' as const, operation: opName, elapsedMs: Date.now() - started };
    if (!run) return last ? { ...timedOut, run: last } : timedOut;
    last = run;
    opts.onProgress?.(run);
    if (TERMINAL.has(String(run['state']))) return { kind: 'finished', run };
    if (expired()) return { ...timedOut, run };
    await pause();
  }
}

/**
 * A poll the platform did not answer by the call's deadline (the caller's --timeout, or the per-call
 * limit) ends the wait as a timeout, with what the earlier polls saw, rather than as a failure.
 */
async function unlessDeadline(call: Promise<JsonObject>): Promise<JsonObject | undefined> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof CesError && err.code === 'DEADLINE_EXCEEDED') return undefined;
    throw err;
  }
}
