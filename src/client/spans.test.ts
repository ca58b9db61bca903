import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { timestampToIso, toSpan } from './spans.js';

const asTimestamp = (ms: number) => ({
  seconds: String(Math.floor(ms / 1000)),
  nanos: Math.round((ms - Math.floor(ms / 1000) * 1000) * 1e6),
});

describe('timestampToIso', () => {
  it('formats exactly as Date#toISOString, whatever order timestamps come in', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -62_000_000_000_000, max: 250_000_000_000_000 }), { minLength: 1, maxLength: 20 }),
        (times) => {
          for (const ms of times) expect(timestampToIso(asTimestamp(ms))).toBe(new Date(ms).toISOString());
        },
      ),
    );
  });

  it('keeps the milliseconds of timestamps within one second apart', () => {
    expect(timestampToIso({ seconds: '1700000000', nanos: 5_000_000 })).toBe('2023-11-14T22:13:20.005Z');
    expect(timestampToIso({ seconds: '1700000000', nanos: 999_000_000 })).toBe('2023-11-14T22:13:20.999Z');
    expect(timestampToIso({ seconds: '1700000001', nanos: 0 })).toBe('2023-11-14T22:13:21.000Z');
    expect(timestampToIso(undefined)).toBeUndefined();
  });

  it('gives span start times and durations', () => {
    const span = toSpan({
      name: 'root',
      startTime: { seconds: '1700000000', nanos: 250_000_000 },
      endTime: { seconds: '1700000001', nanos: 0 },
      childSpans: [{ name: 'LLM', duration: { seconds: '0', nanos: 1_500_000 } }],
    });
    expect(span).toEqual({
      name: 'root',
      startTime: '2023-11-14T22:13:20.250Z',
      durationMs: 750,
      children: [{ name: 'LLM', durationMs: 1.5 }],
    });
  });
});
