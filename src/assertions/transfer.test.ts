import { describe, expect, it } from 'vitest';
import { check, checkRow, conversationCtx, transferTo, turn, turnCtx } from '../../test/assertions/fixtures.js';
import type { Row } from '../../test/assertions/fixtures.js';

const ctx = turnCtx(
  turn({ transfers: [transferTo('billing_agent', { displayName: 'Billing' }), transferTo('payments_agent')] }),
);
const got = 'transfers: billing_agent, payments_agent';

const rows: Row[] = [
  {
    name: 'string shorthand is `to`',
    options: 'billing_agent',
    status: 'passed',
    message: `expected transfer to billing_agent; ${got}`,
  },
  {
    name: 'any transfer of the turn',
    options: { to: 'payments_agent' },
    status: 'passed',
    message: `expected transfer to payments_agent; ${got}`,
  },
  { name: 'display name', options: 'Billing', status: 'passed', message: `expected transfer to Billing; ${got}` },
  {
    name: 'not transferred there',
    options: { to: 'support_agent' },
    status: 'failed',
    message: `expected transfer to support_agent; ${got}`,
  },
  {
    name: 'exact is not a suffix',
    options: { to: 'agent' },
    status: 'failed',
    message: `expected transfer to agent; ${got}`,
  },
  {
    name: 'suffix match',
    options: { to: 'payments_agent', match: 'suffix' },
    status: 'passed',
    message: `expected transfer to an agent ending in payments_agent; ${got}`,
  },
  {
    name: 'chain in order',
    options: { chain: ['billing_agent', 'payments_agent'] },
    status: 'passed',
    message: `expected transfer chain ["billing_agent", "payments_agent"]; ${got}`,
  },
  {
    name: 'chain out of order',
    options: { chain: ['payments_agent', 'billing_agent'] },
    status: 'failed',
    message: `expected transfer chain ["payments_agent", "billing_agent"]; ${got}`,
  },
  {
    name: 'negated, transferred',
    options: 'billing_agent',
    negated: true,
    status: 'failed',
    message: `expected no transfer to billing_agent; ${got}`,
  },
  {
    name: 'negated, not transferred',
    options: 'support_agent',
    negated: true,
    status: 'passed',
    message: `expected no transfer to support_agent; ${got}`,
  },
  {
    name: 'both to and chain',
    options: { to: 'a', chain: ['a'] },
    status: 'error',
    message: 'transfer needs exactly one of to, chain; got {to: "a", chain: ["a"]}',
  },
  {
    name: 'neither',
    options: { match: 'suffix' },
    status: 'error',
    message: 'transfer needs exactly one of to, chain; got {match: "suffix"}',
  },
];

describe('transfer matcher', () => {
  it.each(rows)('$name', async (row) => {
    await checkRow('transfer', row, ctx);
  });

  it('says none when there was no transfer', async () => {
    const result = await check('transfer', 'billing_agent', turnCtx(turn()));
    expect(result).toMatchObject({ status: 'failed', message: 'expected transfer to billing_agent; transfers: none' });
  });

  it('follows a chain across turns at conversation level', async () => {
    const turns = [turn({ transfers: [transferTo('billing_agent')] }), turn({ transfers: [transferTo('root_agent')] })];
    const result = await check('transfer', { chain: ['billing_agent', 'root_agent'] }, conversationCtx(turns));
    expect(result.status).toBe('passed');
    expect(result.actual).toEqual(['billing_agent', 'root_agent']);
  });
});

describe('noTransfer matcher', () => {
  const rowsNo: Row[] = [
    { name: 'no transfer', options: true, status: 'passed', message: 'expected no transfer; transfers: none' },
    {
      name: 'negated',
      options: true,
      negated: true,
      status: 'failed',
      message: 'expected a transfer; transfers: none',
    },
  ];

  it.each(rowsNo)('$name', async (row) => {
    await checkRow('noTransfer', row, turnCtx(turn()));
  });

  it('fails when the turn transferred', async () => {
    const result = await check('noTransfer', true, ctx);
    expect(result).toMatchObject({ status: 'failed', message: `expected no transfer; ${got}` });
  });
});
