// Stability of repeated judgments: the flip rate, and for a repeated conversation agent variance
// (different transcripts, different verdicts) apart from judge variance (one transcript, differing verdicts).
import { describe, expect, it } from 'vitest';
import { stabilityOf, type JudgedItem, type JudgeOutcome } from '../../src/judge/index.js';

const outcome = (v: 'p' | 'f' | 'e'): JudgeOutcome =>
  v === 'e'
    ? { status: 'error', code: 'JUDGE_HTTP', reason: 'down', calls: [] }
    : { status: v === 'p' ? 'passed' : 'failed', reason: 'r', evidenceTurns: [], votes: '1/1', calls: [] };

function judged(
  verdicts: string,
  transcriptKey: string,
  group?: string,
): { example: JudgedItem; outcomes: JudgeOutcome[] } {
  const example: JudgedItem = { criterion: 'c', turns: [], transcriptKey, ...(group ? { group } : {}) };
  return { example, outcomes: [...verdicts].map((v) => outcome(v as 'p' | 'f' | 'e')) };
}

describe('stabilityOf', () => {
  it('reports the flip rate over transcripts and leaves errors out of it', () => {
    const s = stabilityOf([judged('pppp', 'a'), judged('ppff', 'b'), judged('ffe', 'c')], 4);
    // a: 0; b: 2·2·2/(4·3) = 2/3; c: 0 (two judgments, both fail)
    expect(s).toMatchObject({ repeats: 4, transcripts: 3, unstable: 1, errors: 1, repeated: [] });
    expect(s.flipRate).toBeCloseTo(2 / 9, 12);
  });

  it('separates runs whose transcripts differed from verdicts that differed on one transcript', () => {
    const agent = stabilityOf([judged('pp', 't1', 'run › booking'), judged('ff', 't2', 'run › booking')], 2);
    expect(agent.repeated).toEqual([
      {
        conversation: 'run › booking',
        runs: 2,
        distinctTranscripts: 2,
        verdictFollowsTranscript: true,
        sameTranscriptFlips: 0,
      },
    ]);
    const judge = stabilityOf(
      [
        judged('pf', 't1', 'run › greeting'),
        judged('pp', 't1', 'run › greeting'),
        judged('pp', 't1', 'run › greeting'),
      ],
      2,
    );
    expect(judge.repeated).toEqual([
      {
        conversation: 'run › greeting',
        runs: 3,
        distinctTranscripts: 1,
        verdictFollowsTranscript: false,
        sameTranscriptFlips: 1,
      },
    ]);
  });
});
