import { describe, expect, it } from 'vitest';
import { call, check, checkRow, conversationCtx, responseTo, turn, turnCtx } from '../../test/assertions/fixtures.js';
import type { Row } from '../../test/assertions/fixtures.js';

const lookup = call(
  'lookup_account',
  { account_id: '124' },
  { displayName: 'Lookup Account', resource: 'projects/p/locations/us/apps/a/tools/tool-7' },
);
const escalate = call('escalate', { reason: 'angry' });
const called = 'called: lookup_account {account_id: "124"}, escalate {reason: "angry"}';
const ctx = turnCtx(
  turn({
    toolCalls: [lookup, escalate],
    toolResponses: [responseTo(lookup, { output: { status: 'ok', balance: 42.5 } })],
  }),
  1,
);

const rows: Row[] = [
  {
    name: 'string shorthand is the name',
    options: 'escalate',
    status: 'passed',
    message: `expected tool escalate; ${called}`,
  },
  {
    name: 'name not called',
    options: { name: 'open_ticket' },
    status: 'failed',
    message: `expected tool open_ticket; ${called}`,
  },
  {
    name: 'matches the display name',
    options: { name: 'Lookup Account' },
    status: 'passed',
    message: /^expected tool Lookup Account;/,
  },
  { name: 'matches the resource id', options: { name: 'tool-7' }, status: 'passed', message: /^expected tool tool-7;/ },
  {
    name: 'displayName option',
    options: { displayName: 'Lookup Account' },
    status: 'passed',
    message: /^expected tool with display name Lookup Account;/,
  },
  {
    // The message shows what was compared: the calls' display names, not only their names.
    name: 'displayName option does not match the short name',
    options: { displayName: 'lookup_account' },
    status: 'failed',
    message:
      'expected tool with display name lookup_account; called: lookup_account (display name Lookup Account) ' +
      '{account_id: "124"}, escalate {reason: "angry"}',
  },
  {
    name: 'not displayName',
    options: { displayName: 'lookup_account' },
    negated: true,
    status: 'passed',
    message: /^expected no tool call with display name lookup_account; called: lookup_account \(display name/,
  },
  {
    name: 'exact name is not a suffix',
    options: { name: 'account' },
    status: 'failed',
    message: /^expected tool account;/,
  },
  {
    name: 'suffix name match',
    options: { name: 'account', nameMatch: 'suffix' },
    status: 'passed',
    message: `expected tool ending in account; ${called}`,
  },
  {
    name: 'args subset, the issue example',
    options: { name: 'lookup_account', args: { account_id: '123' } },
    status: 'failed',
    message: `expected tool lookup_account with args {account_id: "123"}; ${called}`,
  },
  {
    name: 'args subset holds',
    options: { name: 'lookup_account', args: { account_id: '124' } },
    status: 'passed',
    message: /with args \{account_id: "124"\};/,
  },
  {
    name: 'args number matches numeric string',
    options: { name: 'lookup_account', args: { account_id: 124 } },
    status: 'passed',
    message: /with args \{account_id: 124\};/,
  },
  {
    name: 'args with operators',
    options: { name: 'lookup_account', args: { account_id: { $regex: '^\\d+$' } } },
    status: 'passed',
    message: /args \{account_id: \{\$regex: "\^\\\\d\+\$"\}\}/,
  },
  {
    name: 'argsMode exact',
    options: { name: 'escalate', args: {}, argsMode: 'exact' },
    status: 'failed',
    message: `expected tool escalate with exactly args {}; ${called}`,
  },
  {
    name: 'anyTool args',
    options: { anyTool: true, args: { reason: 'angry' } },
    status: 'passed',
    message: `expected a tool call with args {reason: "angry"}; ${called}`,
  },
  {
    name: 'count exact',
    options: { name: 'escalate', count: 2 },
    status: 'failed',
    message: `expected tool escalate exactly 2 times; ${called} (1 matching)`,
  },
  {
    name: 'count 0 means not called',
    options: { name: 'open_ticket', count: 0 },
    status: 'passed',
    message: /exactly 0 times;.*\(0 matching\)$/,
  },
  {
    name: 'count range',
    options: { name: 'escalate', count: { min: 1, max: 3 } },
    status: 'passed',
    message: /escalate between 1 and 3 times;/,
  },
  {
    name: 'count max',
    options: { name: 'escalate', count: { max: 1 } },
    status: 'passed',
    message: /escalate at most 1 time;/,
  },
  {
    name: 'count max 0 reads as exactly 0',
    options: { name: 'escalate', count: { max: 0 } },
    status: 'failed',
    message: /escalate exactly 0 times;/,
  },
  {
    name: 'count min',
    options: { name: 'escalate', count: { min: 2 } },
    status: 'failed',
    message: /escalate at least 2 times;/,
  },
  {
    name: 'response subset (output unwrapped)',
    options: { name: 'lookup_account', response: { status: 'ok' } },
    status: 'passed',
    message: /with response|and response \{status: "ok"\};/,
  },
  {
    name: 'response written with output',
    options: { name: 'lookup_account', response: { output: { balance: 42.5 } } },
    status: 'passed',
    message: /and response/,
  },
  {
    name: 'response mismatch',
    options: { name: 'lookup_account', response: { balance: { $gt: 100 } } },
    status: 'failed',
    message: `expected tool lookup_account and response {balance: {$gt: 100}}; ${called}`,
  },
  {
    name: 'response missing',
    options: { name: 'escalate', response: { ok: true } },
    status: 'failed',
    message: /^expected tool escalate and response \{ok: true\};/,
  },
  {
    name: 'negated: called',
    options: { name: 'escalate' },
    negated: true,
    status: 'failed',
    message: `expected no tool call escalate; ${called}`,
  },
  {
    name: 'negated: not called',
    options: { name: 'open_ticket' },
    negated: true,
    status: 'passed',
    message: `expected no tool call open_ticket; ${called}`,
  },
  {
    name: 'negated with args',
    options: { name: 'lookup_account', args: { account_id: '123' } },
    negated: true,
    status: 'passed',
    message: `expected no tool call lookup_account with args {account_id: "123"}; ${called}`,
  },
  {
    name: 'negated with count',
    options: { name: 'escalate', count: 1 },
    negated: true,
    status: 'failed',
    message: `expected not tool escalate exactly 1 time; ${called} (1 matching)`,
  },
  {
    name: 'no name',
    options: { args: { a: 1 } },
    status: 'error',
    message: 'toolCall needs name, displayName or anyTool: true; got {args: {a: 1}}',
  },
  {
    name: 'a name beside anyTool (never half read)',
    options: { name: 'escalate', anyTool: true },
    status: 'error',
    message: 'toolCall names its tool one way, not name and anyTool; got {name: "escalate", anyTool: true}',
  },
  {
    name: 'bad operator in args',
    options: { name: 'escalate', args: { reason: { $gt: 'x' } } },
    status: 'error',
    message: '$gt takes a number; got a string',
  },
];

describe('toolCall matcher', () => {
  it.each(rows)('$name', async (row) => {
    await checkRow('toolCall', row, ctx);
  });

  it('says "no tools" when nothing was called', async () => {
    const result = await check('toolCall', 'lookup_account', turnCtx(turn()));
    expect(result.message).toBe('expected tool lookup_account; called: no tools');
  });

  it('names the argument that differed in details', async () => {
    const result = await check('toolCall', { name: 'lookup_account', args: { account_id: '123' } }, ctx);
    expect(result.details).toEqual({
      matching: 0,
      mismatches: ['lookup_account: args.account_id: expected "123", got "124"'],
    });
    expect(result.actual).toEqual([
      { name: 'lookup_account', args: { account_id: '124' } },
      { name: 'escalate', args: { reason: 'angry' } },
    ]);
  });

  it('explains a missing response in details', async () => {
    const result = await check('toolCall', { name: 'escalate', response: { ok: true } }, ctx);
    expect(result.details?.mismatches).toEqual([`escalate: response: no tool response for call ${escalate.id}`]);
  });

  describe('scope', () => {
    const first = turn({ toolCalls: [call('authenticate')] });
    const second = turn({ toolCalls: [call('lookup_account')] });

    it('defaults to the checked turn', async () => {
      const result = await check('toolCall', 'authenticate', turnCtx(second, 1, { turns: [first, second] }));
      expect(result.status).toBe('failed');
    });

    it('scope: conversation looks at every turn so far', async () => {
      const result = await check(
        'toolCall',
        { name: 'authenticate', scope: 'conversation' },
        turnCtx(second, 1, { turns: [first, second] }),
      );
      expect(result.status).toBe('passed');
      expect(result.message).toBe('expected tool authenticate; called: authenticate {}, lookup_account {}');
    });

    it('defaults to every turn at conversation level', async () => {
      const result = await check('toolCall', { name: 'authenticate', count: 1 }, conversationCtx([first, second]));
      expect(result.status).toBe('passed');
    });

    it('scope: turn at conversation level is an error', async () => {
      const result = await check('toolCall', { name: 'authenticate', scope: 'turn' }, conversationCtx([first]));
      expect(result.status).toBe('error');
      expect(result.message).toBe('toolCall needs a turn to check, but it is a conversation-level assertion');
    });
  });
});
