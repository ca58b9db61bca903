// Emulator limits: sessions expire (idle TTL, maximum count, least recently used first), each turn
// holds one abort listener (many waiting turns raise no MaxListenersExceededWarning), simulated
// latency is capped (no TimeoutOverflowWarning) and stop() ends waiting turns at once.
import { afterEach, describe, expect, it } from 'vitest';
import { EmulatorCore, MAX_LATENCY_MS } from '../../src/emulator/core.js';
import { Chaos, DEFAULT_FAULTS } from '../../src/emulator/chaos.js';
import { loadAppDefinition } from '../../src/emulator/load-app.js';
import { SessionStore, type SessionState } from '../../src/emulator/session.js';
import type { CheckedConfig } from '../../src/emulator/config.js';
import type { LatencySpec } from '../../src/emulator/app.js';
import { APP, DEMO_APP } from './helpers.js';

const warnings: string[] = [];
const onWarning = (w: Error): void => void warnings.push(`${w.name}: ${w.message}`);
process.on('warning', onWarning);
afterEach(() => {
  warnings.length = 0;
});

function session(id: string): SessionState {
  return {
    id,
    name: `${APP}/sessions/${id}`,
    entryAgent: 'a',
    agent: 'a',
    variables: {},
    history: [],
    turns: [],
    turnIndex: 0,
    ended: false,
    toolResults: {},
    inputTypes: new Set(),
    source: 'LIVE',
    startMs: 0,
    endMs: 0,
    callCounter: 0,
  };
}

async function core(latency: LatencySpec): Promise<EmulatorCore> {
  return new EmulatorCore(await loadAppDefinition(DEMO_APP), new Chaos(1, latency, DEFAULT_FAULTS));
}

function config(id: string): CheckedConfig {
  return { sessionId: id, name: `${APP}/sessions/${id}`, useToolFakes: false } as CheckedConfig;
}

const hello = [{ text: 'hello' }];

describe('session expiry', () => {
  it('forgets sessions idle past the TTL, and the least recently used past the maximum', () => {
    let now = 0;
    const store = new SessionStore({ idleTtlMs: 1000, maxSessions: 3 }, () => now);
    for (const id of ['a', 'b', 'c']) store.add(session(id));
    now = 500;
    expect(store.get('a')?.id).toBe('a'); // a is now the most recently used
    store.add(session('d')); // over the maximum: b (least recently used) goes
    expect(
      store
        .all()
        .map((s) => s.id)
        .sort(),
    ).toEqual(['a', 'c', 'd']);
    now = 1400; // c (last used at 0) is idle past the TTL
    expect(store.get('c')).toBeUndefined();
    expect(
      store
        .all()
        .map((s) => s.id)
        .sort(),
    ).toEqual(['a', 'd']);
    now = 2600;
    expect(store.all()).toEqual([]);
    expect(store.size).toBe(0);
  });
});

describe('turn waits', () => {
  it('many turns waiting at once add no listener to a shared signal', async () => {
    const c = await core(200);
    await Promise.all(Array.from({ length: 30 }, (_, i) => c.turn(config(`w${i}`), hello, () => {})));
    await new Promise((r) => setImmediate(r));
    expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
  });

  it('caps latency at MAX_LATENCY_MS (no timer overflow) and stop() ends the wait at once', async () => {
    const c = await core(1e300);
    const t0 = Date.now();
    const turn = c.turn(config('slow'), hello, () => {});
    await new Promise((r) => setTimeout(r, 50));
    c.stop();
    await expect(turn).rejects.toThrow('shutting down');
    expect(Date.now() - t0).toBeLessThan(MAX_LATENCY_MS);
    expect(warnings.filter((w) => w.startsWith('TimeoutOverflowWarning'))).toEqual([]);
  });
});
