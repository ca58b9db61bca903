// Audio sessions beyond the happy path: espeak-ng text turns, DTMF and events, barge-in,
// goAway reconnects, endSession in both shapes, auth failures, stalled turns, MULAW 8 kHz.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { normalizeAudioTurn } from '../../src/client/normalize-audio.js';
import { CesAuthError, CesError } from '../../src/client/errors.js';
import { decodeWav } from '../../src/audio/index.js';
import { rejectionOf } from '../helpers/rejection.js';
import { client, DEMO_APP, wav } from './helpers.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ app: DEMO_APP });
});
afterAll(async () => {
  await emu?.stop();
});

describe('audio sessions', () => {
  it('speaks a text turn with espeak-ng (unknown speech routes as unrecognized)', async () => {
    const sessions = client(emu, { audio: { pacing: 'fast', synthesizer: 'espeak' } });
    const res = await sessions.run({ sessionId: sessions.createSessionId(), modality: 'audio', text: 'hello there' });
    const turn = normalizeAudioTurn(res);
    expect(turn.text).toBe("Sorry, I didn't catch that. Could you say it again?");
    expect(turn.recognizedTranscript).toBeUndefined();
    expect(res.calls[0]!.inputs).toEqual([{ kind: 'audio', bytes: expect.any(Number) as number, say: 'hello there' }]);
    expect(res.audio!.user.length).toBeGreaterThan(3200);
    sessions.close();
  });

  it('sends DTMF and events as their own frames in an audio session', async () => {
    const sessions = client(emu);
    const sessionId = sessions.createSessionId();
    const welcome = await sessions.run({ sessionId, modality: 'audio', event: 'WELCOME', dtmf: '1234#' });
    expect(welcome.calls.map((c) => c.inputs[0]!.kind)).toEqual(['dtmf', 'event']);
    expect(normalizeAudioTurn(welcome).textParts).toEqual([
      'Thank you, you are now verified.',
      'Welcome to Cymbal support! Please enter your PIN followed by #.',
    ]);
    const balance = normalizeAudioTurn(
      await sessions.run({
        sessionId,
        modality: 'audio',
        audio: await wav('balance'),
        variables: { account_id: 'ACC-9' },
      }),
    );
    expect(balance.text).toBe('Your balance is $42.5.');
    expect(balance.toolCalls[0]!.args).toEqual({ account_id: 'ACC-9' });
    sessions.close();
  });

  it('counts a barge-in when the user speaks while the agent audio plays', async () => {
    const sessions = client(emu, { audio: { pacing: 'fast', waitForPlayback: false } });
    const sessionId = sessions.createSessionId();
    await sessions.run({ sessionId, modality: 'audio', audio: await wav('balance') });
    const res = await sessions.run({ sessionId, modality: 'audio', audio: await wav('human') });
    expect(res.audio!.bargeIns).toBe(1);
    const turn = normalizeAudioTurn(res);
    expect(turn.bargeIns).toBe(1);
    expect(turn.transcript.filter((e) => e.kind === 'bargeIn')).toHaveLength(1);
    expect(turn.recognizedTranscript).toBe('I want to talk to a human');
    sessions.close();
  });

  it('ends the session on endSession (inside sessionOutput) and stops sending', async () => {
    const sessions = client(emu);
    const res = await sessions.run({
      sessionId: sessions.createSessionId(),
      modality: 'audio',
      audio: await wav('bye'),
      dtmf: '0000#',
    });
    const turn = normalizeAudioTurn(res);
    expect(turn.textParts).toEqual([
      'Sorry, that PIN is not valid. Please try again.',
      'Thank you for contacting Cymbal. Goodbye!',
    ]);
    expect(turn.sessionEnded).toBe(true);
    expect(turn.endSessionMetadata).toEqual({ reason: 'user_goodbye' });
    sessions.close();
  });

  it('applies the variables of a run that sends nothing else with the next run on the session', async () => {
    const sessions = client(emu);
    const sessionId = sessions.createSessionId();
    // Alone on its socket, a variables frame waits for a turn that never comes on that stream.
    const alone = await sessions.run({ sessionId, modality: 'audio', variables: { authenticated: true } });
    expect(alone.outputs).toEqual([]);
    const next = await sessions.run({ sessionId, modality: 'audio', audio: await wav('balance') });
    expect(normalizeAudioTurn(next).text).toBe('Your balance is $42.5.');
    expect(next.calls.map((c) => c.inputs.map((i) => i.kind))).toEqual([['variables', 'audio']]);
    // Taken once: a later run of the session does not send them again.
    const other = sessions.createSessionId();
    await sessions.run({ sessionId: other, modality: 'audio', variables: { authenticated: true } });
    const third = await sessions.run({ sessionId, modality: 'audio', dtmf: '0000#' });
    expect(third.calls.map((c) => c.inputs.map((i) => i.kind))).toEqual([['dtmf']]);
    sessions.close();
  });

  it('times out (TIMEOUT, transient) when the server never completes the turn', async () => {
    const stalled = await startEmulator({ app: DEMO_APP, overrides: { faults: { stallTurn: 1 } } });
    const sessions = client(stalled);
    const err = await rejectionOf(
      sessions.run({ sessionId: sessions.createSessionId(), modality: 'audio', dtmf: '1234#', timeoutMs: 800 }),
      CesError,
    );
    expect(err.code).toBe('TIMEOUT');
    expect(err.transient).toBe(true);
    expect(err.message).toMatch(/waited 800 ms for turn 1 to complete \(timeoutMs\)$/);
    sessions.close();
    await stalled.stop();
  });

  it('reconnects with the same session on goAway and continues', async () => {
    const away = await startEmulator({ app: DEMO_APP, overrides: { faults: { goAway: 1 } } });
    const sessions = client(away);
    const res = await sessions.run({
      sessionId: sessions.createSessionId(),
      modality: 'audio',
      dtmf: '1234#',
      audio: await wav('balance'),
    });
    const turn = normalizeAudioTurn(res);
    expect(turn.textParts).toEqual(['Thank you, you are now verified.', 'Your balance is $42.5.']);
    expect(res.outputs.filter((o) => o.turnCompleted).map((o) => o.turnIndex)).toEqual([1, 2]);
    sessions.close();
    await away.stop();
  });

  it('surfaces an auth failure on the upgrade as UNAUTHENTICATED naming the credential source', async () => {
    const locked = await startEmulator({ app: DEMO_APP, auth: { token: 'right' } });
    const wrong = client(locked, { credentials: { token: 'wrong' } });
    const err = await rejectionOf(
      wrong.run({ sessionId: wrong.createSessionId(), modality: 'audio', dtmf: '1#' }),
      CesError,
    );
    expect(err).toBeInstanceOf(CesAuthError);
    expect(err.code).toBe('UNAUTHENTICATED');
    expect(err.message).toMatch(/HTTP 401\) with credentials from the credentials.token option$/);
    const right = client(locked, { credentials: { token: 'right' } });
    expect(
      normalizeAudioTurn(await right.run({ sessionId: right.createSessionId(), modality: 'audio', dtmf: '1234#' }))
        .text,
    ).toBe('Thank you, you are now verified.');
    wrong.close();
    right.close();
    await locked.stop();
  });

  it('sends MULAW 8 kHz input and receives MULAW 8 kHz agent audio', async () => {
    const sessions = client(emu);
    const mulaw = { audioEncoding: 'MULAW', sampleRateHertz: 8000 };
    const res = await sessions.run({
      sessionId: sessions.createSessionId(),
      modality: 'audio',
      audio: await wav('human'),
      inputAudioConfig: mulaw,
      outputAudioConfig: mulaw,
    });
    expect(res.audio!.recognizedTranscript).toBe('I want to talk to a human');
    expect(res.audio!.outputConfig).toEqual(mulaw);
    expect(res.audio!.userSampleRateHertz).toBe(8000);
    expect(res.audio!.agent.length).toBeGreaterThan(0);
    sessions.close();
  });

  it('times the answer from the end of the speech, not from the end of the silence after it', async () => {
    // balance.wav then 1.5 s of silence of its own, at wall-clock speed: the emulator answers
    // 500 ms (its silenceMs) after the speech, while the client still sends the file's silence.
    const { pcm } = decodeWav(await wav('balance'));
    const audio = Buffer.concat([pcm, Buffer.alloc(16000 * 2 * 1.5)]);
    const sessions = client(emu, { audio: { pacing: 'realtime', silenceMs: 100, waitForPlayback: false } });
    const res = await sessions.run({ sessionId: sessions.createSessionId(), modality: 'audio', audio });
    const { latency } = normalizeAudioTurn(res);
    expect(res.audio!.recognizedTranscript).toBe('what is my balance');
    // Endpointing takes 500 ms of silence, seen in 100 ms chunks: 500..700 ms, never less.
    for (const ms of [latency.firstOutputMs!, latency.firstAudioMs!]) {
      expect(ms).toBeGreaterThanOrEqual(450);
      expect(ms).toBeLessThan(1200);
    }
    sessions.close();
  });

  it('paces in real time: waits for the agent audio to play', async () => {
    const sessions = client(emu, { audio: { pacing: 'realtime' } });
    const started = performance.now();
    const res = await sessions.run({ sessionId: sessions.createSessionId(), modality: 'audio', dtmf: '1234#' });
    const playMs = (res.audio!.agent.length / 2 / 16000) * 1000;
    expect(performance.now() - started).toBeGreaterThanOrEqual(playMs - 50);
    sessions.close();
  });
});
