// Deadlines for user code that may never settle (custom matchers): the run must not wait forever on it.

export class DeadlineError extends Error {
  readonly code = 'TIMEOUT';
}

/** The value, or a DeadlineError once `ms` have passed. */
export function withDeadline<T>(value: T | Promise<T>, ms: number, message: string): Promise<T> {
  if (!(value instanceof Promise)) return Promise.resolve(value);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(message)), ms);
  });
  return Promise.race([value, expired]).finally(() => clearTimeout(timer));
}
