// The audio client against scripted WebSocket servers on loopback: what it measures and how it
// ends, for server behaviours the emulator does not produce (delays, closes between turns).
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeAudioTurn } from '../../src/client/normalize-audio.js';
import { agentAudio, startWsServer, type WsTestServer } from './ws-server.js';

let server: WsTestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('bidi latency', () => {
  it('a variables frame opens the next turn: it adds no latency of its own', async () => {
    server = await startWsServer((conn, input) => {
      if (input?.['dtmf'] === undefined) return;
      setTimeout(() => {
        conn.reply(agentAudio(10));
        conn.reply({ sessionOutput: { text: 'verified', turnIndex: 1, turnCompleted: true } });
      }, 300);
    });
    const sessions = server.sessions({ audio: { pacing: 'fast' } });
    const started = performance.now();
    const res = await sessions.run({
      sessionId: 'session-12345',
      modality: 'audio',
      variables: { a: 1 },
      dtmf: '1234#',
      timeoutMs: 3000,
    });
    const wallMs = performance.now() - started;
    const { latency } = normalizeAudioTurn(res);
    expect(latency.totalMs).toBeLessThanOrEqual(Math.ceil(wallMs));
    expect(latency.firstOutputMs).toBeGreaterThanOrEqual(290);
    expect(latency.firstOutputMs).toBeLessThan(450);
    // The first output is the first audio: both count from the DTMF frame.
    expect(Math.abs(latency.firstOutputMs! - latency.firstAudioMs!)).toBeLessThanOrEqual(1);
    expect(res.calls.map((c) => c.inputs.map((i) => i.kind))).toEqual([['variables', 'dtmf']]);
  });
});
