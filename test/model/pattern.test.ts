// User patterns run on the linear-time engine: patterns that backtrack exponentially in JavaScript
// finish (a backtracking engine would not finish these in the test's lifetime); what RE2 cannot run
// is refused with a one-line reason.
import { describe, expect, it } from 'vitest';
import { compilePattern, linearPattern, patternProblem, PatternError } from '../../src/model/pattern.js';
import { Redactor } from '../../src/model/redact.js';

const EVIL = `${'a'.repeat(5000)}!`;

describe('user patterns', () => {
  it.each(['/^(a+)+$/', '/^(a|a)*$/', '/(a|aa)+$/', '/^(\\w+\\s?)*$/'])('%s is linear', (p) => {
    expect(compilePattern(p).test(EVIL)).toBe(false);
  });

  it('keeps JavaScript flags and literal form', () => {
    expect(compilePattern('/^WELCOME/i').test('welcome aboard')).toBe(true);
    expect(compilePattern('/a.b/s').test('a\nb')).toBe(true);
    expect(compilePattern('/^b$/m').test('a\nb')).toBe(true);
    expect(compilePattern('(?<n>\\d+)').test('x12')).toBe(true);
    expect(String(compilePattern('/ab+/i'))).toBe('/ab+/i');
  });

  it('redacts every occurrence, replacement taken literally, in linear time', () => {
    expect(new Redactor([/sk-\w+/]).text('a sk-1 b sk-2')).toBe('a [REDACTED] b [REDACTED]');
    expect(new Redactor([/(a|a)*!/]).text(EVIL.slice(0, -1))).toBe(EVIL.slice(0, -1));
    expect(linearPattern('x').replaceAll('x', '$&$1')).toBe('$&$1');
  });

  it.each([
    ['(a)\\1', /cannot run on the linear-time engine/],
    ['a(?=b)', /cannot run on the linear-time engine/],
    ['(?<!a)b', /cannot run on the linear-time engine/],
    ['(unclosed', /^invalid regular expression \/\(unclosed\/: Unterminated group$/],
  ])('refuses %s', (p, reason) => {
    let err: unknown;
    try {
      linearPattern(p);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PatternError);
    expect(patternProblem(p, err)).toMatch(reason);
  });

  it('refuses the sticky flag', () => {
    expect(() => compilePattern('/a/y')).toThrow(/flag y is not supported/);
  });
});
