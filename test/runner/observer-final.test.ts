// What observers are handed is final (src/model/observer.ts): a turn with judge expectations is
// reported once its verdicts are in, and nothing changes a reported record afterwards. The judge is a
// stand-in that answers after a delay, so a placeholder reported early would show here.
import { describe, expect, it } from 'vitest';
import { UsageLedger, type Judge, type JudgeOutcome, type JudgeSetup } from '../../src/judge/index.js';
import type { ConversationSpec, Expectation, SpecFile } from '../../src/model/spec.js';
import type { ConversationResult, TurnRecord } from '../../src/model/result.js';
import { demoSessions, memConversation, runOnDemo } from '../helpers/demo-sessions.js';

const demo = demoSessions();

const judged = (prompt: string, negated = false): Expectation => ({ matcher: 'judge', options: { prompt }, negated });
const slowJudge: JudgeSetup = {
  kind: 'ready',
  judge: {
    evaluate: async (): Promise<JudgeOutcome> => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return { status: 'passed', reason: 'it holds', evidenceTurns: [1], votes: '1/1', calls: [] };
    },
  } as unknown as Judge,
  ledger: new UsageLedger(),
};

describe('observers see final results', () => {
  it('a judged turn is reported with its verdicts, and no reported record changes afterwards', async () => {
    const spec: ConversationSpec = {
      id: 'mem.yaml#judged',
      name: 'judged',
      file: 'mem.yaml',
      tags: [],
      repeat: 1,
      modality: 'text',
      toolFakes: [],
      format: 'native',
      turns: [
        { input: { kind: 'event', event: 'WELCOME' }, expect: [judged('greets'), judged('is rude', true)] },
        {
          input: { kind: 'text', text: 'hello' },
          expect: [{ matcher: 'text', options: { contains: '' }, negated: false }],
        },
      ],
      expect: [judged('helpful overall')],
    };
    const files: SpecFile[] = [{ file: 'mem.yaml', format: 'native', conversations: [spec] }];
    const seenTurns: string[] = [];
    const seenConversations: string[] = [];
    const { result } = await runOnDemo(demo, files, {
      judge: slowJudge,
      observer: {
        onTurnEnd: (_id, turn: Readonly<TurnRecord>) => void seenTurns.push(JSON.stringify(turn)),
        onConversationEnd: (c: Readonly<ConversationResult>) => void seenConversations.push(JSON.stringify(c)),
      },
    });
    const final = result.conversations[0]!;
    // Reported as final: the same records, byte for byte, as the run's result.
    expect(seenTurns).toEqual(final.turns.map((t) => JSON.stringify(t)));
    expect(seenConversations).toEqual([JSON.stringify(final)]);
    // The judge's verdicts were in when the turn was reported, `not:` applied once.
    const first = JSON.parse(seenTurns[0]!) as TurnRecord;
    expect(first.assertions.map((a) => [a.matcher, a.negated, a.status])).toEqual([
      ['judge', false, 'passed'],
      ['judge', true, 'failed'],
    ]);
    expect(final.assertions.map((a) => a.status)).toEqual(['passed']);
    expect(final.status).toBe('failed');
  });

  it('an observer cannot change the run through what it is handed: a failed turn stays failed', async () => {
    const spec = memConversation('fails', [
      {
        input: { kind: 'event', event: 'WELCOME' },
        expect: [{ matcher: 'text', options: { contains: 'no such words' }, negated: false }],
      },
      { input: { kind: 'text', text: 'hello' }, expect: [] },
    ]);
    const files: SpecFile[] = [{ file: 'mem.yaml', format: 'native', conversations: [spec] }];
    const refused: string[] = [];
    // Each change is tried and its refusal swallowed: the hook itself succeeds.
    const tamper = (what: string, change: () => void): void => {
      try {
        change();
      } catch (err) {
        refused.push(`${what}: ${(err as Error).name}`);
      }
    };
    const { result } = await runOnDemo(demo, files, {
      observer: {
        onTurnEnd: (_id, turn) => {
          for (const a of turn.assertions) tamper('assertion', () => ((a as { status: string }).status = 'passed'));
          tamper('turn', () => ((turn as TurnRecord).assertions.length = 0));
        },
        onConversationEnd: (c) => {
          tamper('conversation', () => ((c as ConversationResult).status = 'passed'));
          tamper('its turns', () => ((c as ConversationResult).turns = []));
        },
      },
    });
    const final = result.conversations[0]!;
    expect([final.status, result.status]).toEqual(['failed', 'failed']);
    expect(final.turns.map((t) => t.assertions.map((a) => a.status))).toEqual([['failed'], []]);
    expect(result.summary.failed).toBe(1);
    expect(refused).toEqual([
      'assertion: TypeError',
      'turn: TypeError',
      'turn: TypeError',
      'conversation: TypeError',
      'its turns: TypeError',
    ]);
  });
});
