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
    const audio = [calls[0]!, { ...calls[1]!, firstAudioMs: 12 }];
    expect(turnLatency(audio)).toEqual({ totalMs: 65, firstOutputMs: 50, firstAudioMs: 52 });
  });

  it('takes the first audio from the round that had it, counted from the start of the turn', () => {
    const L16 = { audioEncoding: 'LINEAR16', sampleRateHertz: 16000 } as const;
    const turn = new TurnInProgress();
    // Round 1: the user's speech; the agent calls a client tool and says nothing yet.
    turn.add({
      ...asksTicket,
      calls: [{ inputs: [], latencyMs: 900, firstOutputMs: 800, outputCount: 1, bargeIns: 0 }],
      audio: {
        agent: Buffer.alloc(0),
        outputConfig: L16,
        user: Buffer.alloc(3200),
        userSampleRateHertz: 16000,
        recognizedTranscript: 'open a ticket',
        bargeIns: 0,
      },
    });
    // Round 2: the tool's response sent, the agent speaks 300 ms later.
    turn.add({
      outputs: [{ audio: Buffer.alloc(3200), turnIndex: 1 }, ...answered.outputs],
      calls: [{ inputs: [], latencyMs: 400, firstOutputMs: 300, firstAudioMs: 300, outputCount: 3, bargeIns: 0 }],
      audio: {
        agent: Buffer.alloc(3200),
        outputConfig: L16,
        user: Buffer.alloc(0),
        userSampleRateHertz: 16000,
        firstAudioMs: 300,
        bargeIns: 0,
      },
    });
    expect(turn.audio!.firstAudioMs).toBe(1200);
    expect(turn.result([]).latency).toEqual({ totalMs: 1300, firstOutputMs: 800, firstAudioMs: 1200 });
  });
});
