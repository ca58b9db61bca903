import { describe, expect, it } from 'vitest';
import { check, expectation, turn, turnCtx } from '../../test/assertions/fixtures.js';
import type { Expectation } from '../model/spec.js';
import type { CustomMatcherModule, DeferredCheck } from './types.js';
import { runAssertions } from './run.js';

describe('runAssertions', () => {
  const ctx = turnCtx(turn({ text: 'Hello there' }), 4);

  it('returns one result per expectation, in order, with loc, turn and negated copied', async () => {
    const results = await runAssertions([expectation('text', 'Hello'), expectation('text', 'Bye', true)], ctx);
    expect(results).toEqual([
      {
        matcher: 'text',
        negated: false,
        status: 'passed',
        message: 'expected text to contain "Hello"; got: "Hello there"',
        expected: { contains: 'Hello' },
        actual: 'Hello there',
        loc: { file: 'specs/x.yaml', line: 3, col: 7 },
        turn: 4,
      },
      {
        matcher: 'text',
        negated: true,
        status: 'passed',
        message: 'expected text not to contain "Bye"; got: "Hello there"',
        expected: { contains: 'Bye' },
        actual: 'Hello there',
        loc: { file: 'specs/x.yaml', line: 3, col: 7 },
        turn: 4,
      },
    ]);
  });

  it('leaves turn out at conversation level', async () => {
    const [result] = await runAssertions([expectation('text', 'Hello')], {
      scope: 'conversation',
      turns: [turn({ text: 'Hello' })],
    });
    expect(result).not.toHaveProperty('turn');
  });

  // The types rule these out; a JavaScript caller (or a results file) can still name one.
  const named = (matcher: string): Expectation =>
    JSON.parse(JSON.stringify({ matcher, options: true, negated: false }));

  it('reports an unknown matcher as an error', async () => {
    const [result] = await runAssertions([named('shout')], ctx);
    expect(result).toMatchObject({ status: 'error', message: 'unknown matcher "shout"' });
  });

  it('does not treat inherited object keys as matchers', async () => {
    const [result] = await runAssertions([named('toString')], ctx);
    expect(result).toMatchObject({ status: 'error', message: 'unknown matcher "toString"' });
  });

  it('returns nothing for no expectations', async () => {
    expect(await runAssertions([], ctx)).toEqual([]);
  });
});

describe('runAssertions with custom matchers', () => {
  const modules = new Map<string, CustomMatcherModule>([['./checks/slow.js', { default: async () => true }]]);
  const withCustom = turnCtx(turn({ text: 'Hello there' }), 0, { customMatchers: modules });

  it('evaluates synchronous matchers in order', async () => {
    const results = await runAssertions([expectation('text', 'Hello'), expectation('text', 'Bye')], withCustom);
    expect(results.map((r) => r.status)).toEqual(['passed', 'failed']);
  });

  it('keeps every result in order around an async matcher', async () => {
    const pending = runAssertions(
      [expectation('text', 'Hello'), expectation('custom', { module: './checks/slow.js' }), expectation('text', 'Bye')],
      withCustom,
    );
    expect(pending).toBeInstanceOf(Promise);
    expect((await pending).map((r) => [r.matcher, r.status])).toEqual([
      ['text', 'passed'],
      ['custom', 'passed'],
      ['text', 'failed'],
    ]);
  });
});

describe('runAssertions with a deferred check', () => {
  const judged = (judge: DeferredCheck) => turnCtx(turn({ text: 'Hello there' }), 0, { judge });
  const judgeOf = (prompt: string): Expectation => expectation('judge', { prompt });

  it('makes a rejection of the check an error result, and the others still pass', async () => {
    const results = await runAssertions(
      [judgeOf('polite'), expectation('text', 'Hello')],
      judged(() => Promise.reject(new Error('judge down'))),
    );
    expect(results.map((r) => [r.matcher, r.status])).toEqual([
      ['judge', 'error'],
      ['text', 'passed'],
    ]);
    expect(results[0]!.message).toBe('judge could not be evaluated: judge down');
  });

  it('makes a malformed answer an error result, not a rejected run', async () => {
    // A JavaScript check can answer anything; the types rule this out.
    const nothing = (() => Promise.resolve(null)) as unknown as DeferredCheck;
    const [result] = await runAssertions([judgeOf('polite')], judged(nothing));
    expect(result).toMatchObject({ matcher: 'judge', status: 'error' });
  });
});

describe('judge matcher', () => {
  it.each([
    ['a {prompt}', { prompt: 'The agent is polite' }, false],
    ['negated, still skipped', { prompt: 'The agent is polite' }, true],
  ] as const)('is skipped with the prompt: %s', async (_name, options, negated) => {
    const result = await check('judge', options, turnCtx(turn()), negated);
    expect(result.status).toBe('skipped');
    expect(result.message).toBe('needs an LLM judge: The agent is polite');
  });
});
