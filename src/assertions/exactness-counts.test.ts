// The options that say exactly how often or in which order: payload exact/count, transfer count
// and exact chains (the other exact options: exactness.test.ts).
import { describe, it } from 'vitest';
import { checkRow, conversationCtx, transferTo, turn, turnCtx } from '../../test/assertions/fixtures.js';
import type { MatcherRow } from '../../test/assertions/fixtures.js';

const card = { type: 'rich_card', title: 'Premium' };
const oneCard = turnCtx(turn({ payloads: [card] }));
const cardWithExtra = turnCtx(turn({ payloads: [{ ...card, price: 0 }] }));
const twoCards = turnCtx(turn({ payloads: [card, { type: 'rich_card', title: 'Basic' }] }));
const hops = conversationCtx([
  turn({ transfers: [transferTo('billing_agent')] }),
  turn({ transfers: [transferTo('fraud_agent'), transferTo('billing_agent')] }),
]);

const rows: MatcherRow[] = [
  {
    matcher: 'payload',
    ctx: cardWithExtra,
    name: 'subset lets an extra field through',
    options: card,
    status: 'passed',
    message: /^expected a payload matching/,
  },
  {
    matcher: 'payload',
    ctx: cardWithExtra,
    name: 'exact catches an extra field',
    options: { value: card, mode: 'exact' },
    status: 'failed',
    message: /^expected a payload equal to \{type: "rich_card", title: "Premium"\}; payloads: /,
  },
  {
    matcher: 'payload',
    ctx: oneCard,
    name: 'exact holds',
    options: { value: card, mode: 'exact', count: 1 },
    status: 'passed',
    message: /^expected a payload equal to .* exactly 1 time;/,
  },
  {
    matcher: 'payload',
    ctx: twoCards,
    name: 'count catches a second card',
    options: { value: { type: 'rich_card' }, count: 1 },
    status: 'failed',
    message: /exactly 1 time; payloads: /,
  },
  {
    matcher: 'payload',
    ctx: twoCards,
    name: 'count of all payloads',
    options: { value: {}, count: 2 },
    status: 'passed',
    message: /exactly 2 times/,
  },

  {
    matcher: 'transfer',
    ctx: hops,
    name: 'count',
    options: { to: 'billing_agent', count: 2 },
    status: 'passed',
    message: 'expected transfer to billing_agent exactly 2 times; transfers: billing_agent, fraud_agent, billing_agent',
  },
  {
    matcher: 'transfer',
    ctx: hops,
    name: 'count fails',
    options: { to: 'billing_agent', count: 1 },
    status: 'failed',
    message: /^expected transfer to billing_agent exactly 1 time;/,
  },
  {
    matcher: 'transfer',
    ctx: hops,
    name: 'chain allows extra hops',
    options: { chain: ['billing_agent', 'billing_agent'] },
    status: 'passed',
    message: /^expected transfer chain \["billing_agent", "billing_agent"\];/,
  },
  {
    matcher: 'transfer',
    ctx: hops,
    name: 'exact chain refuses extra hops',
    options: { chain: ['billing_agent', 'billing_agent'], mode: 'exact' },
    status: 'failed',
    message: /^expected transfer chain exactly/,
  },
  {
    matcher: 'transfer',
    ctx: hops,
    name: 'exact chain holds',
    options: { chain: ['billing_agent', 'fraud_agent', 'billing_agent'], mode: 'exact' },
    status: 'passed',
    message: /^expected transfer chain exactly/,
  },
  {
    matcher: 'transfer',
    ctx: hops,
    name: 'count with chain',
    options: { chain: ['billing_agent'], count: 1 },
    status: 'error',
    message: 'transfer: count goes with to, not chain',
  },
];

describe('counted payload and transfer matchers', () => {
  it.each(rows)('$matcher: $name', async (row) => {
    await checkRow(row.matcher, row, row.ctx);
  });
});
