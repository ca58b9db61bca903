// Durations as every console and summary prints them: a unit's rounding never reaches the next unit.
import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/reporters/format.js';

describe('formatDuration', () => {
  it('rounds minutes to whole seconds without a 60th second', () => {
    expect(formatDuration(119_600)).toBe('2m0s');
    expect(formatDuration(119_400)).toBe('1m59s');
    expect(formatDuration(60_000)).toBe('1m0s');
    expect(formatDuration(125_000)).toBe('2m5s');
  });

  it('moves to the next unit where rounding would reach it', () => {
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(999.4)).toBe('999ms');
    expect(formatDuration(999.6)).toBe('1.0s');
    expect(formatDuration(12_340)).toBe('12.3s');
    expect(formatDuration(59_940)).toBe('59.9s');
    expect(formatDuration(59_960)).toBe('1m0s');
  });
});
