// Per-value operators ($regex, $contains, ...) used inside expected values (tool args, payloads, variables).
import { isJsonObject, type JsonObject, type JsonValue } from '../model/json.js';
import { BadOptionsError } from './errors.js';
import { render, truncate } from './format.js';
import { parseRegex } from './regex.js';

export const OPERATORS = ['$regex', '$contains', '$oneOf', '$gt', '$lt', '$exists', '$any'] as const;
export type OperatorName = (typeof OPERATORS)[number];

/** Deep comparison of an expected value with an actual one, supplied by matchValue. */
export type Same = (expected: JsonValue, actual: JsonValue) => boolean;

/** Returns why `actual` fails the operator, or undefined when it holds. */
type Operator = (arg: JsonValue, actual: JsonValue | undefined, same: Same) => string | undefined;

const isOperatorName = (key: string): key is OperatorName => (OPERATORS as readonly string[]).includes(key);

/** An object is an operator object when any of its keys is a known operator; then all must be. */
export function isOperatorObject(value: JsonValue): value is JsonObject {
  return isJsonObject(value) && Object.keys(value).some(isOperatorName);
}

/** A number, or a numeric string read as one (cxas-scrapi compatibility: `1` matches `"1"`). */
export function asNumber(value: JsonValue | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

const got = (actual: JsonValue | undefined): string => `got ${truncate(render(actual), 120)}`;

function textOf(actual: JsonValue | undefined): string | undefined {
  if (typeof actual === 'string') return actual;
  if (typeof actual === 'number' || typeof actual === 'boolean') return String(actual);
  return undefined;
}

const regexOp: Operator = (arg, actual) => {
  if (typeof arg !== 'string') throw new BadOptionsError(`$regex takes a string; got ${render(arg)}`);
  const re = parseRegex(arg);
  const text = textOf(actual);
  return text !== undefined && re.test(text) ? undefined : `expected to match ${re}, ${got(actual)}`;
};

const containsOp: Operator = (arg, actual, same) => {
  if (Array.isArray(actual)) {
    return actual.some((item) => same(arg, item)) ? undefined : `expected an array containing ${render(arg)}, ${got(actual)}`;
  }
  const text = textOf(actual);
  const needle = textOf(arg);
  return text !== undefined && needle !== undefined && text.includes(needle)
    ? undefined : `expected to contain ${render(arg)}, ${got(actual)}`;
};

const oneOfOp: Operator = (arg, actual, same) => {
  if (!Array.isArray(arg)) throw new BadOptionsError(`$oneOf takes a list; got ${render(arg)}`);
  return actual !== undefined && arg.some((option) => same(option, actual)) ? undefined : `expected one of ${render(arg)}, ${got(actual)}`;
};

function compareOp(symbol: '>' | '<'): Operator {
  return (arg, actual) => {
    const limit = asNumber(arg);
    if (limit === undefined) throw new BadOptionsError(`$${symbol === '>' ? 'gt' : 'lt'} takes a number; got ${render(arg)}`);
    const n = asNumber(actual);
    const ok = n !== undefined && (symbol === '>' ? n > limit : n < limit);
    return ok ? undefined : `expected ${symbol} ${limit}, ${got(actual)}`;
  };
}

const existsOp: Operator = (arg, actual) => {
  if (typeof arg !== 'boolean') throw new BadOptionsError(`$exists takes true or false; got ${render(arg)}`);
  if (arg) return actual === undefined ? 'expected to exist, got nothing' : undefined;
  return actual === undefined ? undefined : `expected to be absent, ${got(actual)}`;
};

const JSON_TYPES = ['string', 'number', 'boolean', 'object', 'array', 'null'] as const;

function jsonType(value: JsonValue): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** `$any: true` accepts any present value (even null); `$any: "<json type>"` also checks the type. */
const anyOp: Operator = (arg, actual) => {
  const typed = typeof arg === 'string' && (JSON_TYPES as readonly string[]).includes(arg);
  if (arg !== true && !typed) throw new BadOptionsError(`$any takes true or one of ${JSON_TYPES.join(', ')}; got ${render(arg)}`);
  if (actual === undefined) return `expected any ${typed ? `${arg as string} ` : ''}value, got nothing`;
  return typed && jsonType(actual) !== arg ? `expected any ${arg as string}, ${got(actual)}` : undefined;
};

const IMPLEMENTATIONS: Record<OperatorName, Operator> = {
  $regex: regexOp, $contains: containsOp, $oneOf: oneOfOp, $gt: compareOp('>'), $lt: compareOp('<'),
  $exists: existsOp, $any: anyOp,
};

/** Checks every operator of `spec` (they combine with AND); returns the failure reasons. */
export function checkOperators(spec: JsonObject, actual: JsonValue | undefined, same: Same): string[] {
  const failures: string[] = [];
  for (const [key, arg] of Object.entries(spec)) {
    if (!isOperatorName(key)) throw new BadOptionsError(`unknown operator ${JSON.stringify(key)} next to ${Object.keys(spec).filter(isOperatorName).join(', ')}; operators are ${OPERATORS.join(', ')}`);
    const failure = IMPLEMENTATIONS[key](arg, actual, same);
    if (failure) failures.push(failure);
  }
  return failures;
}
