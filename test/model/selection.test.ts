// --grep's one reading (src/model/selection.ts); planRuns' test (src/runner/run/plan.test.ts) checks
// that conversations and tool tests are selected by the same rules.
import { describe, expect, it } from 'vitest';
import { grepMatcher } from '../../src/model/selection.js';
import { PatternError } from '../../src/model/pattern.js';

describe('grepMatcher', () => {
  it('reads a /re/flags literal or a substring in any case, over "file › name"', () => {
    expect(grepMatcher('/^specs.*CHECK$/i')('specs/bank.yaml › Balance check')).toBe(true);
    expect(grepMatcher('/^Balance/')('specs/bank.yaml › Balance check')).toBe(false);
    expect(grepMatcher('bank.yaml › bal')('specs/bank.yaml › Balance check')).toBe(true);
    // An empty literal would match everything: "//" is the substring "//".
    expect(grepMatcher('//')('specs/bank.yaml › a/b path')).toBe(false);
    expect(grepMatcher('a/b')('specs/bank.yaml › a/b path')).toBe(true);
    expect(() => grepMatcher('/(/')).toThrow(PatternError);
  });
});
