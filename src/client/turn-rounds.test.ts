// One turn round by round in model types: pending client calls, the end of the session, and the
// turn's latency computed once over every round (first output counted from the turn's start).
import { describe, expect, it } from 'vitest';
import { TurnInProgress } from './turn-rounds.js';
import { turnLatency } from './latency.js';
import type { RunSessionResponse } from './sessions.js';

const APP = 'projects/demo/locations/us/apps/support';
const asksTicket: RunSessionResponse = {
  outputs: [
    {
      toolCalls: { toolCalls: [{ id: 't1', tool: `${APP}/tools/open_ticket`, args: { priority: 'high' } }] },
      turnIndex: 1,
    },
  ],
  calls: [{ inputs: [], latencyMs: 40, firstOutputMs: 30, outputCount: 1 }],
};
const answered: RunSessionResponse = {
  outputs: [
    { text: 'Ticket T-1 is open. Goodbye!', turnIndex: 1 },
    { endSession: { metadata: { reason: 'done' } }, turnIndex: 1 },
  ],
  calls: [{ inputs: [], latencyMs: 25, firstOutputMs: 10, outputCount: 2 }],
};

describe('TurnInProgress', () => {
  it('says which client calls are pending, then builds the whole turn with one latency', () => {
    const turn = new TurnInProgress();
    const first = turn.add(asksTicket);
    expect(first.pendingToolCalls.map((c) => [c.id, c.name, c.origin])).toEqual([['t1', 'open_ticket', 'client']]);
    expect(first.sessionEnded).toBe(false);
    const second = turn.add(answered);
    expect(second).toEqual({ pendingToolCalls: [], sessionEnded: true });
    const result = turn.result([{ kind: 'text', text: 'open a ticket' }]);
    expect(result.text).toBe('Ticket T-1 is open. Goodbye!');
    expect(result.toolCalls.map((c) => c.name)).toEqual(['open_ticket']);
    expect(result.endSessionMetadata).toEqual({ reason: 'done' });
    expect(result.latency).toMatchObject({ totalMs: 65, firstOutputMs: 30 });
    expect(turn.audio).toBeUndefined();
  });

  it('counts the first output from the start of the turn, whichever call brought it', () => {
    const calls = [
      { inputs: [], latencyMs: 40, outputCount: 0 },
      { inputs: [], latencyMs: 25, firstOutputMs: 10, outputCount: 1 },
    ];
    expect(turnLatency(calls)).toEqual({ totalMs: 65, firstOutputMs: 50 });
  });
});
