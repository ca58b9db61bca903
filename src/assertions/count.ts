// `count:` options (a whole number or {min, max}) shared by toolCall, payload, citations and transfer.
import type { Count } from '../model/spec-expectations.generated.js';
import { plural } from './format.js';

export interface CountRange {
  min: number;
  max: number;
}

/**
 * The `count` option as a range, or undefined when absent. The schema makes it a whole number or
 * {min, max} of whole numbers, and the loader refuses a min above its max.
 */
export function countRange(count: Count | undefined): CountRange | undefined {
  if (count === undefined) return undefined;
  if (typeof count === 'number') return { min: count, max: count };
  return { min: count.min ?? 0, max: count.max ?? Number.POSITIVE_INFINITY };
}

export function inRange(count: CountRange, n: number): boolean {
  return n >= count.min && n <= count.max;
}

/** ` exactly 2 times`, ` at least 1 time`, ...; '' without a count. */
export function countPhrase(count: CountRange | undefined): string {
  if (!count) return '';
  if (count.min === count.max) return ` exactly ${plural(count.min, 'time')}`;
  if (count.max === Number.POSITIVE_INFINITY) return ` at least ${plural(count.min, 'time')}`;
  if (count.min === 0) return ` at most ${plural(count.max, 'time')}`;
  return ` between ${count.min} and ${count.max} times`;
}
