// noToolCalls, payload, variables and sessionEnded: the matchers over a turn's state.
import { describe, expect, it } from 'vitest';
import { call, check, checkRow, conversationCtx, turn, turnCtx } from '../../test/assertions/fixtures.js';
import type { MatcherRow } from '../../test/assertions/fixtures.js';

const quiet = turnCtx(turn());
const busy = turnCtx(turn({ toolCalls: [call('lookup_account', { account_id: '1' })] }));
const withPayloads = turnCtx(
  turn({ payloads: [{ card: { type: 'balance', amount: 42 } }, { buttons: ['yes', 'no'] }] }),
);
const early = turn({ updatedVariables: { pin: '1234', tier: 'gold' } });
const later = turn({ updatedVariables: { tier: 'platinum' }, sessionEnded: true });
const withVars = turnCtx(early);

const rows: MatcherRow[] = [
  {
    matcher: 'noToolCalls',
    ctx: quiet,
    name: 'none called',
    options: true,
    status: 'passed',
    message: 'expected no tool calls; called: no tools',
  },
  {
    matcher: 'noToolCalls',
    ctx: busy,
    name: 'one called',
    options: true,
    status: 'failed',
    message: 'expected no tool calls; called: lookup_account {account_id: "1"}',
  },
  {
    matcher: 'noToolCalls',
    ctx: busy,
    name: 'negated, one called',
    options: true,
    negated: true,
    status: 'passed',
    message: 'expected a tool call; called: lookup_account {account_id: "1"}',
  },
  {
    matcher: 'noToolCalls',
    ctx: quiet,
    name: 'negated, none called',
    options: true,
    negated: true,
    status: 'failed',
    message: 'expected a tool call; called: no tools',
  },

  {
    matcher: 'payload',
    ctx: withPayloads,
    name: 'subset of one payload',
    options: { card: { type: 'balance' } },
    status: 'passed',
    message:
      'expected a payload matching {card: {type: "balance"}}; ' +
      'payloads: {card: {type: "balance", amount: 42}}, {buttons: ["yes", "no"]}',
  },
  {
    matcher: 'payload',
    ctx: withPayloads,
    name: 'operators',
    options: { card: { amount: { $gt: 40 } } },
    status: 'passed',
    message: /^expected a payload matching \{card: \{amount: \{\$gt: 40\}\}\};/,
  },
  {
    matcher: 'payload',
    ctx: withPayloads,
    name: 'no payload matches',
    options: { card: { type: 'refund' } },
    status: 'failed',
    message: /^expected a payload matching \{card: \{type: "refund"\}\}; payloads: /,
  },
  {
    matcher: 'payload',
    ctx: quiet,
    name: 'no payloads',
    options: { a: 1 },
    status: 'failed',
    message: 'expected a payload matching {a: 1}; payloads: none',
  },
  {
    matcher: 'payload',
    ctx: withPayloads,
    name: 'negated',
    options: { buttons: { $contains: 'yes' } },
    negated: true,
    status: 'failed',
    message: /^expected no payload matching \{buttons: \{\$contains: "yes"\}\};/,
  },

  {
    matcher: 'variables',
    ctx: withVars,
    name: 'subset',
    options: { pin: '1234' },
    status: 'passed',
    message: 'expected variables {pin: "1234"}; updated: {pin: "1234", tier: "gold"}',
  },
  {
    matcher: 'variables',
    ctx: withVars,
    name: 'mismatch',
    options: { tier: 'platinum' },
    status: 'failed',
    message: 'expected variables {tier: "platinum"}; updated: {pin: "1234", tier: "gold"}',
  },
  {
    matcher: 'variables',
    ctx: conversationCtx([early, later]),
    name: 'merged over turns, later wins',
    options: { pin: '1234', tier: 'platinum' },
    status: 'passed',
    message: 'expected variables {pin: "1234", tier: "platinum"}; updated: {pin: "1234", tier: "platinum"}',
  },
  {
    matcher: 'variables',
    ctx: quiet,
    name: 'nothing updated',
    options: { pin: { $exists: true } },
    status: 'failed',
    message: 'expected variables {pin: {$exists: true}}; updated: {}',
  },
  {
    matcher: 'variables',
    ctx: withVars,
    name: 'negated',
    options: { pin: '1234' },
    negated: true,
    status: 'failed',
    message: 'expected variables not {pin: "1234"}; updated: {pin: "1234", tier: "gold"}',
  },

  {
    matcher: 'sessionEnded',
    ctx: turnCtx(later),
    name: 'ended',
    options: true,
    status: 'passed',
    message: 'expected the session to end; the agent ended it',
  },
  {
    matcher: 'sessionEnded',
    ctx: quiet,
    name: 'not ended',
    options: true,
    status: 'failed',
    message: 'expected the session to end; it did not end',
  },
  {
    matcher: 'sessionEnded',
    ctx: quiet,
    name: 'false holds',
    options: false,
    status: 'passed',
    message: 'expected the session not to end; it did not end',
  },
  {
    matcher: 'sessionEnded',
    ctx: conversationCtx([early, later]),
    name: 'any turn at conversation level',
    options: true,
    status: 'passed',
    message: 'expected the session to end; the agent ended it',
  },
  {
    matcher: 'sessionEnded',
    ctx: turnCtx(later),
    name: 'negated',
    options: true,
    negated: true,
    status: 'failed',
    message: 'expected the session not to end; the agent ended it',
  },
];

describe('state matchers', () => {
  it.each(rows)('$matcher: $name', async (row) => {
    await checkRow(row.matcher, row, row.ctx);
  });

  it('variables: names the differing variable in details', async () => {
    const result = await check('variables', { tier: 'platinum', pin: '0000' }, withVars);
    expect(result.details).toEqual({
      mismatches: ['tier: expected "platinum", got "gold"', 'pin: expected "0000", got "1234"'],
    });
  });

  it("payload: names each payload's differences in details", async () => {
    const result = await check('payload', { card: { type: 'refund' } }, withPayloads);
    expect(result.details).toEqual({
      matching: 0,
      mismatches: [
        'payload 0: card.type: expected "refund", got "balance"',
        'payload 1: card: expected {type: "refund"}, got nothing',
      ],
    });
  });
});
