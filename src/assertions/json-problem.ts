// Whether a value a user's code handed back can be written as JSON unchanged. A custom matcher's
// `expected`/`actual` go into the result, and from there into results.json, JUnit, HTML and the
// history: a cycle or a BigInt makes JSON.stringify throw there (losing those reports after the
// run), and a Map, a Date or NaN would be written as something else ({}, a string, null).

/** How deep a value may nest: reports render values recursively. */
const MAX_DEPTH = 100;

/** `where` with a key appended as a reader would write it (`actual.x`, `actual["a b"]`, `actual[0]`). */
function member(where: string, key: string | number): string {
  if (typeof key === 'number') return `${where}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${where}.${key}` : `${where}[${JSON.stringify(key)}]`;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Why a primitive is not JSON, if it is not. */
function primitiveProblem(value: unknown, where: string): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') {
    return Number.isFinite(value) ? undefined : `${where} is ${value}, which JSON cannot write (it writes null)`;
  }
  if (typeof value === 'bigint') return `${where} is a BigInt (${value}n), which JSON cannot write`;
  return `${where} is ${typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`}, which JSON cannot write`;
}

function problemAt(value: unknown, where: string, ancestors: object[]): string | undefined {
  if (typeof value !== 'object' || value === null) return primitiveProblem(value, where);
  if (ancestors.length >= MAX_DEPTH) return `${where} nests deeper than ${MAX_DEPTH} levels`;
  const outer = ancestors.indexOf(value);
  if (outer >= 0) return `${where} refers back to a value that contains it (a cycle)`;
  const inner = [...ancestors, value];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = problemAt(value[i], member(where, i), inner);
      if (problem) return problem;
    }
    return undefined;
  }
  if (!isPlainObject(value)) {
    const kind = (value.constructor as { name?: string } | undefined)?.name ?? 'object';
    return `${where} is a ${kind}, not a plain object or array`;
  }
  for (const [key, v] of Object.entries(value)) {
    // A member set to undefined is left out, as JSON leaves it out: the object is still what it says.
    if (v === undefined) continue;
    const problem = problemAt(v, member(where, key), inner);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Why `value` cannot be written as JSON as it is (a cycle, a BigInt, a function, a symbol, NaN or
 * ±Infinity, undefined in an array, a Map, Set, Date or other non-plain object, nesting past
 * MAX_DEPTH), naming where in it as `name.a[0]`; undefined when it can.
 */
export function jsonProblem(value: unknown, name: string): string | undefined {
  return problemAt(value, name, []);
}
