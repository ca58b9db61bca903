// Goldens record and compare tool responses, citations and the end-of-session metadata; goldens
// recorded before those fields existed (no `format`) are compared on the fields they have.
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { compareGolden } from '../../src/runner/goldens/index.js';
import { goldenTranscript, type GoldenTranscript } from '../../src/runner/goldens/transcript.js';
import type { ConversationResult } from '../../src/model/result.js';
import { conversation, turnRecord } from '../reporters/fixture.js';

function run(opts: { balance: number; citation: string; reason: string }): ConversationResult {
  const turn = turnRecord(
    0,
    [{ kind: 'text', text: 'balance and bye' }],
    [
      { kind: 'user', text: 'balance and bye', input: 'text' },
      { kind: 'toolCall', role: 'root_agent', call: { id: 'c1', name: 'lookup', args: { q: 'x' }, origin: 'server' } },
      {
        kind: 'toolResponse',
        role: 'root_agent',
        response: { id: 'c1', name: 'lookup', response: { balance: opts.balance } },
      },
      { kind: 'agent', role: 'root_agent', text: 'Done. Goodbye!' },
    ],
  );
  Object.assign(turn.result!, {
    citations: [{ uri: `https://docs.example/${opts.citation}`, title: 'Fees' }],
    sessionEnded: true,
    endSessionMetadata: { reason: opts.reason },
  });
  return conversation({ name: 'fees', file: 'specs/fees.yaml', turns: [turn] });
}

/** As written to and read back from the golden file. */
const recorded = (r: ConversationResult): GoldenTranscript =>
  YAML.parse(YAML.stringify(goldenTranscript(r))) as GoldenTranscript;
const fieldsOf = (golden: GoldenTranscript, actual: ConversationResult): string[] =>
  compareGolden(golden, goldenTranscript(actual), { mode: 'exact' }).map((d) => d.field);

describe('goldens', () => {
  const base = { balance: 42.5, citation: 'fees', reason: 'user_goodbye' };
  const golden = recorded(run(base));

  it('record tool responses, citations and the end-of-session metadata', () => {
    expect(golden.format).toBe(2);
    expect(golden.turns[0]).toMatchObject({
      toolResponses: [{ name: 'lookup', response: { balance: 42.5 } }],
      citations: [{ uri: 'https://docs.example/fees', title: 'Fees' }],
      sessionEnded: true,
      endSessionMetadata: { reason: 'user_goodbye' },
    });
    expect(fieldsOf(golden, run(base))).toEqual([]);
  });

  it('fail on a changed tool response, citation or end reason', () => {
    expect(fieldsOf(golden, run({ ...base, balance: 0 }))).toEqual(['toolResponses']);
    expect(fieldsOf(golden, run({ ...base, citation: 'other' }))).toEqual(['citations']);
    expect(fieldsOf(golden, run({ ...base, reason: 'escalated' }))).toEqual(['endSessionMetadata']);
  });

  it('compare a golden recorded before format 2 on the fields it has', () => {
    const old = {
      ...golden,
      turns: golden.turns.map(({ toolResponses: _r, citations: _c, endSessionMetadata: _m, ...t }) => t),
    };
    delete old.format;
    expect(fieldsOf(old, run({ balance: 0, citation: 'other', reason: 'escalated' }))).toEqual([]);
  });
});
