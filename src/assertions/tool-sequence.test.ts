import { describe, expect, it } from 'vitest';
import { call, check, checkRow, conversationCtx, turn, turnCtx, type Row } from '../../test/assertions/fixtures.js';

const turns = [
  turn({ toolCalls: [call('authenticate'), call('lookup_account')] }),
  turn({ toolCalls: [call('log_event'), call('open_ticket', {}, { displayName: 'Open Ticket' })] }),
];
const ctx = conversationCtx(turns);
const called = 'called: ["authenticate", "lookup_account", "log_event", "open_ticket"]';

const rows: Row[] = [
  {
    name: 'inOrder by default, gaps allowed',
    options: { tools: ['authenticate', 'open_ticket'] },
    status: 'passed',
    message: `expected tools in order ["authenticate", "open_ticket"]; ${called} (precision 0.50, recall 1.00)`,
  },
  {
    name: 'inOrder wrong order',
    options: { tools: ['open_ticket', 'authenticate'] },
    status: 'failed',
    message: `expected tools in order ["open_ticket", "authenticate"]; ${called} (precision 0.50, recall 1.00)`,
  },
  {
    name: 'anyOrder ignores order',
    options: { tools: ['open_ticket', 'authenticate'], mode: 'anyOrder' },
    status: 'passed',
    message: /^expected tools in any order/,
  },
  {
    name: 'anyOrder counts repeats',
    options: { tools: ['authenticate', 'authenticate'], mode: 'anyOrder' },
    status: 'failed',
    message: /\(precision 0\.25, recall 0\.50\)$/,
  },
  {
    name: 'exact needs the whole sequence',
    options: { tools: ['authenticate', 'lookup_account'], mode: 'exact' },
    status: 'failed',
    message: `expected exactly the tools ["authenticate", "lookup_account"]; ${called} (precision 0.50, recall 1.00)`,
  },
  {
    name: 'exact holds',
    options: { tools: ['authenticate', 'lookup_account', 'log_event', 'Open Ticket'], mode: 'exact' },
    status: 'passed',
    message: /precision 1\.00, recall 1\.00/,
  },
  {
    name: 'missing tool lowers recall',
    options: { tools: ['authenticate', 'escalate'] },
    status: 'failed',
    message: `expected tools in order ["authenticate", "escalate"]; ${called} (precision 0.25, recall 0.50)`,
  },
  {
    name: 'minPrecision not met',
    options: { tools: ['authenticate', 'open_ticket'], minPrecision: 0.75 },
    status: 'failed',
    message:
      'expected tools in order ["authenticate", "open_ticket"] with precision >= 0.75; ' +
      `${called} (precision 0.50, recall 1.00)`,
  },
  {
    name: 'anyOrder passes on minRecall of the tools',
    options: { tools: ['lookup_account', 'escalate'], mode: 'anyOrder', minRecall: 0.5 },
    status: 'passed',
    message: /with recall >= 0\.50; .*\(precision 0\.25, recall 0\.50\)$/,
  },
  {
    name: 'anyOrder fails below minRecall',
    options: { tools: ['lookup_account', 'escalate', 'refund'], mode: 'anyOrder', minRecall: 0.5 },
    status: 'failed',
    message: /with recall >= 0\.50; .*recall 0\.33\)$/,
  },
  {
    name: 'anyOrder without minRecall needs every tool',
    options: { tools: ['lookup_account', 'escalate'], mode: 'anyOrder' },
    status: 'failed',
    message: /recall 0\.50\)$/,
  },
  {
    name: 'minRecall with minPrecision: both must hold',
    options: { tools: ['lookup_account', 'escalate'], mode: 'anyOrder', minRecall: 0.5, minPrecision: 0.5 },
    status: 'failed',
    message: /with precision >= 0\.50 and recall >= 0\.50;/,
  },
  {
    name: 'negated in-order sequence that happened',
    options: { tools: ['authenticate', 'open_ticket'] },
    negated: true,
    status: 'failed',
    message: `expected not tools in order ["authenticate", "open_ticket"]; ${called} (precision 0.50, recall 1.00)`,
  },
  {
    name: 'negated sequence that did not happen',
    options: { tools: ['escalate'] },
    negated: true,
    status: 'passed',
    message: /^expected not tools in order \["escalate"\];/,
  },
];

describe('toolSequence matcher', () => {
  it.each(rows)('$name', async (row) => {
    await checkRow('toolSequence', row, ctx);
  });

  it('reports precision and recall in details', async () => {
    const result = await check('toolSequence', { tools: ['authenticate', 'escalate'] }, ctx);
    expect(result.details).toEqual({ precision: 0.25, recall: 0.5 });
    expect(result.actual).toEqual(['authenticate', 'lookup_account', 'log_event', 'open_ticket']);
  });

  it('looks only at the checked turn at turn level', async () => {
    const result = await check(
      'toolSequence',
      { tools: ['log_event', 'open_ticket'], mode: 'exact' },
      turnCtx(turns[1], 1, { turns }),
    );
    expect(result.status).toBe('passed');
  });

  it('scores empty against empty as perfect', async () => {
    const result = await check('toolSequence', { tools: [], mode: 'exact' }, conversationCtx([turn()]));
    expect(result.message).toBe('expected exactly the tools []; called: [] (precision 1.00, recall 1.00)');
    expect(result.status).toBe('passed');
  });
});
