// Structural matching of an expected value (with operators) against an actual one.
// Shared by toolCall args/response, payload, variables and the runner's toolFakes.whenArgs.
import { asNumber, isJsonObject, type JsonObject, type JsonValue } from '../model/json.js';
import type { MatchStyle } from '../model/spec.js';
import { childPath, render, truncate } from './format.js';
import { checkOperators, isOperatorObject } from './operators.js';

export type MatchMode = 'subset' | 'exact';

/** How objects compare when the options do not say: exactly under `match: strict`, else as a subset. */
export function modeForStyle(style: MatchStyle): MatchMode {
  return style === 'strict' ? 'exact' : 'subset';
}

export interface ValueMatch {
  ok: boolean;
  /** One line per difference, naming where: `account_id: expected "123", got "124"`. */
  mismatches: string[];
}

/**
 * Objects: every expected key must match (`subset` allows extra actual keys, `exact` does not).
 * Arrays: same length, element by element. Scalars: strictly equal, except that a number matches
 * the same number written as a string. Operator objects (`{$regex: ...}`) test the value instead.
 * Throws BadOptionsError for a malformed operator.
 */
export function matchValue(
  expected: JsonValue,
  actual: JsonValue | undefined,
  mode: MatchMode = 'subset',
  exactScalars = false,
): ValueMatch {
  return matchValueAt(expected, actual, mode, '', exactScalars);
}

/**
 * matchValue with mismatches named from `path` (e.g. `args`). `exactScalars` (native specs under
 * `match: strict`): no number/numeric-string leniency, `42.5` does not match `"42.5"`.
 */
export function matchValueAt(
  expected: JsonValue,
  actual: JsonValue | undefined,
  mode: MatchMode,
  path: string,
  exactScalars = false,
): ValueMatch {
  const mismatches: string[] = [];
  compare(expected, actual, { mode, exactScalars }, path, mismatches);
  return { ok: mismatches.length === 0, mismatches };
}

/**
 * Deep equality with operators, for $contains and $oneOf: with the number/numeric-string leniency
 * unless the scalars are type-exact (an operator must not loosen a strict spec).
 */
function sameValue(exactScalars: boolean): (expected: JsonValue, actual: JsonValue) => boolean {
  return (expected, actual) => matchValue(expected, actual, 'exact', exactScalars).ok;
}

function at(path: string): string {
  return path ? `${path}: ` : '';
}

function describe(expected: JsonValue, actual: JsonValue | undefined): string {
  return `expected ${truncate(render(expected), 120)}, got ${truncate(render(actual), 120)}`;
}

interface Rules {
  mode: MatchMode;
  exactScalars: boolean;
}

function compare(expected: JsonValue, actual: JsonValue | undefined, rules: Rules, path: string, out: string[]): void {
  if (isOperatorObject(expected)) {
    for (const failure of checkOperators(expected, actual, sameValue(rules.exactScalars))) out.push(at(path) + failure);
  } else if (actual === undefined) {
    out.push(at(path) + describe(expected, actual));
  } else if (Array.isArray(expected)) {
    compareArrays(expected, actual, rules, path, out);
  } else if (isJsonObject(expected)) {
    compareObjects(expected, parseJsonObject(actual), rules, path, out);
  } else if (rules.exactScalars ? expected !== actual : !sameScalar(expected, actual)) {
    out.push(at(path) + describe(expected, actual) + roundedHint(expected, actual));
  }
}

function compareArrays(expected: JsonValue[], actual: JsonValue, rules: Rules, path: string, out: string[]): void {
  if (!Array.isArray(actual) || actual.length !== expected.length) {
    out.push(at(path) + describe(expected, actual));
    return;
  }
  expected.forEach((item, i) => compare(item, actual[i], rules, childPath(path, i), out));
}

function compareObjects(expected: JsonObject, actual: JsonValue, rules: Rules, path: string, out: string[]): void {
  if (!isJsonObject(actual)) {
    out.push(at(path) + describe(expected, actual));
    return;
  }
  for (const [key, value] of Object.entries(expected))
    compare(value, own(actual, key), rules, childPath(path, key), out);
  if (rules.mode === 'subset') return;
  for (const key of Object.keys(actual)) {
    if (!Object.hasOwn(expected, key))
      out.push(`${childPath(path, key)}: unexpected key, got ${truncate(render(actual[key]), 120)}`);
  }
}

/** Own keys only: `valueOf` or `constructor` must not be found on the prototype. */
function own(object: JsonObject, key: string): JsonValue | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Tool args sometimes arrive as a JSON string; an expected object is compared with its parse (as cxas-scrapi does). */
function parseJsonObject(actual: JsonValue): JsonValue {
  if (typeof actual !== 'string' || !actual.trimStart().startsWith('{')) return actual;
  try {
    return JSON.parse(actual) as JsonValue;
  } catch {
    return actual;
  }
}

/**
 * Lenient scalars: equal, or a number and a decimal string writing that very number: `42` matches
 * `"42"`, `"42.0"` and `"4.2e1"`, not `"0042"`. Reading the string as a number is not enough: a long
 * id rounds to the same double as its neighbours (`"12345678901234567999"` and
 * `"12345678901234567890"` both read as 12345678901234567000), so the string must write exactly
 * the value the number prints as.
 */
function sameScalar(expected: JsonValue, actual: JsonValue): boolean {
  if (expected === actual) return true;
  if (typeof expected === 'number' && typeof actual === 'string') return writesNumber(actual, expected);
  if (typeof expected === 'string' && typeof actual === 'number') return writesNumber(expected, actual);
  return false;
}

/**
 * Why a long id written as a string does not match a number that reads the same: the number (from
 * JSON, where every number is a double) lost its last digits, and which ones it had is unknown.
 */
function roundedHint(expected: JsonValue, actual: JsonValue): string {
  const [n, text] = typeof expected === 'number' ? [expected, actual] : [actual, expected];
  const rounded = typeof n === 'number' && Number.isInteger(n) && !Number.isSafeInteger(n);
  return rounded && typeof text === 'string' && asNumber(text) === n
    ? ` (${String(n)} is beyond ±2^53, rounded: its exact digits are unknown)`
    : '';
}

function writesNumber(text: string, n: number): boolean {
  return asNumber(text) === n && decimalValue(text) === decimalValue(String(n));
}

const NUMERAL = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/**
 * A decimal numeral's exact value as `[-]digits e exponent` with no leading or trailing zeros in
 * the digits, so that `"42"`, `"42.0"` and `"4.2e1"` give one key, and `"0.10000000000000000001"`
 * (read as 0.1) is not `"0.1"`.
 */
function decimalValue(numeral: string): string | undefined {
  const m = NUMERAL.exec(numeral);
  if (!m) return undefined;
  const [, sign, whole, fraction = '', exponent = '0'] = m;
  const all = whole! + fraction;
  // Indexes, not /0+$/: a regex anchored at the end backtracks over every run of zeros (quadratic).
  let start = 0;
  while (all[start] === '0') start++;
  let end = all.length;
  while (end > start && all[end - 1] === '0') end--;
  if (start === end) return '0';
  return `${sign}${all.slice(start, end)}e${Number(exponent) - fraction.length + (all.length - end)}`;
}
