// cxas-scrapi tool-test files (`tests:` of cases naming a `tool`, as documented in
// docs/scrapi-compatibility.md), validated strictly: cxas-scrapi ignored unknown keys, so a
// misspelled `expectation:` gave a test that always passed.
import type { SpecFile } from '../../model/spec.js';
import { compileSchema, validateDocument, type SpecError } from '../../validation/index.js';
import type { Source } from '../load/source.js';
import { toToolTests, type ScrapiToolTest } from '../load/tool-tests.js';

const check = {
  type: 'object',
  additionalProperties: false,
  required: ['path', 'operator'],
  properties: {
    path: { type: 'string', minLength: 1 },
    operator: {
      enum: [
        'equals',
        'contains',
        'greater_than',
        'less_than',
        'length_equals',
        'length_greater_than',
        'length_less_than',
        'is_null',
        'is_not_null',
      ],
    },
    value: {},
  },
};

export const TOOL_TEST_SCHEMA = {
  $id: 'urn:cxas-eval:scrapi-tool-test',
  type: 'object',
  additionalProperties: false,
  required: ['tests'],
  properties: {
    tests: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'tool'],
        properties: {
          name: { type: 'string', minLength: 1 },
          tool: { type: 'string', minLength: 1 },
          args: { type: 'object' },
          agrs: { type: 'object', description: 'cxas-scrapi accepts this misspelling of args' },
          variables: { anyOf: [{ type: 'object' }, { type: 'string' }, { type: 'array', items: { type: 'string' } }] },
          context: { type: 'object' },
          expectations: {
            type: 'object',
            additionalProperties: false,
            properties: { response: { type: 'array', items: check }, variables: { type: 'array', items: check } },
          },
        },
        not: { anyOf: [{ required: ['variables', 'context'] }, { required: ['args', 'agrs'] }] },
      },
    },
  },
};

export function loadToolTestSource(source: Source, errors: SpecError[]): SpecFile | undefined {
  const schemaErrors = validateDocument(compileSchema(TOOL_TEST_SCHEMA), source, source.file);
  if (schemaErrors.length) {
    errors.push(...schemaErrors);
    return undefined;
  }
  // The schema above has just accepted the value; ScrapiToolTest describes that schema.
  const tests = (source.value as { tests: ScrapiToolTest[] }).tests;
  return {
    file: source.file,
    format: 'scrapi-tool-test',
    conversations: [],
    toolTests: toToolTests(source, tests, ['tests'], 'scrapi', errors),
  };
}
