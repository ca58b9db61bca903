// Per-value operators ($regex, $contains, ...) inside args, responses, payloads, variables,
// citations, end metadata and whenArgs. Operands are checked by the matcher engine's own
// `operandProblem`, so validate accepts exactly what the matchers evaluate.
import { quoted } from '../../model/location.js';
import { OPERATORS, isOperatorName, operandProblem } from '../../assertions/index.js';
import { isJsonObject, type JsonValue } from '../../model/json.js';
import { suggestKey, type SpecError } from '../../validation/index.js';
import { regexProblem } from './regex.js';
import type { Source } from './source.js';

type Path = Array<string | number>;

const OPERATOR_NAMES: readonly string[] = OPERATORS;

/** Checks every operator object under `value` (written at `at` in `source`). */
export function checkOperators(source: Source, value: unknown, at: Path, errors: SpecError[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkOperators(source, v, [...at, i], errors));
    return;
  }
  if (!isJsonObject(value)) return;
  const keys = Object.keys(value);
  if (!keys.some((k) => k.startsWith('$'))) {
    for (const k of keys) checkOperators(source, value[k], [...at, k], errors);
    return;
  }
  // Several operators in one object all must hold (AND), as in the matcher engine.
  for (const op of keys) checkOperator(source, op, value[op], at, errors);
}

function checkOperator(
  source: Source,
  op: string,
  operand: JsonValue | undefined,
  at: Path,
  errors: SpecError[],
): void {
  if (!isOperatorName(op)) {
    const suggestion = op.startsWith('$') ? suggestKey(op, OPERATOR_NAMES) : undefined;
    const hint = suggestion ? ` (did you mean "${suggestion}"?)` : ` (expected one of: ${OPERATOR_NAMES.join(', ')})`;
    const what = op.startsWith('$')
      ? `unknown operator ${quoted(op)}`
      : `${quoted(op)} is not an operator; an operator object holds only operators`;
    errors.push(source.error('UNKNOWN_KEY', [...at, op], `${what}${hint}`, { key: true, pathOf: at }));
    return;
  }
  const problem = operandProblem(op, operand ?? null);
  if (problem) {
    errors.push(source.error('WRONG_TYPE', [...at, op], problem));
    return;
  }
  const badRegex =
    op === '$regex' && typeof operand === 'string' ? regexProblem(operand, source.envShown([...at, op])) : undefined;
  if (badRegex) errors.push(source.error('BAD_REGEX', [...at, op], badRegex));
}
