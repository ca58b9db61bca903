import { describe, expect, it } from 'vitest';
import { check, checkRow, conversationCtx, turn, turnCtx, type Row } from '../../test/assertions/fixtures.js';
import { UnloadedCustomMatcher, type CustomMatcherInput, type CustomMatcherModule } from './types.js';

const seen: CustomMatcherInput[] = [];
const modules = new Map<string, CustomMatcherModule | UnloadedCustomMatcher>([
  ['./checks/esm.js', new UnloadedCustomMatcher('module ./checks/esm.js could not be loaded: SyntaxError: …')],
  [
    './checks/balance.js',
    {
      default: (input: CustomMatcherInput) => {
        seen.push(input);
        return input.turn?.text.includes('42') ?? false;
      },
      polite: async ({ turn: t }: CustomMatcherInput) => ({
        pass: /please/i.test(t?.text ?? ''),
        message: 'looked for "please"',
      }),
      boom: () => {
        throw new Error('database down');
      },
      rejects: () => Promise.reject(new Error('async boom')),
      shape: () => ({ ok: true }),
      nothing: () => undefined,
      notAFunction: 42,
    },
  ],
]);
const ctx = turnCtx(turn({ text: 'Your balance is 42.' }), 0, { customMatchers: modules });
const mod = './checks/balance.js';
const fx = '(its function exports: default, polite, boom, rejects, shape, nothing)';

const rows: Row[] = [
  {
    name: 'default export returning true',
    options: { module: mod },
    status: 'passed',
    message: `expected custom check ${mod}#default to pass; it passed`,
  },
  {
    name: 'named export with a message',
    options: { module: mod, export: 'polite' },
    status: 'failed',
    message: `expected custom check ${mod}#polite to pass; it failed: looked for "please"`,
  },
  {
    name: 'negated: passing check fails',
    options: { module: mod },
    negated: true,
    status: 'failed',
    message: `expected custom check ${mod}#default to fail; it passed`,
  },
  {
    name: 'negated: failing check passes',
    options: { module: mod, export: 'polite' },
    negated: true,
    status: 'passed',
    message: `expected custom check ${mod}#polite to fail; it failed: looked for "please"`,
  },
  {
    name: 'module not loaded',
    options: { module: './nope.js' },
    status: 'error',
    message: 'custom: module ./nope.js was not loaded',
  },
  {
    name: 'module that could not be loaded',
    options: { module: './checks/esm.js' },
    status: 'error',
    message: 'custom: module ./checks/esm.js could not be loaded: SyntaxError: …',
  },
  {
    name: 'export missing',
    options: { module: mod, export: 'gone' },
    status: 'error',
    message: `custom: ${mod} has no function export "gone" ${fx}`,
  },
  {
    name: 'export not a function',
    options: { module: mod, export: 'notAFunction' },
    status: 'error',
    message: `custom: ${mod} has no function export "notAFunction" ${fx}`,
  },
  {
    name: 'inherited names are not exports',
    options: { module: mod, export: 'toString' },
    status: 'error',
    message: `custom: ${mod} has no function export "toString" ${fx}`,
  },
  {
    name: 'throws',
    options: { module: mod, export: 'boom' },
    status: 'error',
    message: `custom: ${mod}#boom threw: database down`,
  },
  {
    name: 'rejects',
    options: { module: mod, export: 'rejects' },
    negated: true,
    status: 'error',
    message: `custom: ${mod}#rejects threw: async boom`,
  },
  {
    name: 'wrong return shape',
    options: { module: mod, export: 'shape' },
    status: 'error',
    message: `custom: ${mod}#shape must return a boolean or {pass, message?}; returned {ok: true}`,
  },
  {
    name: 'returns nothing',
    options: { module: mod, export: 'nothing' },
    status: 'error',
    message: `custom: ${mod}#nothing must return a boolean or {pass, message?}; returned nothing`,
  },
];

describe('custom matcher', () => {
  it.each(rows)('$name', async (row) => {
    await checkRow('custom', row, ctx);
  });

  it('is an error when the runner loaded no modules', async () => {
    const result = await check('custom', { module: mod }, turnCtx(turn()));
    expect(result).toMatchObject({ status: 'error', message: `custom: module ${mod} was not loaded` });
  });

  it("cuts a long message or thrown error (the module's text) and says how long it was", async () => {
    const long = new Map([
      [
        './long.js',
        {
          says: () => ({ pass: false, message: 'm'.repeat(3000) }),
          throws: () => {
            throw new Error('t'.repeat(2500));
          },
        },
      ],
    ]);
    const at = turnCtx(turn(), 0, { customMatchers: long });
    const said = await check('custom', { module: './long.js', export: 'says' }, at);
    const threw = await check('custom', { module: './long.js', export: 'throws' }, at);
    expect([said.status, said.message]).toEqual([
      'failed',
      `expected custom check ./long.js#says to pass; it failed: ${'m'.repeat(2000)}… [cut: 3000 characters in all]`,
    ]);
    expect([threw.status, threw.message]).toEqual([
      'error',
      `custom: ./long.js#throws threw: ${'t'.repeat(2000)}… [cut: 2500 characters in all]`,
    ]);
  });

  it('is an error when `expected` or `actual` cannot be written as JSON, saying where', async () => {
    const deep: unknown[] = [];
    let at = deep;
    for (let i = 0; i < 150; i++) at.push((at = []));
    const odd = new Map([
      [
        './odd.js',
        {
          nan: () => ({ pass: true, actual: { score: NaN } }),
          fn: () => ({ pass: true, expected: { 'a b': [() => 1] } }),
          date: () => ({ pass: false, actual: new Date(0) }),
          hole: () => ({ pass: true, actual: [1, undefined] }),
          deep: () => ({ pass: true, actual: deep }),
          shared: () => {
            const twice = { n: 1 };
            return { pass: true, actual: { a: twice, b: [twice], gone: undefined } };
          },
        },
      ],
    ]);
    const odds = turnCtx(turn(), 0, { customMatchers: odd });
    const run = async (name: string) => {
      const r = await check('custom', { module: './odd.js', export: name }, odds);
      return [
        r.status,
        r.message.replace(/^custom: \.\/odd\.js#\w+ returned a value that cannot be written as JSON: /, ''),
      ];
    };
    expect(await run('nan')).toEqual(['error', 'actual.score is NaN, which JSON cannot write (it writes null)']);
    expect(await run('fn')).toEqual(['error', 'expected["a b"][0] is a function, which JSON cannot write']);
    expect(await run('date')).toEqual(['error', 'actual is a Date, not a plain object or array']);
    expect(await run('hole')).toEqual(['error', 'actual[1] is undefined, which JSON cannot write']);
    expect(await run('deep')).toEqual(['error', `actual${'[0]'.repeat(100)} nests deeper than 100 levels`]);
    // A value met twice is no cycle, and a member set to undefined is left out as JSON leaves it out.
    expect(await run('shared')).toEqual(['passed', 'expected custom check ./odd.js#shared to pass; it passed']);
  });

  it('passes `options` (else {}), and the scope and turns', async () => {
    seen.length = 0;
    await check('custom', { module: mod, options: { min: 5 } }, ctx);
    await check('custom', { module: mod }, conversationCtx([turn()], { customMatchers: modules }));
    expect(seen.map((s) => [s.options, s.scope, s.turns.length, s.turn === undefined])).toEqual([
      [{ min: 5 }, 'turn', 1, false],
      [{}, 'conversation', 1, true],
    ]);
  });
});
