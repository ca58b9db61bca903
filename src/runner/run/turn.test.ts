// Quota waits inside one turn: the same request is re-sent after short, server-honouring waits.
// Fake timers: the waits are read off the clock, not measured.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CesError } from '../../client/index.js';
import type { RunOptions, RunSessionResponse } from '../../client/index.js';
import { executeTurn, type TurnContext } from './turn.js';
import { ToolFakeResponder } from './tool-fakes.js';
import type { ToolAnswerSpec } from './tool-answers.js';
import { AimdThrottle } from './throttle.js';

const ok: RunSessionResponse = {
  outputs: [{ text: 'ok', turnCompleted: true }],
  calls: [{ inputs: [], latencyMs: 3, outputCount: 1 }],
};

function context(rejections: number, over: Partial<TurnContext> = {}, retryDelayMs = 5) {
  const sent: RunOptions[] = [];
  const quotaErrors: number[] = [];
  const ctx: TurnContext = {
    sessions: {
      appName: 'projects/p/locations/l/apps/a',
      createSessionId: () => 'session-1',
      run: async (opts) => {
        sent.push(opts);
        if (sent.length <= rejections) throw new CesError('RESOURCE_EXHAUSTED', 'quota', { retryDelayMs });
        return ok;
      },
    },
    sessionId: 'session-1',
    config: {},
    responder: new ToolFakeResponder([]),
    signal: new AbortController().signal,
    timeoutMs: 1000,
    permits: new AimdThrottle(1),
    onQuotaError: (d) => quotaErrors.push(d),
    onSuccess: () => {},
    ...over,
  };
  return { ctx, sent, quotaErrors };
}

describe('executeTurn under a quota', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.999); // the longest wait the jitter allows
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('re-sends the same request after waits of at most a second each', async () => {
    const { ctx, sent, quotaErrors } = context(8, { timeoutMs: 30_000 });
    const done = executeTurn({ text: 'hi' }, [{ kind: 'text', text: 'hi' }], ctx);
    // Eight waits of at most 1 s: an exponential back-off would still be asleep after 8 s.
    await vi.advanceTimersByTimeAsync(8 * 1000);
    const executed = await done;
    expect(executed.result().text).toBe('ok');
    expect(executed.sessionEnded).toBe(false);
    expect(sent).toHaveLength(9);
    // The same request; each re-send's timeout is what is left of the turn's.
    expect(new Set(sent.map((s) => JSON.stringify({ ...s, signal: undefined, timeoutMs: undefined })))).toHaveLength(1);
    expect(sent.every((s, i) => i === 0 || s.timeoutMs! < sent[i - 1]!.timeoutMs!)).toBe(true);
    expect(quotaErrors).toEqual(Array(8).fill(5));
  });

  it('gives up after maxQuotaWaits with the quota error', async () => {
    const { ctx, sent } = context(10, { maxQuotaWaits: 3, timeoutMs: 30_000 });
    const done = executeTurn({ text: 'hi' }, [{ kind: 'text', text: 'hi' }], ctx);
    const failed = expect(done).rejects.toThrow(/quota/);
    await vi.advanceTimersByTimeAsync(10_000);
    await failed;
    expect(sent).toHaveLength(4);
  });

  it('never waits past the turn timeout: a RetryInfo longer than what is left fails the turn at once', async () => {
    const { ctx, sent } = context(10, { timeoutMs: 1000 }, 5000);
    const started = Date.now();
    await expect(executeTurn({ text: 'hi' }, [{ kind: 'text', text: 'hi' }], ctx)).rejects.toThrow(
      /quota: still rejected after 0 waits, and the next would end past the turn's 1000 ms timeout \(the server/,
    );
    expect(Date.now() - started).toBe(0);
    expect(sent).toHaveLength(1);
  });

  it('caps a RetryInfo of a day at a minute, then keeps to the turn timeout', async () => {
    const { ctx, sent, quotaErrors } = context(1, { timeoutMs: 120_000 }, 86_400_000);
    const done = executeTurn({ text: 'hi' }, [{ kind: 'text', text: 'hi' }], ctx);
    await vi.advanceTimersByTimeAsync(60_000);
    expect((await done).result().text).toBe('ok');
    expect(quotaErrors).toEqual([60_000]);
    expect(sent[1]!.timeoutMs).toBe(60_000);
  });

  it("a message over gRPC's size limit is not a quota: no wait, no re-send", async () => {
    const sent: RunOptions[] = [];
    const { ctx } = context(0, {
      sessions: {
        appName: 'projects/p/locations/l/apps/a',
        createSessionId: () => 'session-1',
        run: async (opts) => {
          sent.push(opts);
          throw new CesError('MESSAGE_TOO_LARGE', 'a message exceeded gRPC size limit');
        },
      },
    });
    await expect(executeTurn({ text: 'hi' }, [{ kind: 'text', text: 'hi' }], ctx)).rejects.toThrow(/size limit/);
    expect(sent).toHaveLength(1);
  });
});

