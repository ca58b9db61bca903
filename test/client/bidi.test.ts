// The audio client against scripted WebSocket servers on loopback: what it measures and how it
// ends, for server behaviours the emulator does not produce (delays, closes between turns).
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeAudioTurn } from '../../src/client/normalize-audio.js';
import { CesError } from '../../src/client/errors.js';
import { loadCesProtos } from '../../src/client/proto/load.js';
import { fromWireStruct } from '../../src/client/proto/struct.js';
import type { JsonObject } from '../../src/model/json.js';
import { rejectionOf } from '../helpers/rejection.js';
import { agentAudio, L16, SESSION, startWsServer, type WsConnection, type WsTestServer } from './ws-server.js';

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

describe('bidi latency from the end of the speech', () => {
  it('an answer that comes while the user is still speaking is not timed: no negative latency', async () => {
    // Answers the first audio chunk (the leading silence) at once, with audio, completing the turn.
    let answered = false;
    server = await startWsServer((conn, input) => {
      if (input?.['audio'] === undefined || answered) return;
      answered = true;
      conn.reply(agentAudio(10));
      conn.reply({ sessionOutput: { text: 'too early', turnIndex: 1, turnCompleted: true } });
    });
    const sessions = server.sessions({ audio: { pacing: 'fast', waitForPlayback: false } });
    const tone = Buffer.alloc(16000 * 2);
    for (let i = 0; i < 16000; i++) tone.writeInt16LE(Math.round(8000 * Math.sin(i / 5)), i * 2);
    const res = await sessions.run({ sessionId: 'session-12345', modality: 'audio', audio: tone, timeoutMs: 3000 });
    expect(res.outputs.map((o) => o.text).filter(Boolean)).toEqual(['too early']);
    expect(res.calls[0]!.firstOutputMs).toBeUndefined();
    expect(res.calls[0]!.firstAudioMs).toBeUndefined();
    expect(normalizeAudioTurn(res).latency.firstOutputMs).toBeUndefined();
  });
});

/** Answers each DTMF or event frame as turn n: some agent audio, then turnCompleted. */
function answerTurns(audioMs: number, after?: (conn: WsConnection, turn: number) => void) {
  let turn = 0;
  return (conn: WsConnection, input: Record<string, unknown> | undefined): void => {
    if (input?.['dtmf'] === undefined && input?.['event'] === undefined) return;
    turn++;
    conn.reply(agentAudio(audioMs, turn));
    conn.reply({ sessionOutput: { text: `answer ${turn}`, turnIndex: turn, turnCompleted: true } });
    after?.(conn, turn);
  };
}

const twoTurns = [{ event: { event: 'WELCOME' } }, { dtmf: '1' }];
const audioConfig = { session: SESSION, inputAudioConfig: L16, outputAudioConfig: L16 };

describe('bidi latency fields', () => {
  it('are whole milliseconds, firstAudioMs included', async () => {
    server = await startWsServer(answerTurns(10));
    const sessions = server.sessions({ audio: { pacing: 'fast' } });
    const res = await sessions.bidiRunSession(audioConfig, twoTurns, { timeoutMs: 3000 });
    const measured = res.calls.flatMap((c) => [c.latencyMs, c.firstOutputMs, c.firstAudioMs]);
    expect(measured).toHaveLength(6);
    for (const ms of [...measured, res.audio!.firstAudioMs]) expect(Number.isInteger(ms)).toBe(true);
  });
});

describe('bidi server closes between turns', () => {
  it('an error close while the agent audio plays fails the run with its status, without reconnecting', async () => {
    server = await startWsServer(
      answerTurns(500, (conn, turn) => {
        if (turn === 1) setTimeout(() => conn.ws.close(1011, 'INTERNAL: backend crashed'), 50);
      }),
    );
    const sessions = server.sessions({ audio: { pacing: 'realtime' } });
    const err = await rejectionOf(sessions.bidiRunSession(audioConfig, twoTurns, { timeoutMs: 3000 }), CesError);
    expect(err.code).toBe('INTERNAL');
    expect(err.message).toMatch(/server error \(close 1011\): INTERNAL: backend crashed$/);
    expect(server.connections).toHaveLength(1);
  });

  it('an error close right after a turn fails the next one with its status, without reconnecting', async () => {
    server = await startWsServer(
      answerTurns(0, (conn, turn) => {
        if (turn === 1) conn.ws.close(1008, 'FAILED_PRECONDITION: the session has ended');
      }),
    );
    const sessions = server.sessions({ audio: { pacing: 'fast', waitForPlayback: false } });
    const err = await rejectionOf(sessions.bidiRunSession(audioConfig, twoTurns, { timeoutMs: 3000 }), CesError);
    expect(err.code).toBe('FAILED_PRECONDITION');
    expect(server.connections).toHaveLength(1);
  });

  it('a close after goAway still reconnects with the same session', async () => {
    server = await startWsServer(
      answerTurns(100, (conn, turn) => {
        if (turn !== 1) return;
        conn.reply({ goAway: {} });
        conn.ws.close(1000, 'go away');
      }),
    );
    const sessions = server.sessions({ audio: { pacing: 'realtime' } });
    const res = await sessions.bidiRunSession(audioConfig, twoTurns, { timeoutMs: 3000 });
    expect(res.outputs.filter((o) => o.text).map((o) => o.text)).toEqual(['answer 1', 'answer 2']);
    expect(server.connections).toHaveLength(2);
    expect(Object.keys(server.connections[1]!.frames[0]!)).toEqual(['config']);
  });
});

