// Runs users' `custom:` matcher modules off the main thread: one worker thread per module, kept for
// the run so calls stay cheap. User code can loop forever, call process.exit, throw outside the call
// or leave a rejection unhandled; in a worker each of these ends that worker only, and the calls in
// flight on it become the expectations' `error`, while the run, its signals and its reports go on.
// A call that does not settle by its deadline is an error at once; the worker is then asked for a
// sign of life, and one that gives none (a synchronous loop) is stopped (terminate() interrupts even
// that), failing the calls stuck behind it; the next call starts a fresh worker. A worker that still
// answers is kept: the late call's promise is abandoned, the other calls in flight go on.
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import { CannotEvaluateError, boundedUserText } from '../../assertions/index.js';
import { CUSTOM_WORKER_SOURCE } from './custom-worker-source.js';

/** An error as the worker describes it (errors do not cross threads as objects). */
export interface WorkerError {
  name: string;
  message: string;
  code?: string;
}

type FromWorker =
  | { kind: 'loaded'; exports: Record<string, string> }
  | { kind: 'load-failed'; error: WorkerError }
  | { kind: 'returned'; id: number; value: unknown }
  | { kind: 'threw'; id: number; error: WorkerError }
  | { kind: 'pong' };

/** Why a module's load or call failed when the run ended (or was aborted) first. */
const STOPPED = 'was stopped: the run ended';

/** How long a worker has to answer a ping after a call missed its deadline. */
const SIGN_OF_LIFE_MS = 250;

/** The module's exports (name → typeof), or why it could not be loaded. */
export type ModuleLoad = { ok: true; exports: Record<string, string> } | { ok: false; error: WorkerError };

interface PendingCall {
  resolve(value: unknown): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * node:worker_threads, loaded with the first custom matcher's module: every run loads this file,
 * few use custom matchers, and the module with what it loads (~0.7 ms) is start-up time otherwise.
 */
const workerThreads = (): typeof import('node:worker_threads') =>
  createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');

/** One worker running one module. Once ended (crash, exit, deadline, stop) it takes no more calls. */
class ModuleWorker {
  readonly loaded: Promise<ModuleLoad>;
  ended = false;
  private readonly worker: Worker;
  private readonly pending = new Map<number, PendingCall>();
  private nextId = 0;
  private settleLoad: (load: ModuleLoad) => void = () => undefined;
  private unanswered: NodeJS.Timeout | undefined;

  constructor(url: string, loadTimeoutMs: number) {
    this.loaded = new Promise((resolve) => (this.settleLoad = resolve));
    this.worker = new (workerThreads().Worker)(CUSTOM_WORKER_SOURCE, { eval: true, workerData: { url } });
    // The run never waits for a matcher's worker to end on its own.
    this.worker.unref();
    const loadTimer = setTimeout(
      () => this.end(`did not finish loading within ${loadTimeoutMs} ms; its worker was stopped`),
      loadTimeoutMs,
    );
    void this.loaded.finally(() => clearTimeout(loadTimer));
    this.worker.on('message', (m: FromWorker) => this.receive(m));
    this.worker.on('error', (err) =>
      this.end(`threw outside the call (uncaught ${err.name}: ${boundedUserText(err.message)})`),
    );
    this.worker.on('exit', (code) => this.end(`ended its worker with process.exit(${code})`));
  }

  call(exportName: string, input: unknown, timeoutMs: number): Promise<unknown> {
    if (this.ended) return Promise.reject(new CannotEvaluateError('its worker had ended'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.timedOut(id, timeoutMs), timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      try {
        this.worker.postMessage({ kind: 'call', id, exportName, input });
      } catch (err) {
        this.settle(id, (p) => p.reject(new CannotEvaluateError(`could not be given its input: ${String(err)}`)));
      }
    });
  }

  /** Ends the worker; every call in flight fails with `reason`, a load in progress too. */
  end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.unanswered);
    this.settleLoad({ ok: false, error: { name: 'Error', message: reason } });
    for (const id of [...this.pending.keys()]) this.settle(id, (p) => p.reject(new CannotEvaluateError(reason)));
    void this.worker.terminate();
  }

  private timedOut(id: number, ms: number): void {
    this.settle(id, (p) => p.reject(new CannotEvaluateError(`did not settle within ${ms} ms`)));
    if (this.unanswered || this.ended) return;
    this.unanswered = setTimeout(
      () => this.end(`was stopped: its worker stopped responding after a call did not settle within ${ms} ms`),
      SIGN_OF_LIFE_MS,
    );
    this.worker.postMessage({ kind: 'ping' });
  }

  private receive(m: FromWorker): void {
    if (m.kind === 'pong') {
      clearTimeout(this.unanswered);
      this.unanswered = undefined;
    } else if (m.kind === 'loaded') this.settleLoad({ ok: true, exports: m.exports });
    else if (m.kind === 'load-failed')
      this.settleLoad({ ok: false, error: { ...m.error, message: boundedUserText(m.error.message) } });
    // A structured clone keeps cycles, BigInts and Maps, which JSON cannot write: custom.ts checks the value.
    else if (m.kind === 'returned') this.settle(m.id, (p) => p.resolve(m.value));
    else this.settle(m.id, (p) => p.reject(new CannotEvaluateError(`threw: ${boundedUserText(m.error.message)}`)));
  }

  private settle(id: number, how: (p: PendingCall) => void): void {
    const call = this.pending.get(id);
    if (!call) return;
    this.pending.delete(id);
    clearTimeout(call.timer);
    how(call);
  }
}

/** The workers of one run, by module URL; closed when the run ends or is aborted. */
export class CustomMatcherHost {
  private readonly workers = new Map<string, ModuleWorker>();
  private closed = false;

  constructor(private readonly loadTimeoutMs: number) {}

  /** Starts the module's worker and waits for its exports (or why it failed); none once closed. */
  load(url: string): Promise<ModuleLoad> {
    if (this.closed) return Promise.resolve({ ok: false, error: { name: 'Error', message: STOPPED } });
    return this.worker(url).loaded;
  }

  /** Calls an export in the module's worker (a fresh one if the last one ended); rejects by the deadline. */
  async call(url: string, exportName: string, input: unknown, timeoutMs: number): Promise<unknown> {
    if (this.closed) throw new CannotEvaluateError('was not called: the run had ended');
    const worker = this.worker(url);
    const load = await worker.loaded;
    if (!load.ok) throw new CannotEvaluateError(`could not be loaded again: ${load.error.message}`);
    return worker.call(exportName, input, timeoutMs);
  }

  close(): void {
    this.closed = true;
    for (const worker of this.workers.values()) worker.end(STOPPED);
    this.workers.clear();
  }

  private worker(url: string): ModuleWorker {
    const current = this.workers.get(url);
    if (current && !current.ended) return current;
    const fresh = new ModuleWorker(url, this.loadTimeoutMs);
    this.workers.set(url, fresh);
    return fresh;
  }
}
