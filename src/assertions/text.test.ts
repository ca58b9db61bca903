import { describe, expect, it } from 'vitest';
import { check, checkRow, conversationCtx, turn, turnCtx, type Row } from '../../test/assertions/fixtures.js';

const said = 'Your balance is $42.50.';
const got = `got: "${said}"`;
const ctx = turnCtx(turn({ text: said }), 2);

const rows: Row[] = [
  {
    name: 'string shorthand contains',
    options: 'balance',
    status: 'passed',
    message: `expected text to contain "balance"; ${got}`,
  },
  {
    name: 'contains missing',
    options: { contains: 'refund' },
    status: 'failed',
    message: `expected text to contain "refund"; ${got}`,
  },
  {
    name: 'contains is case-sensitive',
    options: { contains: 'BALANCE' },
    status: 'failed',
    message: `expected text to contain "BALANCE"; ${got}`,
  },
  {
    name: 'contains ignoreCase',
    options: { contains: 'BALANCE', ignoreCase: true },
    status: 'passed',
    message: `expected text to contain "BALANCE" (ignoring case); ${got}`,
  },
  {
    name: 'contains list: all must appear',
    options: { contains: ['balance', 'refund'] },
    status: 'failed',
    message: `expected text to contain "balance", "refund"; ${got}`,
  },
  {
    name: 'contains list: all appear',
    options: { contains: ['balance', '$42'] },
    status: 'passed',
    message: `expected text to contain "balance", "$42"; ${got}`,
  },
  {
    name: 'equals trims both sides',
    options: { equals: `  ${said}\n` },
    status: 'passed',
    message: `expected text to equal "  ${said}\\n"; ${got}`,
  },
  {
    name: 'equals differs',
    options: { equals: 'Your balance is $42.' },
    status: 'failed',
    message: `expected text to equal "Your balance is $42."; ${got}`,
  },
  {
    name: 'equals ignoreCase',
    options: { equals: said.toUpperCase(), ignoreCase: true },
    status: 'passed',
    message: /ignoring case/,
  },
  {
    name: 'matches /re/',
    options: { matches: '/\\$42\\.50/' },
    status: 'passed',
    message: `expected text to match /\\$42\\.50/; ${got}`,
  },
  {
    name: 'matches plain pattern',
    options: { matches: 'BALANCE' },
    status: 'failed',
    message: `expected text to match /BALANCE/; ${got}`,
  },
  {
    name: 'matches with flags',
    options: { matches: '/BALANCE/i' },
    status: 'passed',
    message: `expected text to match /BALANCE/i; ${got}`,
  },
  {
    name: 'matches ignoreCase adds i',
    options: { matches: 'BALANCE', ignoreCase: true },
    status: 'passed',
    message: /match \/BALANCE\/i/,
  },
  {
    name: 'oneOf hit',
    options: { oneOf: ['Hi', said] },
    status: 'passed',
    message: `expected text to be one of ["Hi", "${said}"]; ${got}`,
  },
  {
    name: 'oneOf miss',
    options: { oneOf: ['Hi', 'Bye'] },
    status: 'failed',
    message: `expected text to be one of ["Hi", "Bye"]; ${got}`,
  },
  {
    name: 'similar above threshold',
    options: { similar: 'your balance is $42.50' },
    status: 'passed',
    message: `expected text to be similar to "your balance is $42.50" (similarity 0.98, threshold 0.80); ${got}`,
  },
  {
    name: 'similar below threshold',
    options: { similar: 'Sorry, I did not get that.', threshold: 0.9 },
    status: 'failed',
    message:
      /^expected text to be similar to "Sorry, I did not get that." \(similarity 0\.\d\d, threshold 0\.90\); got: /,
  },
  {
    name: 'several checks must all hold',
    options: { contains: 'balance', matches: '/refund/' },
    status: 'failed',
    message: `expected text to contain "balance" and match /refund/; ${got}`,
  },
  {
    name: 'negated contains that holds fails',
    options: 'balance',
    negated: true,
    status: 'failed',
    message: `expected text not to contain "balance"; ${got}`,
  },
  {
    name: 'negated contains that does not hold passes',
    options: 'refund',
    negated: true,
    status: 'passed',
    message: `expected text not to contain "refund"; ${got}`,
  },
  {
    name: 'no check named',
    options: { ignoreCase: true },
    status: 'error',
    message: 'text: options need one of equals, contains, matches, oneOf, similar; got {ignoreCase: true}',
  },
  {
    name: 'invalid regex',
    options: { matches: '/(/' },
    status: 'error',
    message: /^invalid regular expression "\/\(\/": /,
  },
  {
    name: 'errors are never flipped by not',
    options: { matches: '/(/' },
    negated: true,
    status: 'error',
    message: /^invalid regular expression "\/\(\/": /,
  },
];

describe('text matcher (turn scope)', () => {
  it.each(rows)('$name', async (row) => {
    const result = await checkRow('text', row, ctx);
    expect(result.turn).toBe(2);
    expect(result.negated).toBe(row.negated ?? false);
    expect(result.loc).toEqual({ file: 'specs/x.yaml', line: 3, col: 7 });
  });

  it('reports the similarity score in details', async () => {
    const result = await check('text', { similar: 'your balance is $42.50' }, ctx);
    expect(result.details?.similarity).toBeCloseTo(0.977, 2);
    expect(result.details?.threshold).toBe(0.8);
  });

  it('lists the missing parts of a contains list in details', async () => {
    const result = await check('text', { contains: ['balance', 'refund', 'card'] }, ctx);
    expect(result.details).toEqual({ missing: ['refund', 'card'] });
  });

  it('truncates a long actual text in the message and keeps it whole in actual', async () => {
    const long = 'x'.repeat(500);
    const result = await check('text', 'balance', turnCtx(turn({ text: long })));
    expect(result.message).toBe(`expected text to contain "balance"; got: "${'x'.repeat(199)}…"`);
    expect(result.actual).toBe(long);
  });

  it('is an error, not a pass, when the turn has no result', async () => {
    const result = await check('text', 'balance', turnCtx(undefined));
    expect(result.status).toBe('error');
    expect(result.message).toBe('text needs a turn to check, but the turn has no result');
  });
});

describe('text matcher (conversation scope)', () => {
  const turns = [turn({ text: 'Welcome!' }), turn({ text: '' }), turn({ text: said })];

  it('checks all agent text joined with a space', async () => {
    const result = await check('text', { contains: 'Welcome! Your balance' }, conversationCtx(turns));
    expect(result.status).toBe('passed');
    expect(result.turn).toBeUndefined();
    expect(result.actual).toBe(`Welcome! ${said}`);
  });

  it('fails with the joined text as actual', async () => {
    const result = await check('text', { equals: 'Welcome!' }, conversationCtx(turns));
    expect(result.message).toBe(`expected text to equal "Welcome!"; got: "Welcome! ${said}"`);
  });
});