describe('executeTurn under the throttle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('time queued for a permit is neither timeout nor latency: the whole timeout starts with the permit', async () => {
    const permits = new AimdThrottle(1);
    expect(permits.tryAcquire()).toBe(true); // another conversation's turn, for 5 s
    setTimeout(() => permits.release(), 5000);
    const { ctx, sent } = context(0, { permits, timeoutMs: 1000 });
    const done = executeTurn({ text: 'hi' }, [{ kind: 'text', text: 'hi' }], ctx);
    await vi.advanceTimersByTimeAsync(4999);
    expect(sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    const executed = await done;
    expect(sent.map((s) => s.timeoutMs)).toEqual([1000]);
    expect(executed.result().latency.totalMs).toBe(3);
    expect(permits.tryAcquire()).toBe(true); // released
  });

  it('turns sharing a quota of 1 turn/s all get through, each within a timeout of 1.5 s', async () => {
    // A token bucket of one turn per second, as the emulator's quotaTurnsPerSecond: a rejection
    // carries the time until the next token.
    let next = Date.now();
    const permits = new AimdThrottle(16);
    const sessions = {
      appName: 'projects/p/locations/l/apps/a',
      createSessionId: () => 'session-1',
      run: async () => {
        const now = Date.now();
        if (now < next) throw new CesError('RESOURCE_EXHAUSTED', 'quota', { retryDelayMs: next - now });
        next = now + 1000;
        return ok;
      },
    };
    const ends: number[] = [];
    const started = Date.now();
    const turns = Array.from({ length: 12 }, () => {
      const { ctx } = context(0, {
        sessions,
        permits,
        timeoutMs: 1500,
        onQuotaError: (d) => permits.onQuotaError(d),
        onSuccess: () => permits.onSuccess(),
      });
      return executeTurn({ text: 'hi' }, [{ kind: 'text', text: 'hi' }], ctx).then(() => {
        ends.push(Date.now() - started);
      });
    });
    const all = Promise.allSettled(turns);
    await vi.advanceTimersByTimeAsync(30_000);
    expect((await all).map((r) => r.status)).toEqual(Array(12).fill('fulfilled'));
    // One turn a second: the quota used, not wasted on turns racing each other.
    expect(Math.max(...ends)).toBeLessThan(13_000);
    expect(permits.stats.minConcurrency).toBe(1);
  });
});

// A round of two client calls (CES may batch them; the emulator asks one at a time): answered all by
// hand in the next `toolResponses` turn, the turn ends with both pending; split between a fake and
// that turn, the round is refused, since the agent takes a round's answers in one request.
describe('executeTurn: client calls left for the next toolResponses turn', () => {
  const APP = 'projects/p/locations/l/apps/a';
  const twoCalls: RunSessionResponse = {
    outputs: [
      {
        toolCalls: {
          toolCalls: [
            { id: 'c1', tool: `${APP}/tools/open_ticket`, args: {} },
            { id: 'c2', tool: `${APP}/tools/notify`, args: {} },
          ],
        },
      },
    ],
    calls: [{ inputs: [], latencyMs: 3, outputCount: 1 }],
  };
  const answers: ToolAnswerSpec[] = [
    { tool: 'open_ticket', response: { ticket_id: 'T-1' } },
    { tool: 'notify', response: { ok: true } },
  ];
  const run = (over: Partial<TurnContext>) => {
    const { ctx, sent } = context(0, over);
    ctx.sessions.run = async (opts) => (sent.push(opts), twoCalls);
    return { done: executeTurn({ text: 'hi' }, [{ kind: 'text', text: 'hi' }], { ...ctx, ...over }), sent };
  };

  it('ends the turn with every call pending when the next turn answers them all', async () => {
    const { done, sent } = run({ nextAnswers: answers });
    const executed = await done;
    expect(executed.leftPending?.map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(sent).toHaveLength(1);
  });

  it('refuses a round split between a fake and the next turn', async () => {
    const responder = new ToolFakeResponder([{ tool: 'notify', respond: { ok: true } }]);
    const { done } = run({ nextAnswers: answers.slice(0, 1), responder });
    await expect(done).rejects.toThrow(
      'client tool calls open_ticket, notify came in one round: toolFakes answer notify, ' +
        "the next turn's toolResponses open_ticket",
    );
  });

  it('is UNMATCHED_TOOL_CALL when a call is answered by neither', async () => {
    const { done } = run({ nextAnswers: answers.slice(0, 1) });
    await expect(done).rejects.toThrow('no toolFakes entry answers client tool call notify');
  });
});
