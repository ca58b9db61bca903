// Options that do nothing where they are written are errors at their key (validate used to accept
// them, and a run ignored them or reported the expectation as an error).
import { describe, expect, it } from 'vitest';
import { messagesOf } from '../../../test/loader/helpers.js';

/** A file whose first turn expects `turn` and whose conversation expects `conversation`. */
const file = (turn: string, conversation = '{ noTransfer: true }'): string =>
  'conversations:\n  - name: a\n    turns:\n      - user: hi\n        expect:\n' +
  `          - ${turn}\n    expect:\n      - ${conversation}\n`;

/** The error at `key` of the turn's item `item` (written from column 13). */
const at = (item: string, path: string, text: string): string => {
  const key = path.split('.').at(-1)!;
  return `a.yaml:6:${13 + item.indexOf(`${key}:`)} conversations[0].turns[0].expect[0].${path}: ${text}`;
};

describe('options without effect', () => {
  it.each([
    [
      'text: { contains: balance, threshold: 0.99 }',
      'text.threshold',
      'threshold is the similarity that similar needs: without similar it has no effect',
    ],
    [
      'not: { transcript: { equals: hi, threshold: 0.5 } }',
      'not.transcript.threshold',
      'threshold is the similarity that similar needs: without similar it has no effect',
    ],
    [
      'toolCall: { name: lookup_account, argsMode: exact }',
      'toolCall.argsMode',
      'argsMode says how args compare: without args it has no effect',
    ],
    [
      'toolCall: { anyTool: true, nameMatch: suffix }',
      'toolCall.nameMatch',
      'nameMatch says how the name compares: with anyTool: true there is no name',
    ],
    [
      'transfer: { to: billing_agent, mode: exact }',
      'transfer.mode',
      'mode goes with chain (whether other hops may come between), not to',
    ],
    [
      'transfer: { chain: [billing_agent], count: 1 }',
      'transfer.count',
      'count goes with to (how many transfers to it), not chain',
    ],
    [
      'citations: { count: 0, mode: exact }',
      'citations.mode',
      'mode says how the fields given compare: with none of uri, title, text, requiresAttribution it has no effect',
    ],
    [
      'toolSequence: { tools: [lookup_account, open_ticket], minRecall: 0.5 }',
      'toolSequence.minRecall',
      'inOrder needs every tool (recall 1), so a minRecall below 1 has no effect there: ' +
        'write mode: anyOrder to pass on part of the tools',
    ],
    [
      'not: { toolSequence: { tools: [lookup_account], mode: exact, minRecall: 0 } }',
      'not.toolSequence.minRecall',
      'exact needs every tool (recall 1), so a minRecall below 1 has no effect there: ' +
        'write mode: anyOrder to pass on part of the tools',
    ],
    [
      'toolSequence: { tools: [lookup_account, open_ticket], mode: exact, minPrecision: 0.5 }',
      'toolSequence.minPrecision',
      'exact allows no other calls (precision 1), so a minPrecision below 1 has no effect there: ' +
        'write mode: inOrder or anyOrder to allow other calls',
    ],
    [
      'not: { toolSequence: { tools: [lookup_account], mode: exact, minPrecision: 0 } }',
      'not.toolSequence.minPrecision',
      'exact allows no other calls (precision 1), so a minPrecision below 1 has no effect there: ' +
        'write mode: inOrder or anyOrder to allow other calls',
    ],
  ])('%s', async (item, path, text) => {
    expect(await messagesOf({ 'a.yaml': file(item) })).toEqual([at(item, path, text)]);
  });

  it("refuses scope: turn in a conversation's expect, in each: conversations too", async () => {
    const item = 'toolCall: { name: lookup_account, scope: turn }';
    const text = "scope: turn needs a turn, and a conversation's expect has none: write it in a turn's expect";
    expect(await messagesOf({ 'a.yaml': file('text: hi', item) })).toEqual([
      `a.yaml:8:43 conversations[0].expect[0].toolCall.scope: ${text}`,
    ]);
    const each = file('text: hi', item).replace('  - name: a\n', '  - name: a ${each.k}\n    each: [{ k: x }]\n');
    expect(await messagesOf({ 'a.yaml': each })).toEqual([
      `a.yaml:9:43 conversations[0].expect[0].toolCall.scope: ${text}`,
    ]);
  });

  it('accepts each option where it has its effect', async () => {
    const items = [
      'text: { similar: balance, threshold: 0.9 }',
      'toolCall: { name: lookup_account, args: { a: 1 }, argsMode: exact, nameMatch: suffix, scope: turn }',
      'transfer: { to: billing_agent, count: 1 }',
      'transfer: { chain: [billing_agent], mode: exact }',
      'citations: { uri: u, mode: exact, count: 0 }',
      'toolSequence: { tools: [lookup_account, open_ticket], mode: anyOrder, minRecall: 0.5 }',
      'toolSequence: { tools: [lookup_account], mode: exact, minRecall: 1 }',
      'toolSequence: { tools: [lookup_account], mode: exact, minPrecision: 1 }',
      'toolSequence: { tools: [lookup_account, open_ticket], minPrecision: 0.5 }',
      'toolSequence: { tools: [lookup_account, open_ticket], mode: anyOrder, minPrecision: 0.5 }',
    ];
    const text =
      'conversations:\n  - name: a\n    turns:\n      - user: hi\n        expect:\n' +
      items.map((item) => `          - ${item}\n`).join('') +
      '    expect:\n      - toolCall: { name: x, scope: conversation }\n';
    expect(await messagesOf({ 'a.yaml': text })).toEqual([]);
  });
});
