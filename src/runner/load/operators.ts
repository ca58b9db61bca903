// Per-value operators ($regex, $contains, ...) inside args, responses, payloads, variables and whenArgs.
import { suggestKey, type SpecError } from '../../validation/index.js';
import { regexProblem } from './regex.js';
import type { Source } from './source.js';

type Path = Array<string | number>;

const OPERAND_CHECKS: Record<string, (v: unknown) => string | undefined> = {
  $regex: (v) => (typeof v === 'string' ? undefined : 'takes a string pattern'),
  $contains: (v) => (v === undefined ? 'needs a value' : undefined),
  $oneOf: (v) => (Array.isArray(v) && v.length > 0 ? undefined : 'takes a non-empty list'),
  $gt: (v) => (typeof v === 'number' ? undefined : 'takes a number'),
  $lt: (v) => (typeof v === 'number' ? undefined : 'takes a number'),
  $exists: (v) => (typeof v === 'boolean' ? undefined : 'takes true or false'),
  $any: (v) => (v === true ? undefined : 'takes true'),
};
export const OPERATOR_NAMES = Object.keys(OPERAND_CHECKS);

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Checks every operator object under `value` (written at `at` in `source`). */
export function checkOperators(source: Source, value: unknown, at: Path, errors: SpecError[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkOperators(source, v, [...at, i], errors));
    return;
  }
  if (!isPlainObject(value)) return;
  const keys = Object.keys(value);
  if (!keys.some((k) => k.startsWith('$'))) {
    for (const k of keys) checkOperators(source, value[k], [...at, k], errors);
    return;
  }
  checkOperatorObject(source, value, keys, at, errors);
}

function checkOperatorObject(source: Source, value: Record<string, unknown>, keys: string[], at: Path, errors: SpecError[]): void {
  if (keys.length !== 1) {
    errors.push(source.error('BAD_VALUE', [...at, keys[1]!], `an operator object has exactly one key: found ${keys.join(' and ')}`, { key: true, pathOf: at }));
    return;
  }
  const op = keys[0]!;
  const check = OPERAND_CHECKS[op];
  if (!check) {
    const suggestion = suggestKey(op, OPERATOR_NAMES);
    const hint = suggestion ? ` (did you mean "${suggestion}"?)` : ` (expected one of: ${OPERATOR_NAMES.join(', ')})`;
    errors.push(source.error('UNKNOWN_KEY', [...at, op], `unknown operator "${op}"${hint}`, { key: true, pathOf: at }));
    return;
  }
  const problem = check(value[op]);
  if (problem) {
    errors.push(source.error('WRONG_TYPE', [...at, op], `${op} ${problem}`));
    return;
  }
  const badRegex = op === '$regex' ? regexProblem(value[op] as string) : undefined;
  if (badRegex) errors.push(source.error('BAD_REGEX', [...at, op], badRegex));
}
