// `count:` options (a whole number or {min, max}) shared by toolCall, payload, citations and transfer.
import { isJsonObject, type JsonValue } from '../model/json.js';
import { plural } from './format.js';
import type { Options } from './options.js';

export interface CountRange {
  min: number;
  max: number;
}

function isCount(n: JsonValue | undefined): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0;
}

/** The `count` option, or undefined when absent; a malformed one is BadOptionsError. */
export function parseCount(o: Options): CountRange | undefined {
  const raw = o.raw('count');
  if (raw === undefined) return undefined;
  if (isCount(raw)) return { min: raw, max: raw };
  const min = isJsonObject(raw) ? raw.min : undefined;
  const max = isJsonObject(raw) ? raw.max : undefined;
  const valid =
    (min === undefined || isCount(min)) &&
    (max === undefined || isCount(max)) &&
    (min !== undefined || max !== undefined) &&
    (min === undefined || max === undefined || min <= max);
  if (!valid) return o.fail('count', 'a whole number or {min, max}');
  return { min: min ?? 0, max: max ?? Number.POSITIVE_INFINITY };
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
