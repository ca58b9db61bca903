import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatTimestamp, parseTimestamp, timestampFromMs } from './json-wkt.js';

// Any order of seconds: the per-second caches must never leak one second's text into another.
const seconds = fc.array(fc.integer({ min: -62_135_596_800, max: 253_402_300_799 }), { minLength: 1, maxLength: 30 });

describe('Timestamp JSON', () => {
  it('formats like Date#toISOString up to the second, then the canonical fraction', () => {
    fc.assert(
      fc.property(seconds, fc.integer({ min: 0, max: 999 }), (list, millis) => {
        const fraction = millis === 0 ? '' : `.${String(millis).padStart(3, '0')}`;
        for (const s of list)
          expect(formatTimestamp(s, millis * 1_000_000)).toBe(
            `${new Date(s * 1000).toISOString().slice(0, 19)}${fraction}Z`,
          );
      }),
    );
  });

  it('parses what it formats, second by second', () => {
    fc.assert(
      fc.property(seconds, fc.integer({ min: 0, max: 999_999_999 }), (list, nanos) => {
        for (const s of list)
          expect(parseTimestamp(formatTimestamp(s, nanos), 't')).toEqual({ seconds: String(s), nanos });
      }),
    );
  });

  it('keeps fractions and zones', () => {
    expect(formatTimestamp(1_700_000_000, 0)).toBe('2023-11-14T22:13:20Z');
    expect(formatTimestamp(1_700_000_000, 5_000_000)).toBe('2023-11-14T22:13:20.005Z');
    expect(formatTimestamp(1_700_000_001, 1_000)).toBe('2023-11-14T22:13:21.000001Z');
    expect(timestampFromMs(1_700_000_000_123.5)).toBe('2023-11-14T22:13:20.123500Z');
    expect(parseTimestamp('2023-11-14T23:13:20.5+01:00', 't')).toEqual({ seconds: '1700000000', nanos: 500_000_000 });
    expect(parseTimestamp('2023-11-14T22:13:20.5Z', 't')).toEqual({ seconds: '1700000000', nanos: 500_000_000 });
    expect(() => parseTimestamp('2023-13-40T22:13:20Z', 't')).toThrow(/invalid timestamp/);
  });
});
