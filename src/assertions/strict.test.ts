// `match: strict` flips the defaults options leave open; explicit options still win.
import { describe, expect, it } from 'vitest';
import { call, conversationCtx, expectation, transferTo, turn, turnCtx } from '../../test/assertions/fixtures.js';
import type { JsonValue } from '../model/json.js';
import type { MatcherName } from '../model/spec.js';
import type { TurnResult } from '../model/turn.js';
import { runAssertions } from './run.js';

/** A matcher, its options as written, and whether it is under `not:`. */
type Item = [MatcherName, JsonValue, negated?: boolean];

/** As the runner checks a native spec: strict scalars are type-exact. */
async function statuses(items: Item[], t: TurnResult, match: 'strict' | 'lenient'): Promise<string[]> {
  const ctx = turnCtx(t, 0, { match, exactScalars: match === 'strict' });
  const results = await runAssertions(
    items.map(([m, o, negated]) => expectation(m, o, negated ?? false, ctx)),
    ctx,
  );
  return results.map((r) => r.status);
}

const lookup = (args: Record<string, string>) => call('lookup_account', args);

describe('match: strict', () => {
  it.each([
    [
      'an added argument',
      [['toolCall', { name: 'lookup_account', args: { account_id: 'A' } }]],
      turn({ toolCalls: [lookup({ account_id: 'A', verbose: 'yes' })] }),
    ],
    [
      'a duplicated call',
      [['toolCall', { name: 'lookup_account', args: { account_id: 'A' } }]],
      turn({ toolCalls: [lookup({ account_id: 'A' }), lookup({ account_id: 'A' })] }),
    ],
    [
      'a changed sentence',
      [['text', 'Welcome to Cymbal']],
      turn({ text: 'Welcome to Cymbal support! Please enter your PIN.' }),
    ],
    ['an extra payload field', [['payload', { type: 'card' }]], turn({ payloads: [{ type: 'card', price: 0 }] })],
    ['a second payload', [['payload', { type: 'card' }]], turn({ payloads: [{ type: 'card' }, { type: 'card' }] })],
    [
      'an extra variable',
      [['variables', { authenticated: true }]],
      turn({ updatedVariables: { authenticated: true, is_admin: true } }),
    ],
    ['a second citation', [['citations', { uri: 'u1' }]], turn({ citations: [{ uri: 'u1' }, { uri: 'u2' }] })],
  ] as Array<[string, Item[], TurnResult]>)('catches %s that lenient lets through', async (_name, items, t) => {
    expect(await statuses(items, t, 'lenient')).toEqual(items.map(() => 'passed'));
    expect(await statuses(items, t, 'strict')).toContain('failed');
  });

  const ticket = (args: Record<string, string>) => call('open_ticket', args);
  const high = { name: 'open_ticket', args: { priority: 'high' } };
  it.each([
    [
      'a negated variable that was set among others',
      [['variables', { authenticated: true }, true]],
      turn({ updatedVariables: { authenticated: true, account_id: 'A' } }),
    ],
    [
      'a negated variable set as a numeric string',
      [['variables', { balance: 42.5 }, true]],
      turn({ updatedVariables: { balance: '42.5' } }),
    ],
    [
      'a negated call whose args were a superset',
      [['toolCall', high, true]],
      turn({ toolCalls: [ticket({ priority: 'high', summary: 'internet down' })] }),
    ],
    [
      'a negated call beside a listed one of the same tool',
      [
        ['toolCall', 'open_ticket'],
        ['toolCall', high, true],
      ],
      turn({ toolCalls: [ticket({ priority: 'low' }), ticket({ priority: 'high' })] }),
    ],
    [
      'a payload counted 0 that was sent with more fields',
      [['payload', { value: { type: 'rich_card' }, count: 0 }]],
      turn({ payloads: [{ type: 'rich_card', title: 'Premium' }] }),
    ],
    [
      'a payload counted at most 0 sent with a numeric string',
      [['payload', { value: { amount: 42 }, count: { max: 0 } }]],
      turn({ payloads: [{ amount: '42' }] }),
    ],
    ['no citation, and one was returned', [['citations', { count: 0 }]], turn({ citations: [{ uri: 'u1' }] })],
    [
      'a call counted once that came twice, once with an extra argument',
      [['toolCall', { name: 'open_ticket', args: { priority: 'high' }, count: 1 }]],
      turn({ toolCalls: [ticket({ priority: 'high' }), ticket({ priority: 'high', summary: 's' })] }),
    ],
    [
      'a payload counted once that came twice, once with an extra field',
      [['payload', { value: { type: 'card' }, count: 1 }]],
      turn({ payloads: [{ type: 'card' }, { type: 'card', price: 0 }] }),
    ],
    [
      'a negated text contained in the reply',
      [['text', 'sorry', true]],
      turn({ text: 'I am sorry, that did not work.' }),
    ],
    [
      'a negated transfer chain with other hops',
      [['transfer', { chain: ['billing'] }, true]],
      turn({ transfers: [transferTo('billing'), transferTo('fraud')] }),
    ],
  ] as Array<[string, Item[], TurnResult]>)('is never weaker than lenient: fails %s', async (_name, items, t) => {
    // The last item is the one under test; one before it only sets up the strict listing.
    expect((await statuses(items, t, 'lenient')).at(-1)).toBe('failed');
    expect((await statuses(items, t, 'strict')).at(-1)).toBe('failed');
  });

  it.each([
    ['any citation (no fields)', [['citations', {}]], turn({ citations: [{ uri: 'u1', title: 'T' }] })],
    [
      'all payloads counted by an empty value',
      [['payload', { value: {}, count: 2 }]],
      turn({ payloads: [{ type: 'a' }, { type: 'b' }] }),
    ],
  ] as Array<[string, Item[], TurnResult]>)('reads %s as lenient does', async (_name, items, t) => {
    expect(await statuses(items, t, 'lenient')).toEqual(['passed']);
    expect(await statuses(items, t, 'strict')).toEqual(['passed']);
  });

  it('says when the lenient tally broke a maximum, and keeps a pure maximum lenient in the message', async () => {
    const t = turn({ toolCalls: [ticket({ priority: 'high' }), ticket({ priority: 'high', summary: 's' })] });
    const ctx = turnCtx(t, 0, { match: 'strict' });
    const [once, none] = await runAssertions(
      [
        expectation('toolCall', { ...high, count: 1 }, false, ctx),
        expectation('toolCall', { ...high, count: 0 }, false, ctx),
      ],
      ctx,
    );
    expect(once!.message).toMatch(/exactly args \{priority: "high"\} exactly 1 time; .*\(1 matching, 2 leniently\)$/);
    expect(none!.message).toMatch(/^expected tool open_ticket with args \{priority: "high"\} exactly 0 times;/);
  });

  it('counts a tool exactly as often as it is listed', async () => {
    const t = turn({ toolCalls: [lookup({ account_id: 'A' }), lookup({ account_id: 'B' })] });
    const a: Item = ['toolCall', { name: 'lookup_account', args: { account_id: 'A' } }];
    const b: Item = ['toolCall', { name: 'lookup_account', args: { account_id: 'B' } }];
    expect(await statuses([a, b], t, 'strict')).toEqual(['passed', 'passed']);
    expect(await statuses([a], t, 'strict')).toEqual(['failed']);
    const third = turn({ toolCalls: [...t.toolCalls, lookup({ account_id: 'A' })] });
    expect(await statuses([a, b], third, 'strict')).toEqual(['failed', 'failed']);
  });

  it('says why in the message', async () => {
    const t = turn({ toolCalls: [lookup({ account_id: 'A' }), lookup({ account_id: 'A' })] });
    const [result] = await runAssertions(
      [expectation('toolCall', { name: 'lookup_account', args: { account_id: 'A' } })],
      turnCtx(t, 0, { match: 'strict' }),
    );
    expect(result!.message).toBe(
      'expected tool lookup_account with exactly args {account_id: "A"}, ' +
        'and lookup_account called exactly 1 time as listed (match: strict); ' +
        'called: lookup_account {account_id: "A"}, lookup_account {account_id: "A"} (2 matching)',
    );
  });

  it('lets explicit options win', async () => {
    const t = turn({
      text: 'Welcome to Cymbal support!',
      toolCalls: [lookup({ account_id: 'A', verbose: 'yes' }), lookup({ account_id: 'A' })],
      payloads: [{ type: 'card', price: 0 }],
      updatedVariables: { authenticated: true, is_admin: true },
    });
    const items: Item[] = [
      ['text', { contains: 'Welcome' }],
      ['toolCall', { name: 'lookup_account', args: { account_id: 'A' }, argsMode: 'subset', count: 2 }],
      ['payload', { value: { type: 'card' }, mode: 'subset' }],
      ['variables', { values: { authenticated: true }, mode: 'subset' }],
    ];
    expect(await statuses(items, t, 'strict')).toEqual(['passed', 'passed', 'passed', 'passed']);
  });

  it('keeps a plain text string a substring at conversation level (all replies joined)', async () => {
    const turns = [turn({ text: 'Welcome to Cymbal support!' }), turn({ text: 'Goodbye!' })];
    const ctx = conversationCtx(turns, { match: 'strict' });
    const [result] = await runAssertions([expectation('text', 'Goodbye', false, ctx)], ctx);
    expect(result!.status).toBe('passed');
  });

  it('makes a transfer chain exact', async () => {
    const hop = (to: string) => ({ to, resource: `a/agents/${to}` });
    const turns = [turn({ transfers: [hop('billing'), hop('fraud'), hop('billing')] })];
    const e = [expectation('transfer', { chain: ['billing', 'billing'] })];
    expect((await runAssertions(e, conversationCtx(turns, { match: 'lenient' })))[0]!.status).toBe('passed');
    expect((await runAssertions(e, conversationCtx(turns, { match: 'strict' })))[0]!.status).toBe('failed');
  });

  it('does not count negated expectations as listed', async () => {
    const t = turn({ toolCalls: [lookup({ account_id: 'A' })] });
    const items = [
      expectation('toolCall', { name: 'lookup_account' }),
      expectation('toolCall', { name: 'lookup_account', args: { account_id: 'B' } }, true),
    ];
    expect((await runAssertions(items, turnCtx(t, 0, { match: 'strict' }))).map((r) => r.status)).toEqual([
      'passed',
      'passed',
    ]);
  });
});
