// Results handed to observers are final (observer.ts): they are frozen, with everything reachable
// from them, before the hook is called, so user code cannot turn a failed turn into a passed one
// in the run's own result (the run reads the same objects afterwards for its verdict and reports).

/** Roots frozen with all they reach: a conversation's turns, frozen at each turn's end, are not walked again. */
const deeplyFrozen = new WeakSet<object>();

/**
 * Freezes `value` and every plain object and array it reaches, in place (no copy: what observers
 * keep is the run's result itself). Typed arrays (audio) are left as they are (they cannot be frozen).
 * What a result shares with its spec (an expectation's options as `expected`, source locations) is
 * frozen with it: specs are not changed once loaded.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (deeplyFrozen.has(value) || ArrayBuffer.isView(value)) return value;
  deeplyFrozen.add(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}
