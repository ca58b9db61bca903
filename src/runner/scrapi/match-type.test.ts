// Every `$matchType` cxas-scrapi defines (docs and linter), in both spellings of the value.
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../model/json.js';
import { mapMatchTypes, MATCH_TYPES } from './match-type.js';

const one = (arg: JsonObject) => mapMatchTypes({ a: arg });

describe('$matchType → our operators', () => {
  it.each([
    ['exact', { $matchType: 'exact', $matchValue: 'ORD-1' }, 'ORD-1'],
    ['exact (value)', { $matchType: 'exact', value: 42 }, 42],
    ['contains', { $matchType: 'contains', $matchValue: 'refund' }, { $contains: 'refund' }],
    ['contains (value)', { value: 'ORD', $matchType: 'contains' }, { $contains: 'ORD' }],
    ['regexp', { $matchType: 'regexp', $matchValue: '^A\\d+$' }, { $regex: '^A\\d+$' }],
    ['ignore', { $matchType: 'ignore', $matchValue: '', $originalValue: '' }, { $any: true }],
    ['semantic', { $matchType: 'semantic', $matchValue: 'wants a human' }, { $any: true }],
  ])('%s', (_name, arg, expected) => {
    const mapped = one(arg);
    expect(mapped.problems).toEqual([]);
    expect(mapped.args).toEqual({ a: expected });
  });

  it('covers every match type cxas-scrapi defines', () => {
    expect([...MATCH_TYPES].sort()).toEqual(['contains', 'exact', 'ignore', 'regexp', 'semantic']);
  });

  it('keeps the meaning of semantic values, $matchValue over value, nested keys by path', () => {
    const mapped = mapMatchTypes({
      outer: { reason: { $matchType: 'semantic', $matchValue: 'asked for a person', value: 'x' } },
    });
    expect(mapped.semantic).toEqual([{ key: 'outer.reason', meaning: 'asked for a person' }]);
    expect(mapped.args).toEqual({ outer: { reason: { $any: true } } });
  });

  it.each([
    [
      { $matchType: 'regex', $matchValue: 'a' },
      ['a', '$matchType'],
      'unknown $matchType "regex" (did you mean "regexp"?); the platform would compare it exactly',
    ],
    [
      { $matchType: 'fuzzy', $matchValue: 'a' },
      ['a', '$matchType'],
      'unknown $matchType "fuzzy" (did you mean "semantic"?); the platform would compare it exactly',
    ],
    [{ $matchType: 'semantic', $matchValue: '' }, ['a', '$matchValue'], '$matchType semantic needs a $matchValue'],
    [{ $matchType: 'contains' }, ['a', 'value'], '$matchType contains needs a $matchValue'],
    [{ $matchType: 'regexp', value: '(' }, ['a', 'value'], 'invalid regular expression /(/: Unterminated group'],
    // A value given, but not text: not "needs a $matchValue"; a $matchType that is no text, not "[object Object]".
    [
      { $matchType: 'regexp', $matchValue: 1001 },
      ['a', '$matchValue'],
      '$matchType regexp takes a text pattern; got a number (quote it)',
    ],
    [
      { $matchType: { x: 1 }, $matchValue: 'a' },
      ['a', '$matchType'],
      '$matchType takes one of: exact, contains, regexp, ignore, semantic; got a map',
    ],
    [
      { $matchType: ['regexp'], $matchValue: 'a' },
      ['a', '$matchType'],
      '$matchType takes one of: exact, contains, regexp, ignore, semantic; got a list',
    ],
    [
      { $matchType: 'exact', $matchValue: 'a', extra: 1 },
      ['a', 'extra'],
      'unknown key "extra" next to $matchType (expected one of: $matchType, $matchValue, value, $originalValue)',
    ],
  ])('rejects %j', (arg, path, text) => {
    const mapped = one(arg);
    expect(mapped.problems.map((p) => ({ path: p.path, text: p.text }))).toEqual([{ path, text }]);
    expect(mapped.args).toEqual({ a: { $any: true } });
  });
});
