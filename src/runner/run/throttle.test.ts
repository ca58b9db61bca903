import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AimdThrottle } from './throttle.js';
import { backoffDelay } from './backoff.js';

describe('AimdThrottle', () => {
  it('halves on a quota error once per cool-down and grows back one step per window of successes', () => {
    let now = 0;
    const t = new AimdThrottle(16, () => now);
    t.onQuotaError();
    t.onQuotaError(); // same burst: no second halving
    expect(t.concurrency).toBe(8);
    now += 1000;
    t.onQuotaError();
    expect(t.concurrency).toBe(4);
    for (let i = 0; i < 4; i++) t.onSuccess();
    expect(t.concurrency).toBe(5);
    for (let i = 0; i < 200; i++) t.onSuccess();
    expect(t.concurrency).toBe(16); // never above the maximum
    expect(t.stats).toMatchObject({ decreases: 2, minConcurrency: 4, quotaWaits: 3 });
  });

  it('never goes below one', () => {
    let now = 0;
    const t = new AimdThrottle(2, () => now);
    for (let i = 0; i < 5; i++) {
      now += 1000;
      t.onQuotaError();
    }
    expect(t.concurrency).toBe(1);
  });
});

describe('AimdThrottle turn permits', () => {
  const never = new AbortController().signal;
  /** Queues `names` for a permit, in order; `granted` lists them as they get it. */
  function queue(t: AimdThrottle, names: string[], granted: string[], signal = never): Promise<void>[] {
    return names.map((n) => t.acquire(signal).then(() => void granted.push(n)));
  }
  const settle = () => new Promise((r) => setImmediate(r));

  it('takes a free permit at once, and queues first come, first served once the limit is reached', async () => {
    const t = new AimdThrottle(2);
    expect([t.tryAcquire(), t.tryAcquire(), t.tryAcquire()]).toEqual([true, true, false]);
    const granted: string[] = [];
    queue(t, ['a', 'b', 'c'], granted);
    t.release();
    // A permit freed goes to the first in the queue: a later tryAcquire never overtakes a waiter.
    expect(t.tryAcquire()).toBe(false);
    await settle();
    expect(granted).toEqual(['a']);
    t.release();
    t.release();
    await settle();
    expect(granted).toEqual(['a', 'b', 'c']);
    t.release();
    t.release();
    expect(t.inFlight).toBe(0);
    expect(t.tryAcquire()).toBe(true); // the queue is empty again
  });

  describe('after a quota rejection', () => {
    beforeEach(() => void vi.useFakeTimers());
    afterEach(() => void vi.useRealTimers());

    it('pauses every permit for the wait, then serves the rejected turns before turns not yet sent', async () => {
      const t = new AimdThrottle(4);
      for (let i = 0; i < 4; i++) expect(t.tryAcquire()).toBe(true);
      const granted: string[] = [];
      queue(t, ['new1', 'new2'], granted);
      // Three of the four in flight are rejected (the fourth got its reply), in this order.
      const back = ['r1', 'r2', 'r3'].map((n) => {
        t.onQuotaError(1000);
        return t.requeue(1000, never).then(() => void granted.push(n));
      });
      expect(t.concurrency).toBe(2); // one burst: halved once
      t.release();
      expect(t.inFlight).toBe(0);
      expect(t.tryAcquire()).toBe(false); // paused: no permit, though all four are free
      await vi.advanceTimersByTimeAsync(999);
      expect(granted).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      // The lowered limit holds at once: two permits, to the two rejected first.
      expect(granted).toEqual(['r1', 'r2']);
      t.release();
      await vi.advanceTimersByTimeAsync(0);
      expect(granted).toEqual(['r1', 'r2', 'r3']);
      t.release();
      await vi.advanceTimersByTimeAsync(0);
      expect(granted).toEqual(['r1', 'r2', 'r3', 'new1']);
      expect(t.inFlight).toBe(2);
      await Promise.all(back);
    });

    it('no waiter loses every race: turns sharing one permit are each served in turn', async () => {
      // One permit; each turn is rejected once when sent (the quota has just been used), then passes.
      const t = new AimdThrottle(1);
      const order: string[] = [];
      const rejected = new Set<string>();
      const turn = async (name: string): Promise<void> => {
        if (!t.tryAcquire()) await t.acquire(never);
        try {
          while (!rejected.has(name)) {
            rejected.add(name);
            await t.requeue(100, never);
          }
          order.push(name);
        } finally {
          t.release();
        }
      };
      const all = Promise.all(['a', 'b', 'c', 'd'].map(turn));
      await vi.advanceTimersByTimeAsync(1000);
      await all;
      expect(order).toEqual(['a', 'b', 'c', 'd']);
    });
  });

  it('grows back one step per window of successes and hands the new permit to the next waiter', async () => {
    let now = 0;
    const t = new AimdThrottle(8, () => now);
    for (let i = 0; i < 3; i++, now += 1000) t.onQuotaError();
    expect(t.concurrency).toBe(1);
    expect(t.tryAcquire()).toBe(true);
    const granted: string[] = [];
    queue(t, ['a', 'b'], granted);
    t.onSuccess(); // window of 1: limit 2
    await settle();
    expect(granted).toEqual(['a']);
  });

  it('an aborted waiter leaves the queue; a requeue that is aborted still ends holding its permit', async () => {
    const t = new AimdThrottle(1);
    expect(t.tryAcquire()).toBe(true);
    const abort = new AbortController();
    const granted: string[] = [];
    const [gone] = queue(t, ['gone'], granted, abort.signal);
    queue(t, ['next'], granted);
    abort.abort(new Error('stop'));
    await expect(gone).rejects.toThrow('stop');
    t.release();
    await settle();
    expect(granted).toEqual(['next']);
    // A turn rejected for quota waits out a minute's pause, and the run is stopped.
    const u = new AimdThrottle(2);
    expect(u.tryAcquire()).toBe(true);
    const stop = new AbortController();
    const back = u.requeue(60_000, stop.signal);
    stop.abort(new Error('stop'));
    await expect(back).rejects.toThrow('stop');
    expect(u.inFlight).toBe(1); // its caller's release is still to come: paired
    u.release();
    // Nobody waits any more: the pause is over, its timer does not hold the process up.
    expect([u.tryAcquire(), u.tryAcquire(), u.tryAcquire()]).toEqual([true, true, false]);
  });
});

describe('backoffDelay', () => {
  it('grows exponentially under full jitter, is capped, and honours the server delay', () => {
    const top = (attempt: number) =>
      backoffDelay(attempt, undefined, { baseMs: 100, maxMs: 1000, random: () => 0.999999 });
    expect([1, 2, 3, 4, 5].map((a) => Math.round(top(a)))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelay(1, 2500, { baseMs: 100, maxMs: 1000, random: () => 0.5 })).toBe(2500);
    expect(backoffDelay(3, undefined, { baseMs: 100, maxMs: 1000, random: () => 0 })).toBe(0);
  });
});
