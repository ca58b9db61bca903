// ajv ErrorObject → SpecError: the user's file:line:col, the key path, one clear sentence.
import type { ErrorObject } from 'ajv';
import { nonFiniteText } from '../model/json.js';
import { quoted } from '../model/location.js';
import { SpecError, formatPath } from './errors.js';
import { suggestKey } from './suggest.js';
import { locate, type YamlDoc } from './yaml.js';

type Segments = Array<string | number>;

/** `/conversations/2/name` → `['conversations', 2, 'name']`, numbers only where the data is a list. */
export function pointerToPath(pointer: string, root: unknown): Segments {
  const out: Segments = [];
  let node: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key = Array.isArray(node) ? Number(seg) : seg;
    out.push(key);
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[String(seg)] : undefined;
  }
  return out;
}

/** "a string", "a map", "a list" — the words YAML authors use. */
function describeType(type: string): string {
  const words: Record<string, string> = {
    object: 'a map',
    array: 'a list',
    string: 'a string',
    number: 'a number',
    integer: 'a whole number',
    boolean: 'true or false',
    null: 'null',
  };
  return words[type] ?? (type.startsWith('"') ? type : `a ${type}`);
}

/**
 * What a value is, never what it says: a value may come from an included file or `${env.X}` (a key),
 * and an error message goes to stderr and CI logs unmasked.
 */
function typeOf(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'number') return nonFiniteText(value) ?? 'a number';
  if (typeof value === 'boolean') return 'true or false';
  return 'a string';
}

/** The allowed value closest to what was written (the allowed one is shown, never the written one). */
function closest(written: unknown, allowed: unknown[]): string {
  if (typeof written !== 'string') return '';
  const suggestion = suggestKey(
    written,
    allowed.filter((a): a is string => typeof a === 'string'),
  );
  return suggestion ? ` (did you mean "${suggestion}"?)` : '';
}

const joinList = (items: string[], word: string): string =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${word} ${items.at(-1)}`;
const orList = (items: string[]): string => joinList(items, 'or');

export function toSpecError(e: ErrorObject, doc: YamlDoc, root: unknown, file: string): SpecError {
  const path = pointerToPath(e.instancePath, root);
  const at = (segments: Segments, key = false) => locate(doc, segments, file, { key });
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = String(p['additionalProperty'] ?? p['unevaluatedProperty']);
      return new SpecError('UNKNOWN_KEY', at([...path, key], true), formatPath(path), unknownKeyText(key, e));
    }
    case 'required':
      return new SpecError(
        'MISSING_KEY',
        at(path),
        formatPath(path),
        `missing required key "${String(p['missingProperty'])}"`,
      );
    case 'type': {
      const wanted = [p['type'] as string | string[]].flat().map(describeType);
      const text = `expected ${orList(wanted)}, got ${typeOf(e.data)}${shapeHint(e)}`;
      return new SpecError('WRONG_TYPE', at(path), formatPath(path), text);
    }
    case 'exactlyOneOf':
      return exactlyOneText(p['keys'] as string[], p['found'] as string[], path, at);
    case 'enum': {
      const allowed = p['allowedValues'] as unknown[];
      const list = allowed.map((v) => JSON.stringify(v)).join(', ');
      return new SpecError(
        'BAD_VALUE',
        at(path),
        formatPath(path),
        `expected one of ${list}; got ${typeOf(e.data)}${closest(e.data, allowed)}`,
      );
    }
    case 'minLength':
    case 'minItems': {
      const limit = Number(p['limit']);
      const what = e.keyword === 'minLength' ? 'character' : 'item';
      const text = limit === 1 ? 'must not be empty' : `needs at least ${limit} ${what}s`;
      return new SpecError('BAD_VALUE', at(path), formatPath(path), text);
    }
    case 'minProperties':
    case 'maxProperties':
      return propertyCountError(e, path, at);
    case 'const':
      return new SpecError('BAD_VALUE', at(path), formatPath(path), `expected ${JSON.stringify(p['allowedValue'])}`);
    default:
      return new SpecError('BAD_VALUE', at(path), formatPath(path), e.message ?? 'is invalid');
  }
}

/**
 * A scalar written where a map with one required key is expected (`judge: "be polite"`) is the
 * usual shorthand slip: show the shape with the user's own value in it.
 */
function shapeHint(e: ErrorObject): string {
  const schema = e.parentSchema as
    { type?: unknown; required?: unknown; properties?: Record<string, { type?: unknown }> } | undefined;
  const required = Array.isArray(schema?.required) ? (schema.required as string[]) : [];
  if (schema?.type !== 'object' || required.length !== 1 || e.data === null || typeof e.data === 'object') return '';
  // Only when the value would fit the key: `toolSequence: x` needs a list, not {tools: "x"}.
  if (schema.properties?.[required[0]!]?.type !== typeof e.data) return '';
  return `; the shape is {${required[0]}: ...}, with your ${typeOf(e.data).replace(/^an? /, '')} as ${required[0]}`;
}

function unknownKeyText(key: string, e: ErrorObject): string {
  const properties = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
  const known = Object.keys(properties);
  const suggestion = suggestKey(key, known);
  if (suggestion) return `unknown key ${quoted(key)} (did you mean "${suggestion}"?)`;
  return known.length
    ? `unknown key ${quoted(key)} (expected one of: ${known.join(', ')})`
    : `unknown key ${quoted(key)}`;
}

function exactlyOneText(
  keys: string[],
  found: string[],
  path: Segments,
  at: (s: Segments, key?: boolean) => ReturnType<typeof locate>,
): SpecError {
  if (found.length === 0)
    return new SpecError('MISSING_KEY', at(path), formatPath(path), `needs one of ${orList(keys)}`);
  const loc = at([...path, found[1]!], true);
  return new SpecError(
    'BAD_VALUE',
    loc,
    formatPath(path),
    `takes only one of ${orList(keys)}: found ${joinList(found, 'and')}`,
  );
}

function propertyCountError(
  e: ErrorObject,
  path: Segments,
  at: (s: Segments, key?: boolean) => ReturnType<typeof locate>,
): SpecError {
  const known = Object.keys((e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
  const limit = Number(e.params['limit']);
  if (e.keyword === 'minProperties') {
    const text = known.length
      ? `needs at least ${limit === 1 ? 'one' : limit} of ${orList(known)}`
      : `needs at least ${limit} key${limit === 1 ? '' : 's'}`;
    return new SpecError('MISSING_KEY', at(path), formatPath(path), text);
  }
  const found = Object.keys((e.data as Record<string, unknown> | null) ?? {});
  return new SpecError(
    'BAD_VALUE',
    at(path),
    formatPath(path),
    `takes at most ${limit} key${limit === 1 ? '' : 's'}: found ${joinList(found, 'and')}`,
  );
}
