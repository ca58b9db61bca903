import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../src/model/emulator-access.js';

describe('isLoopbackHost', () => {
  it('takes localhost, ::1 (bracketed or not) and 127.x.y.z as this machine', () => {
    for (const host of ['localhost', '::1', '[::1]', '127.0.0.1', '127.1.2.3'])
      expect(isLoopbackHost(host), host).toBe(true);
  });

  it('takes every other host as the network', () => {
    for (const host of [
      '0.0.0.0',
      '10.0.0.5',
      '::',
      '[::]',
      'example.com',
      '127.0.0.1.nip.io',
      '1127.0.0.1',
      '127.0.0.1000',
    ])
      expect(isLoopbackHost(host), host).toBe(false);
  });
});
