// Bounded retries: the server's delay (RetryInfo / Retry-After) when it sent one, else exponential
// back-off with jitter; every wait is capped so a huge server delay cannot stall a run, and a wait
// that would end past the caller's deadline is not started: the call fails at once, saying why.
import { LlmCallError, abortable } from './abort.js';

export interface RetryPolicy {
  /** Total attempts, including the first (>= 1). */
  attempts: number;
  /** First back-off when the server named no delay. */
  baseDelayMs: number;
  /** Cap on any single wait, the server's included. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 30_000 };

function backoffMs(policy: RetryPolicy, failedAttempt: number, serverDelayMs: number | undefined): number {
  if (serverDelayMs !== undefined) return Math.min(serverDelayMs, policy.maxDelayMs);
  const exp = policy.baseDelayMs * 2 ** (failedAttempt - 1);
  return Math.min(policy.maxDelayMs, exp * (0.5 + Math.random() / 2));
}

/**
 * Runs `attempt(n)` until it succeeds, fails with a non-retryable error, or attempts run out.
 * `deadlineMs` (a `Date.now()` time): no wait is started that would end after it.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  signal: AbortSignal,
  attempt: (n: number) => Promise<T>,
  deadlineMs: number = Infinity,
): Promise<{ value: T; attempts: number }> {
  for (let n = 1; ; n++) {
    try {
      return { value: await attempt(n), attempts: n };
    } catch (err) {
      const retryable = err instanceof LlmCallError && err.retryable;
      if (!retryable || n >= policy.attempts || signal.aborted) throw withAttempts(err, n);
      const waitMs = backoffMs(policy, n, err.retryAfterMs);
      if (Date.now() + waitMs >= deadlineMs) throw pastDeadline(err, n, waitMs);
      await abortable(sleep(waitMs), signal);
    }
  }
}

/** The retry the server asked for would end after the caller's deadline: fail now instead of waiting. */
function pastDeadline(err: LlmCallError, attempts: number, waitMs: number): LlmCallError {
  const asked = err.retryAfterMs !== undefined ? 'the server asked to retry in' : 'the next retry was due in';
  return new LlmCallError(
    err.code,
    `${err.message} (after ${attempts} attempt${attempts === 1 ? '' : 's'}; ${asked} ${Math.round(waitMs)} ms, ` +
      "past the call's deadline)",
    { ...err.opts, retryable: false },
  );
}

function withAttempts(err: unknown, attempts: number): unknown {
  // A budget stop names the requests it counted; the attempt it refused was never sent.
  if (err instanceof LlmCallError && attempts > 1 && err.code !== 'JUDGE_BUDGET') {
    return new LlmCallError(err.code, `${err.message} (after ${attempts} attempts)`, { ...err.opts, retryable: false });
  }
  return err;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
