// Whether a hook's or matcher's return is a promise to wait for: code that calls user code (or
// reporters) stays synchronous when the callee is, since per-turn calls are on the run's hot path.

/** A then-able (a Promise, or another library's); anything else was returned synchronously. */
export function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
