import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../model/json.js';
import { matchValue, type MatchMode } from './match-value.js';

interface Case {
  name: string;
  expected: JsonValue;
  actual: JsonValue | undefined;
  mode?: MatchMode;
  mismatches: string[];
}

const cases: Case[] = [
  { name: 'equal scalars', expected: '123', actual: '123', mismatches: [] },
  {
    name: 'different strings',
    expected: { account_id: '123' },
    actual: { account_id: '124' },
    mismatches: ['account_id: expected "123", got "124"'],
  },
  { name: 'number matches numeric string', expected: { n: 1 }, actual: { n: '1' }, mismatches: [] },
  { name: 'numeric string matches number', expected: { n: '1.50' }, actual: { n: 1.5 }, mismatches: [] },
  { name: 'exponent form is the same number', expected: { n: 1000 }, actual: { n: '1e3' }, mismatches: [] },
  { name: 'a trailing .0 is the same number', expected: { n: 42 }, actual: { n: '42.0' }, mismatches: [] },
  {
    // Both read as the double 12345678901234567000: a long id must not match its neighbours.
    name: 'a long id is not the number it rounds to',
    expected: { account_id: Number('12345678901234567890') },
    actual: { account_id: '12345678901234567999' },
    mismatches: [
      'account_id: expected 12345678901234567000, got "12345678901234567999" ' +
        '(12345678901234567000 is beyond ±2^53, rounded: its exact digits are unknown)',
    ],
  },
  {
    name: 'a long numeric string is not the rounded number',
    expected: { account_id: '12345678901234567999' },
    actual: { account_id: Number('12345678901234567999') },
    mismatches: [
      'account_id: expected "12345678901234567999", got 12345678901234567000 ' +
        '(12345678901234567000 is beyond ±2^53, rounded: its exact digits are unknown)',
    ],
  },
  {
    name: 'digits the number does not hold',
    expected: { n: 0.1 },
    actual: { n: '0.10000000000000000001' },
    mismatches: ['n: expected 0.1, got "0.10000000000000000001"'],
  },
  {
    name: 'the rounded number written out matches it',
    expected: { n: Number('12345678901234567890') },
    actual: { n: '12345678901234567000' },
    mismatches: [],
  },
  {
    name: 'leading zeros are an identifier, not the number',
    expected: { account_id: '0001001' },
    actual: { account_id: 1001 },
    mismatches: ['account_id: expected "0001001", got 1001'],
  },
  {
    name: 'hex is not the number',
    expected: { n: 16 },
    actual: { n: '0x10' },
    mismatches: ['n: expected 16, got "0x10"'],
  },
  {
    name: 'padded is not the number',
    expected: { n: 5 },
    actual: { n: ' 5 ' },
    mismatches: ['n: expected 5, got " 5 "'],
  },
  {
    name: 'non-numeric string does not match a number',
    expected: { n: 1 },
    actual: { n: 'one' },
    mismatches: ['n: expected 1, got "one"'],
  },
  { name: 'boolean is not its string', expected: true, actual: 'true', mismatches: ['expected true, got "true"'] },
  { name: 'missing key', expected: { a: 1, b: 2 }, actual: { a: 1 }, mismatches: ['b: expected 2, got nothing'] },
  { name: 'subset allows extra keys', expected: { a: 1 }, actual: { a: 1, b: 2 }, mismatches: [] },
  {
    name: 'exact rejects extra keys',
    expected: { a: 1 },
    actual: { a: 1, b: 2 },
    mode: 'exact',
    mismatches: ['b: unexpected key, got 2'],
  },
  {
    name: 'nested path',
    expected: { a: { b: [1, { c: 'x' }] } },
    actual: { a: { b: [1, { c: 'y' }] } },
    mismatches: ['a.b[1].c: expected "x", got "y"'],
  },
  {
    name: 'odd keys are quoted',
    expected: { 'first name': 'A' },
    actual: { 'first name': 'B' },
    mismatches: ['["first name"]: expected "A", got "B"'],
  },
  {
    name: 'arrays need the same length',
    expected: [1, 2],
    actual: [1, 2, 3],
    mismatches: ['expected [1, 2], got [1, 2, 3]'],
  },
  { name: 'object vs scalar', expected: { a: 1 }, actual: 'x', mismatches: ['expected {a: 1}, got "x"'] },
  { name: 'object vs JSON string parses it', expected: { a: 1 }, actual: '{"a": 1, "b": 2}', mismatches: [] },
  {
    name: 'inherited keys do not count as present',
    expected: { valueOf: null, constructor: { $exists: false } },
    actual: {},
    mismatches: ['valueOf: expected null, got nothing'],
  },
  { name: 'null equals null', expected: { a: null }, actual: { a: null }, mismatches: [] },
  { name: '$regex literal', expected: { id: { $regex: '/^acc-\\d+$/i' } }, actual: { id: 'ACC-42' }, mismatches: [] },
  {
    name: '$regex plain fails',
    expected: { id: { $regex: '^acc' } },
    actual: { id: 'x-acc' },
    mismatches: ['id: expected to match /^acc/, got "x-acc"'],
  },
  { name: '$regex on a number reads its digits', expected: { $regex: '^4' }, actual: 42, mismatches: [] },
  {
    name: '$regex on a missing key',
    expected: { id: { $regex: 'a' } },
    actual: {},
    mismatches: ['id: expected to match /a/, got nothing'],
  },
  { name: '$contains substring', expected: { $contains: 'lance' }, actual: 'balance', mismatches: [] },
  {
    name: '$contains substring missing',
    expected: { $contains: 'x' },
    actual: 'balance',
    mismatches: ['expected to contain "x", got "balance"'],
  },
  {
    name: '$contains array element deep-equal',
    expected: { $contains: { id: 2 } },
    actual: [{ id: 1 }, { id: 2 }],
    mismatches: [],
  },
  {
    name: '$contains array element must be equal, not a subset',
    expected: { $contains: { id: 2 } },
    actual: [{ id: 2, x: 1 }],
    mismatches: ['expected an array containing {id: 2}, got [{id: 2, x: 1}]'],
  },
  { name: '$oneOf hit', expected: { $oneOf: ['a', 'b'] }, actual: 'b', mismatches: [] },
  {
    name: '$oneOf miss',
    expected: { tier: { $oneOf: ['gold', 'silver'] } },
    actual: { tier: 'bronze' },
    mismatches: ['tier: expected one of ["gold", "silver"], got "bronze"'],
  },
  { name: '$gt with numeric string', expected: { $gt: 5 }, actual: '7', mismatches: [] },
  { name: '$gt fails', expected: { $gt: 5 }, actual: 5, mismatches: ['expected > 5, got 5'] },
  { name: '$gt and $lt combine', expected: { $gt: 1, $lt: 3 }, actual: 4, mismatches: ['expected < 3, got 4'] },
  { name: '$lt on a non-number', expected: { $lt: 3 }, actual: 'abc', mismatches: ['expected < 3, got "abc"'] },
  { name: '$exists true', expected: { a: { $exists: true } }, actual: { a: null }, mismatches: [] },
  {
    name: '$exists true missing',
    expected: { a: { $exists: true } },
    actual: {},
    mismatches: ['a: expected to exist, got nothing'],
  },
  {
    name: '$exists false',
    expected: { a: { $exists: false } },
    actual: { a: 1 },
    mismatches: ['a: expected to be absent, got 1'],
  },
  {
    name: '$exists false ok in exact mode',
    expected: { a: 1, b: { $exists: false } },
    actual: { a: 1 },
    mode: 'exact',
    mismatches: [],
  },
  { name: '$any accepts anything present', expected: { a: { $any: true } }, actual: { a: [1] }, mismatches: [] },
  {
    name: '$any needs presence',
    expected: { a: { $any: true } },
    actual: {},
    mismatches: ['a: expected any value, got nothing'],
  },
  {
    name: '$any with a type',
    expected: { a: { $any: 'number' } },
    actual: { a: '1' },
    mismatches: ['a: expected any number, got "1"'],
  },
  {
    name: 'operators inside arrays',
    expected: [{ $regex: 'a' }, { $gt: 1 }],
    actual: ['cat', 0],
    mismatches: ['[1]: expected > 1, got 0'],
  },
];

