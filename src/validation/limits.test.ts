import { describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_INPUT_LIMITS, inputLimits, withInputLimits } from './limits.js';

describe('withInputLimits', () => {
  it('keeps each scope its limits across awaits, overlapping ones too, then the defaults again', async () => {
    const seen: number[] = [];
    const scoped = (depth: number, wait: number) =>
      withInputLimits({ includeDepth: depth }, async () => {
        await sleep(wait);
        seen.push(inputLimits().includeDepth);
        await sleep(wait);
        seen.push(inputLimits().includeDepth);
      });
    await Promise.all([scoped(3, 5), scoped(7, 1)]);
    expect(seen.sort()).toEqual([3, 3, 7, 7]);
    expect(inputLimits()).toEqual(DEFAULT_INPUT_LIMITS);
    // A synchronous scope, and one that throws, close too.
    expect(withInputLimits({ nestingDepth: 2 }, () => inputLimits().nestingDepth)).toBe(2);
    expect(() =>
      withInputLimits({}, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(await withInputLimits({ nestingDepth: 5 }, async () => inputLimits().nestingDepth)).toBe(5);
    expect(inputLimits()).toEqual(DEFAULT_INPUT_LIMITS);
  });

  it('opens no scope for nothing over the defaults (promise hooks stay off), but does inside another', async () => {
    // An opened scope hands back `work`'s promise wrapped (closed when it settles); none, as is.
    const work = Promise.resolve(1);
    expect(withInputLimits({}, () => work)).toBe(work);
    expect(withInputLimits({ nestingDepth: undefined }, () => work)).toBe(work);
    expect(withInputLimits(undefined, () => inputLimits())).toEqual(DEFAULT_INPUT_LIMITS);
    // Inside a scope, an empty one still means the defaults, as it always has.
    const inner = await withInputLimits({ includeDepth: 3 }, async () => {
      await sleep(1);
      return withInputLimits({}, () => inputLimits().includeDepth);
    });
    expect(inner).toBe(DEFAULT_INPUT_LIMITS.includeDepth);
  });
});
