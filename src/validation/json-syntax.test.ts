// The strict JSON scanner agrees with JSON.parse on what is JSON (duplicate names aside, which it
// refuses), over written cases and every one-character edit of a document.
import { describe, expect, it } from 'vitest';
import { jsonSyntaxError } from './json-syntax.js';

const parses = (text: string): boolean => {
  try {
    JSON.parse(text.replace(/^\ufeff/, ''));
    return true;
  } catch {
    return false;
  }
};

const DOCUMENT = '[\n  {"a": "x\\u00e9\\n", "b": -1.5e+3, "c": [true, false, null, {}], "d": 0},\n  {"e": []}\n]\n';

describe('jsonSyntaxError', () => {
  it.each([
    '{}',
    ' [ ] ',
    '"text"',
    '0',
    '-0.5E-2',
    '\ufeff[1]',
    '{"a\\"b": "\\/\\b\\f\\r\\t\\\\"}',
    '[1,]',
    '[01]',
    '[.5]',
    '[+1]',
    '[1.]',
    '[NaN]',
    '[Infinity]',
    "['a']",
    '{"a" 1}',
    '{"a":}',
    '[1 2]',
    '[',
    '{',
    '"\\u12"',
    '"\t"',
    '[1] /* c */',
    'true false',
    'nul',
  ])('%j', (text) => {
    expect(jsonSyntaxError(text, 'f.json') === undefined).toBe(parses(text));
  });

  it('agrees with JSON.parse on every one-character deletion and replacement of a document', () => {
    const replacements = [',', ']', '}', '"', ':', '0', 'a', ' ', '\\', '/', '-', '.', 'e'];
    const texts = [...DOCUMENT].flatMap((_, i) => [
      DOCUMENT.slice(0, i) + DOCUMENT.slice(i + 1),
      ...replacements.map((r) => DOCUMENT.slice(0, i) + r + DOCUMENT.slice(i + 1)),
    ]);
    const disagreeing = texts.filter((t) => {
      const duplicate = /"(\w)":.*"\1":/.test(t);
      return !duplicate && (jsonSyntaxError(t, 'f.json') === undefined) !== parses(t);
    });
    expect(disagreeing).toEqual([]);
    expect(texts.filter(parses).length).toBeGreaterThan(50);
  });

  it('refuses a name given twice in one object, at its second place', () => {
    expect(jsonSyntaxError('[{"a": 1}, {"a": 2, "b": {"a": 3}, "a": 4}]', 'f.json')?.message).toBe(
      'f.json:1:36: JSON syntax error: "a" is named twice in this object',
    );
  });

  it('scans nesting far deeper than a call stack holds, and reports where it ends', () => {
    const deep = '['.repeat(200_000);
    expect(jsonSyntaxError(deep, 'f.json')?.message).toBe(
      'f.json:1:200001: JSON syntax error: the file ends where a value should be',
    );
    expect(jsonSyntaxError(`${deep}${']'.repeat(200_000)}`, 'f.json')).toBeUndefined();
  });

  it('names a line and column after line breaks, and cuts a long word short', () => {
    const message = jsonSyntaxError(`[\r\n  1,\r\n  ${'x'.repeat(40)}\r\n]`, 'f.json')?.message;
    expect(message).toBe(
      `f.json:3:3: JSON syntax error: expected a value, found ${'x'.repeat(24)}… (text is written in double quotes)`,
    );
  });
});
