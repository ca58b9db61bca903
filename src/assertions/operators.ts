// Per-value operators ($regex, $contains, ...) used inside expected values (tool args, payloads,
// variables, citations, end metadata). `operandProblem` is also the spec loader's check, so
// `validate` accepts exactly the operator forms evaluated here (test/assertions/operators-sync.test.ts).
import { asNumber, isJsonObject, nonFiniteText, type JsonObject, type JsonValue } from '../model/json.js';
import { BadOptionsError } from './errors.js';
import { render, truncate } from './format.js';
import { parseRegex } from './regex.js';

export const OPERATORS = ['$regex', '$contains', '$oneOf', '$gt', '$lt', '$exists', '$any'] as const;
export type OperatorName = (typeof OPERATORS)[number];

/** The JSON types `$any` can require. */
const JSON_TYPES = ['string', 'number', 'boolean', 'object', 'array', 'null'] as const;

/** Deep comparison of an expected value with an actual one, supplied by matchValue. */
export type Same = (expected: JsonValue, actual: JsonValue) => boolean;

interface Operator {
  /** Why the operand itself is malformed (`takes a number`), or undefined. */
  operand(arg: JsonValue): string | undefined;
  /** Why `actual` fails the operator, or undefined when it holds (the operand is valid). */
  test(arg: JsonValue, actual: JsonValue | undefined, same: Same): string | undefined;
}

export const isOperatorName = (key: string): key is OperatorName => (OPERATORS as readonly string[]).includes(key);

/** An object is an operator object when any of its keys starts with `$`; then all must be known operators. */
export function isOperatorObject(value: JsonValue): value is JsonObject {
  return isJsonObject(value) && Object.keys(value).some((k) => k.startsWith('$'));
}

const got = (actual: JsonValue | undefined): string => `got ${truncate(render(actual), 120)}`;

function textOf(actual: JsonValue | undefined): string | undefined {
  if (typeof actual === 'string') return actual;
  if (typeof actual === 'number' || typeof actual === 'boolean') return String(actual);
  return undefined;
}

function jsonType(value: JsonValue): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

const regexOp: Operator = {
  // A pattern that does not compile is reported by parseRegex (and by the loader as BAD_REGEX).
  operand: (arg) => (typeof arg === 'string' ? undefined : 'takes a string pattern'),
  test: (arg, actual) => {
    const re = parseRegex(arg as string);
    const text = textOf(actual);
    return text !== undefined && re.test(text) ? undefined : `expected to match ${re}, ${got(actual)}`;
  },
};

const containsOp: Operator = {
  operand: () => undefined,
  test: (arg, actual, same) => {
    if (Array.isArray(actual)) {
      return actual.some((item) => same(arg, item))
        ? undefined
        : `expected an array containing ${render(arg)}, ${got(actual)}`;
    }
    const text = textOf(actual);
    const needle = textOf(arg);
    return text !== undefined && needle !== undefined && text.includes(needle)
      ? undefined
      : `expected to contain ${render(arg)}, ${got(actual)}`;
  },
};

const oneOfOp: Operator = {
  operand: (arg) => (Array.isArray(arg) && arg.length > 0 ? undefined : 'takes a non-empty list'),
  test: (arg, actual, same) =>
    actual !== undefined && (arg as JsonValue[]).some((option) => same(option, actual))
      ? undefined
      : `expected one of ${render(arg)}, ${got(actual)}`,
};

function compareOp(symbol: '>' | '<'): Operator {
  return {
    operand: (arg) => (typeof arg === 'number' && Number.isFinite(arg) ? undefined : 'takes a number'),
    test: (arg, actual) => {
      const limit = arg as number;
      const n = asNumber(actual);
      const ok = n !== undefined && (symbol === '>' ? n > limit : n < limit);
      return ok ? undefined : `expected ${symbol} ${limit}, ${got(actual)}`;
    },
  };
}

const existsOp: Operator = {
  operand: (arg) => (typeof arg === 'boolean' ? undefined : 'takes true or false'),
  test: (arg, actual) => {
    if (arg) return actual === undefined ? 'expected to exist, got nothing' : undefined;
    return actual === undefined ? undefined : `expected to be absent, ${got(actual)}`;
  },
};

/** `$any: true` accepts any present value (even null); `$any: "<json type>"` also checks the type. */
const anyOp: Operator = {
  operand: (arg) =>
    arg === true || (typeof arg === 'string' && (JSON_TYPES as readonly string[]).includes(arg))
      ? undefined
      : `takes true or one of ${JSON_TYPES.join(', ')}`,
  test: (arg, actual) => {
    const typed = arg !== true;
    if (actual === undefined) return `expected any ${typed ? `${arg as string} ` : ''}value, got nothing`;
    return typed && jsonType(actual) !== arg ? `expected any ${arg as string}, ${got(actual)}` : undefined;
  },
};

const IMPLEMENTATIONS: Record<OperatorName, Operator> = {
  $regex: regexOp,
  $contains: containsOp,
  $oneOf: oneOfOp,
  $gt: compareOp('>'),
  $lt: compareOp('<'),
  $exists: existsOp,
  $any: anyOp,
};

/**
 * Why `arg` is not a valid operand of `op` (`$gt takes a number; got a string`), or undefined. The
 * operand is described by its type, never quoted: it may come from an included file or `${env.X}`.
 */
export function operandProblem(op: OperatorName, arg: JsonValue): string | undefined {
  const problem = IMPLEMENTATIONS[op].operand(arg);
  return problem === undefined ? undefined : `${op} ${problem}; got ${operandType(arg)}`;
}

/** The operand's type; a non-finite number (YAML .inf, .nan) by what it is, not "a number". */
function operandType(arg: JsonValue): string {
  return (typeof arg === 'number' && nonFiniteText(arg)) || article(jsonType(arg));
}

function article(type: string): string {
  return type === 'null' ? 'null' : /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function unknownOperator(key: string, spec: JsonObject): BadOptionsError {
  const known = Object.keys(spec).filter(isOperatorName);
  const next = known.length ? ` next to ${known.join(', ')}` : '';
  return new BadOptionsError(`unknown operator ${JSON.stringify(key)}${next}; operators are ${OPERATORS.join(', ')}`);
}

/** Checks every operator of `spec` (they combine with AND); returns the failure reasons. */
export function checkOperators(spec: JsonObject, actual: JsonValue | undefined, same: Same): string[] {
  const failures: string[] = [];
  for (const [key, arg] of Object.entries(spec)) {
    if (!isOperatorName(key)) throw unknownOperator(key, spec);
    const problem = operandProblem(key, arg);
    if (problem) throw new BadOptionsError(problem);
    const failure = IMPLEMENTATIONS[key].test(arg, actual, same);
    if (failure) failures.push(failure);
  }
  return failures;
}