describe('bidi unreadable server frames', () => {
  /** The agent's answer to the DTMF: `frames` (raw text) in one write, the last one completing the turn. */
  const answering = (...frames: string[]) =>
    startWsServer((conn, input) => {
      if (input?.['dtmf'] !== undefined) for (const f of frames) conn.ws.send(f);
    });
  const completed = JSON.stringify({ sessionOutput: { text: 'Done, I cancelled your account.', turnCompleted: true } });

  it('a frame that does not decode fails the turn (INVALID_RESPONSE) though a turnCompleted follows it', async () => {
    server = await answering(JSON.stringify({ sessionOutput: { toolCalls: { toolCalls: 'not-a-list' } } }), completed);
    const sessions = server.sessions({ audio: { pacing: 'fast' } });
    const err = await rejectionOf(sessions.bidiRunSession(audioConfig, [{ dtmf: '1' }], { timeoutMs: 3000 }), CesError);
    expect(err.code).toBe('INVALID_RESPONSE');
    expect(err.message).toMatch(/unreadable server frame: .*toolCalls: expected a JSON array$/);
  });

  it('a frame that is not JSON fails the turn though a turnCompleted follows it', async () => {
    server = await answering('not json', completed);
    const sessions = server.sessions({ audio: { pacing: 'fast' } });
    const err = await rejectionOf(sessions.bidiRunSession(audioConfig, [{ dtmf: '1' }], { timeoutMs: 3000 }), CesError);
    expect(err.code).toBe('INVALID_RESPONSE');
  });

  it('a frame that does not decode right behind the last turnCompleted still fails the run', async () => {
    server = await answering(completed, 'not json');
    const sessions = server.sessions({ audio: { pacing: 'fast' } });
    const err = await rejectionOf(sessions.bidiRunSession(audioConfig, [{ dtmf: '1' }], { timeoutMs: 3000 }), CesError);
    expect(err.code).toBe('INVALID_RESPONSE');
  });
});

describe('bidi sessionOutput.context (a field the client never reads)', () => {
  const UNKNOWN = 'type.googleapis.com/google.cloud.ces.v1.SupervisionContext';
  const STRUCT = 'type.googleapis.com/google.protobuf.Struct';

  it('an Any of a type the client does not know is kept by its typeUrl: the turn does not fail', async () => {
    const context: JsonObject[] = [
      { '@type': UNKNOWN, note: 'x' },
      { '@type': STRUCT, value: { a: 1 } },
    ];
    server = await startWsServer((conn, input) => {
      if (input?.['dtmf'] === undefined) return;
      conn.reply({ sessionOutput: { text: 'hi', turnIndex: 1, context } });
      conn.reply({ sessionOutput: { turnCompleted: true, turnIndex: 1 } });
    });
    const sessions = server.sessions({ audio: { pacing: 'fast' } });
    const res = await sessions.bidiRunSession(audioConfig, [{ dtmf: '1' }], { timeoutMs: 3000 });
    expect(res.outputs[0]!.text).toBe('hi');
    // A known type keeps its payload's bytes; an unknown one cannot be encoded without its type.
    const [unknown, known] = res.outputs[0]!.context!;
    expect(unknown).toEqual({ typeUrl: UNKNOWN });
    expect(known!.typeUrl).toBe(STRUCT);
    const Struct = loadCesProtos('v1').lookupType('google.protobuf.Struct');
    expect(fromWireStruct(Struct.toObject(Struct.decode(known!.value!)))).toEqual({ a: 1 });
  });
});

describe('bidi realtime playback', () => {
  it('plays an answer longer than timeoutMs to its end: the playback is not a wait for the server', async () => {
    server = await startWsServer(answerTurns(600));
    const sessions = server.sessions({ audio: { pacing: 'realtime' } });
    const started = performance.now();
    const res = await sessions.bidiRunSession(audioConfig, [{ dtmf: '1' }], { timeoutMs: 300 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(600 - 20);
    expect(res.audio!.agent.length).toBe(16000 * 2 * 0.6);
  });

  it('the AbortSignal still ends the playback', async () => {
    server = await startWsServer(answerTurns(5000));
    const sessions = server.sessions({ audio: { pacing: 'realtime' } });
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 300);
    const pending = sessions.bidiRunSession(audioConfig, [{ dtmf: '1' }], { signal: controller.signal });
    const err = await rejectionOf(pending, CesError);
    expect(err.code).toBe('CANCELLED_BY_CALLER');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
