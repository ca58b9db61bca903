// Awaiting a promise that must reject: the test fails when it resolves or rejects with another kind
// of error, and the error comes back typed for the test's own checks of its code and message.
import { expect } from 'vitest';

export async function rejectionOf<E extends Error>(
  p: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  const err: unknown = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(type);
  return err as E;
}
