// `match: strict` flips the defaults options leave open; explicit options still win.
import { describe, expect, it } from 'vitest';
import { call, conversationCtx, expectation, turn, turnCtx } from '../../test/assertions/fixtures.js';
import type { JsonValue } from '../model/json.js';
import type { MatcherName } from '../model/spec.js';
import type { TurnResult } from '../model/turn.js';
import { runAssertions } from './run.js';

type Item = [MatcherName, JsonValue];

async function statuses(items: Item[], t: TurnResult, match: 'strict' | 'lenient'): Promise<string[]> {
  const ctx = turnCtx(t, 0, { match });
  const results = await runAssertions(
    items.map(([m, o]) => expectation(m, o, false, ctx)),
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
