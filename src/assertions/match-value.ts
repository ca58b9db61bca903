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
    out.push(at(path) + describe(expected, actual));
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

function sameScalar(expected: JsonValue, actual: JsonValue): boolean {
  if (expected === actual) return true;
  const crossType =
    (typeof expected === 'number' && typeof actual === 'string') ||
    (typeof expected === 'string' && typeof actual === 'number');
  return crossType && asNumber(expected) === asNumber(actual);
}
