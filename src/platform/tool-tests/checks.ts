// The tool-test operators (cxas-scrapi's, tabled in docs/scrapi-compatibility.md),
// each turned into an AssertionResult that says what was expected and what was found.
import type { JsonValue } from '../../model/json.js';
import { parseJsonPath, selectJsonPath } from '../../model/json-path.js';
import type { AssertionResult } from '../../model/result.js';
import type { ToolTestCheck } from '../../model/spec.js';
import { toolTestOperandProblem } from '../../model/tool-test-operands.js';

/**
 * What the path selects, as cxas-scrapi reads it: nothing → null (so `isNull` holds for a missing
 * path), one value → that value, several → the list of them.
 */
function valueAt(root: JsonValue, path: string): { value: JsonValue; found: boolean } {
  const hits = selectJsonPath(root, parseJsonPath(path));
  if (hits.length === 0) return { value: null, found: false };
  return { value: hits.length === 1 ? hits[0]! : hits, found: true };
}

export function runCheck(check: ToolTestCheck, root: JsonValue, matcher: string): AssertionResult {
  const { value, found } = valueAt(root, check.path);
  // The loader refuses such an operand; a check built otherwise could not be evaluated: error, not failed.
  const problem = toolTestOperandProblem(check.operator, check.value);
  const outcome = problem ? `${check.operator} ${problem}` : evaluate(check, value);
  const shown = found ? JSON.stringify(value) : 'nothing (path not found)';
  const verdict = outcome === true ? 'holds' : typeof outcome === 'string' ? outcome : 'does not hold';
  const expected = check.value === undefined ? check.operator : `${check.operator} ${JSON.stringify(check.value)}`;
  return {
    matcher,
    negated: false,
    status: problem ? 'error' : outcome === true ? 'passed' : 'failed',
    message: `${check.path} ${expected}: ${verdict}; got ${shown}`,
    ...(check.value !== undefined ? { expected: check.value } : {}),
    actual: value,
    ...(check.loc ? { loc: check.loc } : {}),
  };
}

/** true when the check holds; false or a reason when it does not. */
function evaluate(check: ToolTestCheck, actual: JsonValue): boolean | string {
  const want = check.value ?? null;
  switch (check.operator) {
    case 'equals':
      return deepEqual(actual, want);
    case 'contains':
      return contains(actual, want);
    case 'greaterThan':
      return compare(actual, want, (a, b) => a > b);
    case 'lessThan':
      return compare(actual, want, (a, b) => a < b);
    case 'lengthEquals':
      return lengthCheck(actual, want, (n, m) => n === m);
    case 'lengthGreaterThan':
      return lengthCheck(actual, want, (n, m) => n > m);
    case 'lengthLessThan':
      return lengthCheck(actual, want, (n, m) => n < m);
    case 'isNull':
      return actual === null;
    case 'isNotNull':
      return actual !== null;
  }
}

function contains(actual: JsonValue, want: JsonValue): boolean | string {
  if (typeof actual === 'string')
    return typeof want === 'string' ? actual.includes(want) : 'a string contains only strings';
  if (Array.isArray(actual)) return actual.some((v) => deepEqual(v, want));
  if (actual && typeof actual === 'object')
    return typeof want === 'string' ? want in actual : 'an object contains only keys (strings)';
  return 'the value is not a string, list or object';
}

function compare(
  a: JsonValue,
  b: JsonValue,
  op: (x: number | string, y: number | string) => boolean,
): boolean | string {
  if (typeof a === 'number' && typeof b === 'number') return op(a, b);
  if (typeof a === 'string' && typeof b === 'string') return op(a, b);
  return `cannot compare ${typeOf(a)} with ${typeOf(b)}`;
}

function lengthCheck(a: JsonValue, want: JsonValue, op: (n: number, m: number) => boolean): boolean | string {
  if (typeof want !== 'number') return 'the expected length must be a number';
  const n =
    typeof a === 'string' || Array.isArray(a)
      ? a.length
      : a && typeof a === 'object'
        ? Object.keys(a).length
        : undefined;
  return n === undefined ? `a ${typeOf(a)} has no length` : op(n, want);
}

const typeOf = (v: JsonValue): string => (v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v);

function deepEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]!));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k]!, b[k]!));
  }
  return false;
}
