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
  /**
   * `run`: the last state a poll read; `runName`: the run the operation named, once it did;
   * `lastFailure`: why the last poll failed, when it did (a transient failure, retried until then).
   */
  | { kind: 'timeout'; run?: JsonObject; runName?: string; operation: string; elapsedMs: number; lastFailure?: string }
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

/**
 * Polls the operation, then the run, until it ends or the deadline passes: `timeoutMs` from now, or
 * the client's own (--timeout), whichever comes first. A poll that fails transiently (UNAVAILABLE,
 * its own per-call deadline passed, ...) is retried with the same back-off: polls only read, and one
 * slow answer says nothing about the run. Any other platform error throws.
 */
export async function waitForRun(client: PlatformClient, operation: JsonObject, opts: PollOptions): Promise<RunWait> {
  const started = Date.now();
  const opName = String(operation['name']);
  const timeLeft = () => Math.min(opts.timeoutMs - (Date.now() - started), client.timeLeftMs());
  let interval = opts.intervalMs ?? 1000;
  let failure: CesError | undefined;
  const pause = async () => {
    // A platform that asks for a longer wait (RetryInfo) gets it.
    const wanted = Math.max(interval, failure?.retryDelayMs ?? 0);
    await sleep(Math.min(wanted, Math.max(0, timeLeft())), undefined, opts.signal ? { signal: opts.signal } : {});
    interval = Math.min(interval * 2, opts.maxIntervalMs ?? 15_000);
  };
  // The last poll's failure, if it failed; one cut short because the time was up is the timeout
  // itself, and leaves the failure before it to report.
  const note = (answer: JsonObject | CesError) => {
    if (!(answer instanceof CesError)) failure = undefined;
    else if (!(answer.code === 'DEADLINE_EXCEEDED' && timeLeft() <= 0)) failure = answer;
  };
  const timedOut = (run?: JsonObject, runName?: string): RunWait => ({
    kind: 'timeout',
    operation: opName,
    elapsedMs: Date.now() - started,
    ...(run ? { run } : {}),
    ...(runName ? { runName } : {}),
    ...(failure ? { lastFailure: `${failure.code}: ${failure.message}` } : {}),
  });
  let op = operation;
  while (!runNameOf(op)) {
    const ended = operationEnded(op, opName);
    if (ended) return ended;
    if (timeLeft() <= 0) return timedOut();
    await pause();
    const next = await poll(() => client.call('Operations', 'GetOperation', { name: opName }, 'name'));
    note(next);
    if (!(next instanceof CesError)) op = next;
  }
  const runName = runNameOf(op)!;
  interval = opts.intervalMs ?? 1000;
  let last: JsonObject | undefined;
  for (;;) {
    const run = await poll(() => client.call('EvaluationService', 'GetEvaluationRun', { name: runName }, 'name'));
    note(run);
    if (!(run instanceof CesError)) {
      last = run;
      opts.onProgress?.(run);
      if (TERMINAL.has(String(run['state']))) return { kind: 'finished', run };
    }
    if (timeLeft() <= 0) return timedOut(last, runName);
    await pause();
  }
}

/** An operation done without naming a run: failed, with its error or without one. */
function operationEnded(op: JsonObject, opName: string): RunWait | undefined {
  if (op['done'] !== true) return undefined;
  const error = op['error'] as JsonObject | undefined;
  const message = error
    ? `${String(error['code'] ?? '')} ${String(error['message'] ?? '')}`.trim()
    : 'the operation finished without naming an evaluation run';
  return { kind: 'operationFailed', operation: opName, message };
}

/** A poll's answer, or its transient failure (CesError `transient`: retried by the caller); anything else throws. */
async function poll(call: () => Promise<JsonObject>): Promise<JsonObject | CesError> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof CesError && err.transient) return err;
    throw err;
  }
}
