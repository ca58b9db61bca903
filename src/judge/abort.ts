// Abort plumbing shared by retries and timeouts.
import { LlmCallError } from './types.js';

export { LlmCallError };

/**
 * Rejects with the signal's reason (an LlmCallError for our timeouts) as soon as it aborts. The
 * given promise is always handled: it was started before this call (an SDK request sent with the
 * same signal), and when the abort wins, its own rejection would otherwise be unhandled and end
 * the embedding process after the run returned.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {}); // superseded by the abort, which is what the caller is told
    return Promise.reject(abortReason(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

export function abortReason(signal: AbortSignal): LlmCallError {
  const reason: unknown = signal.reason;
  return reason instanceof LlmCallError ? reason : new LlmCallError('JUDGE_CANCELLED', 'the call was cancelled');
}

/** A signal that aborts after `timeoutMs` with a JUDGE_TIMEOUT error, or when `parent` aborts. */
export function attemptSignal(
  timeoutMs: number,
  parent: AbortSignal | undefined,
): { signal: AbortSignal; done(): void } {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new LlmCallError('JUDGE_TIMEOUT', `no reply within ${timeoutMs} ms`)),
    timeoutMs,
  );
  const onParent = () => controller.abort(parent?.reason);
  if (parent?.aborted) onParent();
  else parent?.addEventListener('abort', onParent, { once: true });
  return {
    signal: controller.signal,
    done() {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParent);
    },
  };
}
