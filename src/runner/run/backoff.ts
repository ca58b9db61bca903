// Exponential back-off with full jitter, never shorter than what the server asked for.
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  random?: () => number;
}

const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 200, maxMs: 10_000 };

/** Delay before retry number `attempt` (1-based). */
export function backoffDelay(
  attempt: number,
  serverDelayMs: number | undefined,
  opts: BackoffOptions = DEFAULT_BACKOFF,
): number {
  const ceiling = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = (opts.random ?? Math.random)() * ceiling;
  return Math.max(serverDelayMs ?? 0, jittered);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