describe('matchValue', () => {
  it.each(cases)('$name', ({ expected, actual, mode, mismatches }) => {
    expect(matchValue(expected, actual, mode)).toEqual({ ok: mismatches.length === 0, mismatches });
  });

  it.each([
    [{ $regex: 5 }, '$regex takes a string pattern; got a number'],
    [{ $regex: '/(/' }, /^invalid regular expression/],
    [{ $oneOf: 'a' }, '$oneOf takes a non-empty list; got a string'],
    [{ $oneOf: [] }, '$oneOf takes a non-empty list; got an array'],
    [{ $ref: 'a' }, /^unknown operator "\$ref"; operators are \$regex/],
    [{ $gt: 'x' }, '$gt takes a number; got a string'],
    [{ $lt: NaN }, '$lt takes a number; got not a number (.nan)'],
    [{ $gt: Infinity }, '$gt takes a number; got infinity (.inf, or a number too large to hold)'],
    [{ $exists: 'yes' }, '$exists takes true or false; got a string'],
    [{ $any: 'thing' }, /^\$any takes true or one of string, number/],
    [{ $gt: 1, $foo: 2 }, /^unknown operator "\$foo"/],
  ] as Array<[JsonValue, string | RegExp]>)('rejects the malformed operator %j', (expected, message) => {
    expect(() => matchValue(expected, 'x')).toThrow(message);
  });

  // A `$` key always starts an operator object (as validate reads it), so random values
  // without one are compared structurally.
  const hasDollarKey = (v: JsonValue): boolean =>
    typeof v === 'object' &&
    v !== null &&
    (Array.isArray(v)
      ? v.some(hasDollarKey)
      : Object.entries(v).some(([k, x]) => k.startsWith('$') || hasDollarKey(x)));
  const json = (fc.jsonValue() as fc.Arbitrary<JsonValue>).filter((v) => !hasDollarKey(v));

  it('every value matches itself, in both modes', () => {
    fc.assert(fc.property(json, (v) => matchValue(v, v, 'exact').ok && matchValue(v, v, 'subset').ok));
  });

  it('exact implies subset', () => {
    fc.assert(
      fc.property(json, json, (a, b) => !matchValue(a, b, 'exact').ok || matchValue(a, b, 'subset').ok),
      { numRuns: 2000 },
    );
  });
});
