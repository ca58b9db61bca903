// A test that needs a system tool may skip on a developer's machine, never on CI (see system-tools.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { onCi, skipWithout } from './system-tools.js';

describe('skipWithout', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('skips without the tool off CI, and fails the file on CI whatever the flag looks like', () => {
    expect(skipWithout(true, 'x')).toBe(false);
    vi.stubEnv('CI', '');
    expect(skipWithout(false, 'chromium')).toBe(true);
    for (const flag of ['true', '1', 'yes']) {
      vi.stubEnv('CI', flag);
      expect(() => skipWithout(false, 'chromium')).toThrow('chromium is missing: CI must run these tests');
    }
  });

  it('reads only an empty CI, false or 0 as a developer machine', () => {
    expect([undefined, '', 'false', '0', 'TRUE', '1'].map((CI) => onCi(CI === undefined ? {} : { CI }))).toEqual([
      false,
      false,
      false,
      false,
      true,
      true,
    ]);
  });
});
