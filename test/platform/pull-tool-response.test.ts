// Pull keeps a golden tool response apart from a tool call with args: the platform compares it with
// any response of the tool, while a local `toolCall: {args, response}` needs that call's own.
import { describe, expect, it } from 'vitest';
import { fromGolden } from '../../src/platform/pull/from-evaluation.js';

const TOOL = 'projects/p/locations/us/apps/a/tools/lookup';

const pulledExpect = (call: Record<string, unknown>) =>
  fromGolden(
    {
      golden: {
        turns: [
          {
            steps: [
              { userInput: { text: 'compare' } },
              { expectation: { toolCall: { tool: TOOL, ...call }, comparisonType: 'CONTAINS' } },
              { expectation: { toolResponse: { tool: TOOL, response: { output: { status: 'closed' } } } } },
            ],
          },
        ],
      },
    },
    'c',
    new Map(),
  ).conversation['turns'] as Array<{ expect: unknown[] }>;

describe('pull of a golden tool response', () => {
  it('stays its own toolCall after a call with args', () => {
    expect(pulledExpect({ args: { account_id: 'A' } })[0]!.expect).toEqual([
      { toolCall: { name: 'lookup', args: { account_id: 'A' } } },
      { toolCall: { name: 'lookup', response: { output: { status: 'closed' } } } },
    ]);
  });

  it('joins a call of the same tool without args', () => {
    expect(pulledExpect({ args: {} })[0]!.expect).toEqual([
      { toolCall: { name: 'lookup', response: { output: { status: 'closed' } } } },
    ]);
  });
});
