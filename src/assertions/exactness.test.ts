// The options that say exactly what must hold: sessionEnded metadata, citations, variables
// exact/absent (payload and transfer exact/count: exactness-counts.test.ts).
import { describe, expect, it } from 'vitest';
import { check, checkRow, turn, turnCtx } from '../../test/assertions/fixtures.js';
import type { MatcherRow } from '../../test/assertions/fixtures.js';

const goodbye = turnCtx(turn({ sessionEnded: true, endSessionMetadata: { reason: 'user_goodbye', code: 7 } }));
const endedBare = turnCtx(turn({ sessionEnded: true }));
const quiet = turnCtx(turn());
const refund = { uri: 'https://cymbal.example/refunds', title: 'Refund policy', text: 'Refunds take 5-7 days.' };
const cited = turnCtx(turn({ citations: [refund, { uri: 'https://cymbal.example/fees', title: 'Fees' }] }));
const pinTurn = turnCtx(turn({ updatedVariables: { authenticated: true, pin: '1234#' } }));
const escalated = turnCtx(turn({ updatedVariables: { authenticated: true, pin: '1234#', is_admin: true } }));

const rows: MatcherRow[] = [
  {
    matcher: 'sessionEnded',
    ctx: goodbye,
    name: 'metadata subset',
    options: { metadata: { reason: 'user_goodbye' } },
    status: 'passed',
    message:
      'expected the session to end with metadata {reason: "user_goodbye"}; ' +
      'the agent ended it with metadata {reason: "user_goodbye", code: 7}',
  },
  {
    matcher: 'sessionEnded',
    ctx: goodbye,
    name: 'metadata differs',
    options: { metadata: { reason: 'timeout' } },
    status: 'failed',
    message: /^expected the session to end with metadata \{reason: "timeout"\}/,
  },
  {
    matcher: 'sessionEnded',
    ctx: goodbye,
    name: 'metadata exact',
    options: { metadata: { reason: 'user_goodbye' }, mode: 'exact' },
    status: 'failed',
    message: /with exactly metadata/,
  },
  {
    matcher: 'sessionEnded',
    ctx: endedBare,
    name: 'ended without metadata',
    options: { metadata: { reason: { $exists: true } } },
    status: 'failed',
    message: /the agent ended it with metadata \{\}$/,
  },
  {
    matcher: 'sessionEnded',
    ctx: quiet,
    name: 'did not end',
    options: { metadata: { reason: 'user_goodbye' } },
    status: 'failed',
    message: /; it did not end$/,
  },
  {
    matcher: 'sessionEnded',
    ctx: goodbye,
    name: 'metadata, negated',
    options: { metadata: { reason: 'user_goodbye' } },
    negated: true,
    status: 'failed',
    message: /^expected not the session to end with metadata/,
  },

  {
    matcher: 'citations',
    ctx: cited,
    name: 'uri',
    options: { uri: 'https://cymbal.example/refunds' },
    status: 'passed',
    message: /^expected a citation matching \{uri: "https:\/\/cymbal.example\/refunds"\}; citations: /,
  },
  {
    matcher: 'citations',
    ctx: cited,
    name: 'title operator',
    options: { title: { $regex: '/refund/i' }, text: { $contains: '5-7' } },
    status: 'passed',
    message: /^expected a citation matching/,
  },
  {
    matcher: 'citations',
    ctx: cited,
    name: 'no such citation',
    options: { uri: 'https://cymbal.example/privacy' },
    status: 'failed',
    message: /^expected a citation matching/,
  },
  {
    matcher: 'citations',
    ctx: cited,
    name: 'exact needs every field',
    options: { uri: refund.uri, mode: 'exact' },
    status: 'failed',
    message: /^expected a citation equal to/,
  },
  {
    matcher: 'citations',
    ctx: cited,
    name: 'exact with every field',
    options: { ...refund, mode: 'exact' },
    status: 'passed',
    message: /^expected a citation equal to/,
  },
  {
    matcher: 'citations',
    ctx: cited,
    name: 'count of all',
    options: { count: 2 },
    status: 'passed',
    message: /^expected a citation exactly 2 times;/,
  },
  {
    matcher: 'citations',
    ctx: quiet,
    name: 'none',
    options: { count: 0 },
    status: 'passed',
    message: 'expected a citation exactly 0 times; citations: none',
  },
  {
    matcher: 'citations',
    ctx: cited,
    name: 'count too low',
    options: { title: 'Fees', count: { min: 2 } },
    status: 'failed',
    message: /at least 2 times;/,
  },

  {
    matcher: 'variables',
    ctx: pinTurn,
    name: 'exact holds',
    options: { values: { authenticated: true, pin: '1234#' }, mode: 'exact' },
    status: 'passed',
    message: /^expected variables exactly/,
  },
  {
    matcher: 'variables',
    ctx: escalated,
    name: 'exact catches an extra variable',
    options: { values: { authenticated: true, pin: '1234#' }, mode: 'exact' },
    status: 'failed',
    message: /^expected variables exactly \{authenticated: true, pin: "1234#"\}; updated: /,
  },
  {
    matcher: 'variables',
    ctx: escalated,
    name: 'subset lets it through',
    options: { authenticated: true, pin: '1234#' },
    status: 'passed',
    message: /^expected variables \{/,
  },
  {
    matcher: 'variables',
    ctx: escalated,
    name: 'absent',
    options: { values: { authenticated: true }, absent: ['is_admin'] },
    status: 'failed',
    message: /and none of is_admin updated;/,
  },
  {
    matcher: 'variables',
    ctx: pinTurn,
    name: 'absent alone',
    options: { absent: ['is_admin', 'role'] },
    status: 'passed',
    message: /^expected variables \{\} and none of is_admin, role updated;/,
  },
];

describe('exact and counted matchers', () => {
  it.each(rows)('$matcher: $name', async (row) => {
    await checkRow(row.matcher, row, row.ctx);
  });

  it('variables: names the unexpected and the forbidden variable', async () => {
    const result = await check(
      'variables',
      { values: { authenticated: true, pin: '1234#' }, mode: 'exact', absent: ['is_admin'] },
      escalated,
    );
    expect(result.details).toEqual({
      mismatches: ['is_admin: unexpected key, got true', 'is_admin: expected not updated, got true'],
    });
  });
});
