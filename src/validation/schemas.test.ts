// The shipped schemas compile, are strict about unknown keys, and list exactly our matchers and
// tool-test operators (the generated document types name the model's types for them).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MATCHER_NAMES, TOOL_TEST_OPERATORS } from '../model/spec.js';
import { compileSchema } from './index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(ROOT, 'schemas', name), 'utf8')) as Record<string, unknown>;

/**
 * Every `properties` object sits beside `additionalProperties: false`: unknown keys are errors.
 * An `if` is a condition that picks which form applies (payload's `{value, ...}`), not an assertion.
 */
function looseObjects(node: unknown, at = '#'): string[] {
  if (node === null || typeof node !== 'object' || at.endsWith('/if')) return [];
  const here =
    !Array.isArray(node) && 'properties' in node && (node as Record<string, unknown>)['additionalProperties'] !== false
      ? [at]
      : [];
  return here.concat(...Object.entries(node).map(([k, v]) => looseObjects(v, `${at}/${k}`)));
}

describe.each(['spec.schema.json', 'config.schema.json'])('%s', (name) => {
  const schema = read(name);
  it('compiles under JSON Schema 2020-12 with ajv strict mode', () => {
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(() => compileSchema(schema)).not.toThrow();
  });
  it('rejects unknown keys everywhere', () => {
    expect(looseObjects(schema)).toEqual([]);
  });
});

describe('spec.schema.json matchers', () => {
  const defs = read('spec.schema.json')['$defs'] as Record<
    string,
    { properties: Record<string, unknown>; minProperties: number; maxProperties: number }
  >;
  it('$defs/expectation holds exactly the matcher names plus not, one at a time', () => {
    expect(Object.keys(defs['expectation']!.properties).sort()).toEqual([...MATCHER_NAMES, 'not'].sort());
    expect([defs['expectation']!.minProperties, defs['expectation']!.maxProperties]).toEqual([1, 1]);
    expect(Object.keys(defs['negatedExpectation']!.properties).sort()).toEqual([...MATCHER_NAMES].sort());
  });
});

describe('spec.schema.json tool checks', () => {
  it("$defs/toolCheck's operators are exactly the model's TOOL_TEST_OPERATORS", () => {
    const defs = read('spec.schema.json')['$defs'] as Record<string, { properties: Record<string, { enum: unknown }> }>;
    expect(defs['toolCheck']!.properties['operator']!.enum).toEqual([...TOOL_TEST_OPERATORS]);
  });
});
