// Fault injection and latency: each kind, its status code, RetryInfo, and reproducibility.
import { afterEach, describe, expect, it } from 'vitest';
import { status } from '@grpc/grpc-js';
import { startEmulator, type RunningEmulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { connect, DEMO_APP, expectGrpcError, final, newSession, openBidi, turn, type Clients } from './helpers.js';
import type { JsonObject } from '../../src/model/json.js';

const running: Array<{ emu: RunningEmulator; c: Clients }> = [];
async function start(overrides: EmulatorOptions['overrides'], seed?: number): Promise<Clients> {
  const emu = await startEmulator({ app: DEMO_APP, overrides, ...(seed !== undefined ? { seed } : {}) });
  const c = connect(emu.address);
  running.push({ emu, c });
  return c;
}
afterEach(async () => {
  for (const { emu, c } of running.splice(0)) {
    c.close();
    await emu.stop();
  }
});

const hi = (c: Clients, session = newSession('fault')) => turn(c, session, [{ text: 'hi' }]);

describe('faults', () => {
  it('unavailable: UNAVAILABLE', async () => {
    const c = await start({ faults: { unavailable: 1 } });
    const err = await expectGrpcError(hi(c));
    expect(err.code).toBe(status.UNAVAILABLE);
    expect(err.details).toBe('emulator fault: service unavailable (injected)');
  });

  it('resourceExhausted: RESOURCE_EXHAUSTED with RetryInfo in grpc-status-details-bin', async () => {
    const c = await start({ faults: { resourceExhausted: 1, retryDelayMs: 750 } });
    const err = await expectGrpcError(hi(c));
    expect(err.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(err.retryDelayMs).toBe(750);
  });

  it('dropStream: the HTTP/2 stream is reset (INTERNAL, RST_STREAM) for unary and bidi calls', async () => {
    const c = await start({ faults: { dropStream: 1 } });
    const err = await expectGrpcError(hi(c));
    expect(err.code).toBe(status.INTERNAL);
    expect(err.details).toMatch(/RST_STREAM with code 2/);
    const bidi = openBidi(c);
    bidi.send({ config: { session: newSession('drop') } });
    bidi.send({ realtimeInput: { text: 'hi' } });
    await expect(bidi.ended).rejects.toMatchObject({
      code: status.INTERNAL,
      details: expect.stringMatching(/RST_STREAM/),
    });
  });

  it('quotaTurnsPerSecond: excess turns get RESOURCE_EXHAUSTED with a RetryInfo delay', async () => {
    // one token, refilled slowly: robust on a busy machine
    const c = await start({ faults: { quotaTurnsPerSecond: 1 } });
    const results = await Promise.allSettled([hi(c), hi(c), hi(c), hi(c)]);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(rejected).toHaveLength(3);
    const err = await expectGrpcError(Promise.reject(rejected[0]!.reason));
    expect(err.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(err.details).toBe('emulator quota exceeded: 1 turn per second');
    expect(err.retryDelayMs).toBeGreaterThan(0);
    expect(err.retryDelayMs).toBeLessThanOrEqual(1000);
  });

  it('a failed turn changes no session state: the retry is turn 1', async () => {
    const c = await start({ faults: { unavailable: 0.5 } }, 7);
    const s = newSession('retry');
    let out: JsonObject[] | undefined;
    let failures = 0;
    while (!out) {
      try {
        out = await hi(c, s);
      } catch {
        failures++;
      }
    }
    expect(final(out)['turnIndex']).toBe(1);
    expect(failures).toBe(2); // seed 7 rolls 0.012, 0.062, then 0.977
  });

  it('is reproducible for a seed', async () => {
    const pattern = async (seed: number) => {
      const c = await start({ faults: { unavailable: 0.5 } }, seed);
      const outcome: string[] = [];
      for (let i = 0; i < 12; i++)
        outcome.push(
          await hi(c).then(
            () => 'ok',
            () => 'fail',
          ),
        );
      return outcome.join(',');
    };
    const a = await pattern(42);
    expect(await pattern(42)).toBe(a);
    expect(a).toMatch(/ok/);
    expect(a).toMatch(/fail/);
  });
});

describe('latency', () => {
  it('delays each turn and shows in the LLM span', async () => {
    const c = await start({ latencyMs: 60 });
    const t0 = performance.now();
    const out = await hi(c);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
    const spans = ((final(out)['diagnosticInfo'] as JsonObject)['rootSpan'] as JsonObject)[
      'childSpans'
    ] as JsonObject[];
    const llm = spans.find((s) => s['name'] === 'LLM')!;
    expect(Number(String(llm['duration']).slice(0, -1))).toBeGreaterThanOrEqual(0.055);
  });

  it('refuses a uniform latency override whose min is above its max (it would fall below min)', async () => {
    await expect(startEmulator({ app: DEMO_APP, overrides: { latencyMs: { min: 300, max: 10 } } })).rejects.toThrow(
      'overrides.latencyMs: min 300 is above max 10 (a uniform latency is drawn between them)',
    );
    // min = max is a fixed latency, and the turn takes it.
    const c = await start({ latencyMs: { min: 40, max: 40 } });
    const t0 = performance.now();
    await hi(c);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(35);
  });

  it('stop() interrupts a turn waiting on simulated latency', async () => {
    const emu = await startEmulator({ app: DEMO_APP, overrides: { latencyMs: 60_000 } });
    const c = connect(emu.address);
    const pending = expectGrpcError(hi(c));
    await new Promise((r) => setTimeout(r, 100));
    await emu.stop();
    await emu.stop(); // idempotent
    const err = await pending;
    expect([status.UNAVAILABLE, status.CANCELLED]).toContain(err.code);
    c.close();
  });
});
