// The loader normalizes matcher options once into the typed Expectation (src/model/spec.ts): a
// shorthand and its long form load to the same expectation, a plain text string reads with the
// conversation's style and level, and options of a wrong shape never reach a matcher: the schema
// refuses them at file:line:col.
import { describe, expect, it } from 'vitest';
import { loadSpecs } from '../../src/runner/load/index.js';
import { convertFile } from '../../src/runner/index.js';
import type { Expectation } from '../../src/model/spec.js';
import { writeTree } from './helpers.js';

/** One conversation with one turn whose `expect:` holds `items` (YAML flow mappings). */
const spec = (items: string[], settings = ''): string =>
  `conversations:\n  - name: c\n${settings}    turns:\n      - user: hi\n        expect:\n` +
  items.map((item) => `          - ${item}\n`).join('');

async function loaded(items: string[], settings = '', match?: 'strict' | 'lenient'): Promise<Expectation[]> {
  const cwd = writeTree({ 'a.yaml': spec(items, settings) });
  const { files, errors } = await loadSpecs(['a.yaml'], { cwd, ...(match ? { match } : {}) });
  expect(errors.map((e) => e.message)).toEqual([]);
  return files[0]!.conversations[0]!.turns[0]!.expect.map(({ loc: _loc, ...e }) => e);
}

describe('typed expectations', () => {
  it.each([
    ['text', '{ text: Welcome }', '{ text: { contains: Welcome } }', { contains: 'Welcome' }],
    ['transcript', '{ transcript: balance }', '{ transcript: { contains: balance } }', { contains: 'balance' }],
    ['toolCall', '{ toolCall: lookup }', '{ toolCall: { name: lookup } }', { name: 'lookup' }],
    ['transfer', '{ transfer: billing }', '{ transfer: { to: billing } }', { to: 'billing' }],
    ['payload', '{ payload: { type: card } }', '{ payload: { value: { type: card } } }', { value: { type: 'card' } }],
    ['variables', '{ variables: { pin: 1 } }', '{ variables: { values: { pin: 1 } } }', { values: { pin: 1 } }],
  ] as const)(
    '%s: the shorthand and its long form load to the same typed expectation',
    async (matcher, short, long, options) => {
      const [fromShort, fromLong, negated] = await loaded([short, long, `{ not: ${short} }`]);
      expect(fromShort).toEqual({ matcher, options, negated: false });
      expect(fromLong).toEqual(fromShort);
      expect(negated).toEqual({ matcher, options, negated: true });
    },
  );

  it('keeps a payload whose value is an object as the options form, and a bare one with a scalar value', async () => {
    const [options, bare] = await loaded([
      '{ payload: { value: { type: card }, count: 1 } }',
      '{ payload: { value: 3 } }',
    ]);
    expect(options!.options).toEqual({ value: { type: 'card' }, count: 1 });
    expect(bare!.options).toEqual({ value: { value: 3 } });
  });

  it('reads a plain text string with the style: the whole reply in a strict turn, a substring elsewhere', async () => {
    const strictTurn = await loaded(['{ text: Welcome }'], '    match: strict\n');
    expect(strictTurn[0]!.options).toEqual({ equals: 'Welcome' });
    expect((await loaded(['{ text: Welcome }'], '', 'strict'))[0]!.options).toEqual({ equals: 'Welcome' });
    expect((await loaded(['{ transcript: Welcome }'], '', 'strict'))[0]!.options).toEqual({ contains: 'Welcome' });
    const cwd = writeTree({
      'a.yaml':
        'conversations:\n  - name: c\n    match: strict\n    turns: [{ user: hi }]\n    expect: [{ text: Bye }]\n',
    });
    const { files } = await loadSpecs(['a.yaml'], { cwd });
    expect(files[0]!.conversations[0]!.expect[0]!.options).toEqual({ contains: 'Bye' });
  });

  it.each([
    [
      '{ text: { equals: 5 } }',
      '6:31 conversations[0].turns[0].expect[0].text.equals: expected a string, got a number',
    ],
    [
      '{ toolCall: { name: lookup, count: -1 } }',
      '6:48 conversations[0].turns[0].expect[0].toolCall.count: must be >= 0',
    ],
    ['{ noToolCalls: false }', '6:28 conversations[0].turns[0].expect[0].noToolCalls: expected true'],
    [
      '{ sessionEnded: yes }',
      '6:29 conversations[0].turns[0].expect[0].sessionEnded: expected true or false or a map, got a string',
    ],
    [
      '{ latency: { maxMs: soon } }',
      '6:33 conversations[0].turns[0].expect[0].latency.maxMs: expected a number, got a string',
    ],
    [
      '{ toolSequence: { mode: exact } }',
      '6:29 conversations[0].turns[0].expect[0].toolSequence: missing required key "tools"',
    ],
    [
      '{ judge: { criteria: polite } }',
      '6:22 conversations[0].turns[0].expect[0].judge: missing required key "prompt"',
    ],
  ])('refuses %s at load, where it is written', async (item, where) => {
    const cwd = writeTree({ 'a.yaml': spec([item]) });
    const { files, errors } = await loadSpecs(['a.yaml'], { cwd });
    expect(files).toEqual([]);
    expect(errors.map((e) => e.message)).toContain(`a.yaml:${where}`);
  });

  it('writes the shorthands back when a native file is converted', async () => {
    const cwd = writeTree({
      'a.yaml': spec(
        ['{ text: Welcome }', '{ toolCall: lookup }', '{ not: { transfer: billing } }'],
        '    match: strict\n',
      ),
    });
    const { text, errors } = await convertFile('a.yaml', { cwd });
    expect(errors).toEqual([]);
    expect(text).toContain('- text: Welcome\n');
    expect(text).toContain('- toolCall: lookup\n');
    expect(text).toContain('transfer: billing');
    expect(text).not.toContain('equals');
  });
});
