// What each tool-test operator compares with, when the operator alone says (README "Tool tests"):
// the loader refuses a wrong operand at its `value`, and a run never reports one as a plain failure.
import type { JsonValue } from './json.js';
import type { ToolTestOperator } from './spec.js';

const ORDERED: ReadonlySet<ToolTestOperator> = new Set(['greaterThan', 'lessThan']);
const LENGTHS: ReadonlySet<ToolTestOperator> = new Set(['lengthEquals', 'lengthGreaterThan', 'lengthLessThan']);

/** A value as a message shows it: its text for a scalar, its kind for a list or map. */
function shown(value: JsonValue): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a map';
  return String(value);
}

/**
 * Why `value` can never be what `operator` compares with (undefined when it can be, or when any value
 * can: equals, contains). `greaterThan: [1]` or `lengthEquals: "3"` would otherwise fail every run
 * and look like the tool's fault. The text follows the operator's name.
 */
export function toolTestOperandProblem(operator: ToolTestOperator, value: JsonValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (ORDERED.has(operator) && typeof value !== 'number' && typeof value !== 'string')
    return `compares with a number or a string; got ${shown(value)}`;
  if (LENGTHS.has(operator) && !(typeof value === 'number' && Number.isInteger(value) && value >= 0)) {
    // "3" is a YAML string because of its quotes: the likeliest slip.
    const hint = typeof value === 'string' && /^\d+$/.test(value) ? ` (write ${value} without quotes)` : '';
    return `takes a length, a whole number of at least 0; got ${shown(value)}${hint}`;
  }
  return undefined;
}
