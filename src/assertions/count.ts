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

/**
 * How many observed items matched: under the check's own rules, and (`leniently`) under the rules a
 * lenient spec would apply, when those differ and the count has a maximum. An exact comparison
 * matches fewer items, so it may prove a minimum but never keeps a maximum: "at most N" (and
 * `count: 0`) is held against the lenient tally, and strict is never weaker than lenient.
 */
export interface Tally {
  matching: number;
  leniently?: number;
}

/** Whether the lenient tally is needed: a maximum to keep, and rules stricter than lenient. */
export function needsLenientTally(count: CountRange | undefined, stricter: boolean): boolean {
  return stricter && count !== undefined && count.max !== Number.POSITIVE_INFINITY;
}

/** Without a count: at least one. With one: the minimum by the own tally, the maximum by the lenient one. */
export function tallyHolds(count: CountRange | undefined, tally: Tally): boolean {
  if (!count) return tally.matching >= 1;
  return tally.matching >= count.min && (tally.leniently ?? tally.matching) <= count.max;
}

/** ` (2 matching)`, or ` (2 matching, 3 leniently)` when the lenient tally differs. */
export function tallyPhrase(tally: Tally): string {
  const lenient =
    tally.leniently === undefined || tally.leniently === tally.matching ? '' : `, ${tally.leniently} leniently`;
  return ` (${tally.matching} matching${lenient})`;
}

/** A count that only bounds from above (`0`, `{max: n}`): the whole check is then lenient. */
export function onlyAtMost(count: CountRange | undefined): boolean {
  return count !== undefined && count.min === 0;
}
