// Plain JSON types shared by every layer.
type JsonPrimitive = null | boolean | number | string;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export function isJsonObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** JSON text with the keys of every object sorted (undefined members left out): equal values, equal text. */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as JsonValue)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Equal as JSON values, whatever the order of their keys (undefined equals only undefined). */
export function sameJson(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * A decimal numeral as JSON writes numbers (`42`, `-1.50`, `1e3`). Not `Number()`'s wider reading:
 * `"0042"` (an identifier whose zeros count), `"0x2A"`, `" 42 "` or `"+42"` are not the number 42.
 */
const DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * A number, or a numeric string read as one (cxas-scrapi compatibility: `1` matches `"1"`). Lenient
 * matching compares with it, and platform push refuses what it reads as a number: one reading.
 */
export function asNumber(value: JsonValue | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && DECIMAL.test(value) && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/**
 * A number JSON cannot hold, named as YAML writes it (`.inf`, `.nan`, or a literal too large such as
 * `1e400`), for messages that would otherwise say "got a number" of it; undefined for a finite one.
 */
export function nonFiniteText(n: number): string | undefined {
  if (Number.isNaN(n)) return 'not a number (.nan)';
  if (n === Infinity) return 'infinity (.inf, or a number too large to hold)';
  if (n === -Infinity) return '-infinity (-.inf, or a number too large to hold)';
  return undefined;
}
