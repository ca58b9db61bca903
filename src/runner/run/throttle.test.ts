import { describe, expect, it } from 'vitest';
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

describe('backoffDelay', () => {
  it('grows exponentially under full jitter, is capped, and honours the server delay', () => {
    const top = (attempt: number) =>
      backoffDelay(attempt, undefined, { baseMs: 100, maxMs: 1000, random: () => 0.999999 });
    expect([1, 2, 3, 4, 5].map((a) => Math.round(top(a)))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelay(1, 2500, { baseMs: 100, maxMs: 1000, random: () => 0.5 })).toBe(2500);
    expect(backoffDelay(3, undefined, { baseMs: 100, maxMs: 1000, random: () => 0 })).toBe(0);
  });
});
