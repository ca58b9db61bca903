// A multi-turn audio conversation with the demo WAVs, end to end over the loopback WebSocket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { normalizeAudioTurn } from '../../src/client/normalize-audio.js';
import { client, DEMO_APP, wav } from './helpers.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ app: DEMO_APP });
});
afterAll(async () => {
  await emu?.stop();
});

describe('audio conversation (fast pacing)', () => {
  it('recognises each WAV, answers with text and audio, and ends the session', async () => {
    const sessions = client(emu);
    const sessionId = sessions.createSessionId();
    const first = await sessions.run({ sessionId, modality: 'audio', audio: await wav('balance') });
    expect(first.audio?.recognizedTranscript).toBe('what is my balance');
    const turn = normalizeAudioTurn(first);
    expect(turn.text).toBe('Please enter your PIN first.');
    expect(turn.recognizedTranscript).toBe('what is my balance');
    expect(turn.audio?.agentBytes).toBeGreaterThan(0);
    expect(turn.audio?.sampleRateHertz).toBe(16000);
    expect(turn.latency.firstAudioMs).toBeGreaterThanOrEqual(0);
    expect(turn.transcript[0]).toEqual({ kind: 'user', text: 'what is my balance', input: 'audio' });
    expect(first.audio?.user.length).toBeGreaterThan(0);

    const second = normalizeAudioTurn(await sessions.run({ sessionId, modality: 'audio', audio: await wav('human') }));
    expect(second.recognizedTranscript).toBe('I want to talk to a human');
    expect(second.transfers.map((t) => t.to)).toEqual(['billing_agent']);
    expect(second.text).toBe('Billing team here. How can I help with your bill?');

    const third = normalizeAudioTurn(await sessions.run({ sessionId, modality: 'audio', audio: await wav('bye') }));
    expect(third.recognizedTranscript).toBe('goodbye');
    expect(third.text).toBe('Goodbye from billing!');
    expect(third.sessionEnded).toBe(true);
    expect(third.bargeIns).toBe(0);
    sessions.close();
  });
});
