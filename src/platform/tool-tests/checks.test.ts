import { describe, expect, it } from 'vitest';
import { parseJsonPath, selectJsonPath } from '../../model/json-path.js';
import type { JsonValue } from '../../model/json.js';
import type { ToolTestCheck } from '../../model/spec.js';
import { runCheck } from './checks.js';

const data: JsonValue = {
  result: {
    items: [
      { id: 'a', n: 1 },
      { id: 'b', n: 2 },
    ],
    name: 'Ann',
    empty: [],
    flag: true,
    'odd key': 5,
  },
};
const check = (path: string, operator: ToolTestCheck['operator'], value?: JsonValue) =>
  runCheck({ path, operator, ...(value !== undefined ? { value } : {}) }, data, 'toolResponse').status;

describe('JSONPath subset', () => {
  it('selects keys, quoted keys, indexes (negative too) and wildcards', () => {
    const sel = (p: string) => selectJsonPath(data, parseJsonPath(p));
    expect(sel('$.result.name')).toEqual(['Ann']);
    expect(sel("$['result']['odd key']")).toEqual([5]);
    expect(sel('$.result.items[-1].id')).toEqual(['b']);
    expect(sel('$.result.items[*].id')).toEqual(['a', 'b']);
    expect(sel('$.result.*')).toHaveLength(5);
    expect(sel('$.result.nope')).toEqual([]);
    expect(sel('$')).toEqual([data]);
  });

  it('rejects what it does not understand', () => {
    expect(() => parseJsonPath('result.name')).toThrow(/must start with "\$"/);
    expect(() => parseJsonPath('$..name')).toThrow(/cannot read "\.\.name"/);
    expect(() => parseJsonPath('$.a[?(@.x)]')).toThrow(/cannot read/);
  });
});

describe('tool-test operators', () => {
  it('equals compares deeply and never coerces', () => {
    expect(check('$.result.items[0]', 'equals', { n: 1, id: 'a' })).toBe('passed');
    expect(check('$.result.flag', 'equals', 1)).toBe('failed');
    expect(check('$.result.items[*].n', 'equals', [1, 2])).toBe('passed');
  });

  it('contains: substring, list element, object key', () => {
    expect(check('$.result.name', 'contains', 'nn')).toBe('passed');
    expect(check('$.result.items[*].id', 'contains', 'b')).toBe('passed');
    expect(check('$.result', 'contains', 'flag')).toBe('passed');
    expect(check('$.result.flag', 'contains', 'x')).toBe('failed');
  });

  it('orders numbers and strings, and explains other types', () => {
    expect(check('$.result.items[1].n', 'greaterThan', 1)).toBe('passed');
    expect(check('$.result.items[1].n', 'lessThan', 2)).toBe('failed');
    expect(
      runCheck({ path: '$.result.name', operator: 'greaterThan', value: 3 }, data, 'toolResponse').message,
    ).toMatch(/cannot compare string with number/);
  });

  it('an operand the operator cannot compare with is an error, not a failure', () => {
    const run = (operator: ToolTestCheck['operator'], value: JsonValue) =>
      runCheck({ path: '$.result.name', operator, value }, data, 'toolResponse');
    expect(run('lengthEquals', '3')).toMatchObject({
      status: 'error',
      message:
        '$.result.name lengthEquals "3": lengthEquals takes a length, a whole number of at least 0; ' +
        'got the string "3" (write 3 without quotes); got "Ann"',
    });
    expect(run('greaterThan', [1]).status).toBe('error');
    expect(run('lessThan', 'A').status).toBe('failed');
  });

  it('lengths of strings, lists and objects; null checks treat a missing path as null', () => {
    expect(check('$.result.name', 'lengthEquals', 3)).toBe('passed');
    expect(check('$.result.empty', 'lengthLessThan', 1)).toBe('passed');
    expect(check('$.result.items', 'lengthGreaterThan', 2)).toBe('failed');
    expect(check('$.result.missing', 'isNull')).toBe('passed');
    expect(check('$.result.name', 'isNotNull')).toBe('passed');
    expect(runCheck({ path: '$.result.missing', operator: 'isNotNull' }, data, 'x').message).toBe(
      '$.result.missing isNotNull: does not hold; got nothing (path not found)',
    );
  });
});
