// The verdict a reasoning concludes with, and when a reply contradicts itself.
import { describe, expect, it } from 'vitest';
import { concludedVerdict, contradiction } from './contradiction.js';

describe('concludedVerdict', () => {
  it.each([
    ['The agent confirmed Paris. So the criterion holds.', 'pass'],
    ['The agent never named the city. So the criterion does not hold.', 'fail'],
    ["The criterion isn't met: no city.", 'fail'],
    ['At first the criterion seems met, but turn 3 undoes it: the criterion is not satisfied.', 'fail'],
    ['Turn 2 looked wrong, yet on reflection the criterion is satisfied.', 'pass'],
    ['No transcript of the payment. So it cannot be judged.', 'cannot_judge'],
    ['Verdict: fail, the agent asked twice.', 'fail'],
    ['The agent greeted the user politely.', undefined],
  ])('%s → %s', (reasoning, verdict) => {
    expect(concludedVerdict(reasoning)).toBe(verdict);
  });
});

describe('contradiction', () => {
  it('names a verdict the reasoning contradicts, and passes agreement or no stated conclusion', () => {
    const reason = 'The agent never named the city. So the criterion does not hold.';
    expect(contradiction({ reason, verdict: 'pass', evidenceTurns: [] })).toBe(
      'the verdict "pass" contradicts the judge\'s own reasoning, which concludes "fail"',
    );
    expect(contradiction({ reason, verdict: 'fail', evidenceTurns: [] })).toBeUndefined();
    expect(contradiction({ reason: 'Polite throughout.', verdict: 'fail', evidenceTurns: [] })).toBeUndefined();
  });
});
