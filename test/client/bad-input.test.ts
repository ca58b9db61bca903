// One test per bad input: each throws a CesInputError (or NOT_IMPLEMENTED) and sends nothing.
import { describe, expect, it } from 'vitest';
import { APP, useRecordingServer, type TestServer } from './server.js';
import { Sessions } from '../../src/client/sessions.js';
import { CesError, CesInputError } from '../../src/client/errors.js';
import { rejectionOf } from '../helpers/rejection.js';

let server: TestServer;
let sessions: Sessions;
const SID = 'session-12345';

useRecordingServer((s) => {
  server = s;
  sessions = s.sessions();
});

const rejection = (p: Promise<unknown>): Promise<CesError> => rejectionOf(p, CesError);

describe('bad inputs are rejected before anything is sent', () => {
  it('an empty run', async () => {
    const err = await rejection(sessions.run({ sessionId: SID }));
    expect(err).toBeInstanceOf(CesInputError);
    expect(err.message).toBe('nothing to send: give text, event, dtmf, variables, blob, image, audio or toolResponses');
    expect(server.requests).toHaveLength(0);
  });

  it('two oneof members in one SessionInput (makeTextRequest)', () => {
    expect(() => sessions.makeTextRequest({ session: `${APP}/sessions/${SID}` }, [{ text: 'hi', dtmf: '1' }])).toThrow(
      new CesInputError(
        'inputs[0] sets "text" and "dtmf", which are members of the same oneof "inputType": set only one',
      ),
    );
  });

  it('an unknown modality', async () => {
    const err = await rejection(sessions.run({ sessionId: SID, text: 'hi', modality: 'video' as 'text' }));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toBe('unknown modality "video": expected "text" or "audio"');
  });

  it('the audio modality: a text turn needs a synthesiser', async () => {
    const err = await rejection(sessions.run({ sessionId: SID, text: 'hi', modality: 'audio' }));
    expect(err.code).toBe('SYNTHESIZER_MISSING');
    expect(err.message).toBe(
      'text turns in audio modality are spoken by a synthesiser: ' +
        'set Sessions option audio.synthesizer to "google" or "espeak" (text: "hi")',
    );
  });

  it('bad options to sendEvent and bidiRunSession reject: the call never throws', async () => {
    const event = sessions.sendEvent(SID, 'WELCOME', undefined, { timeout: 5 } as never);
    expect((await rejection(event)).message).toMatch(/^unknown option "timeout" in sendEvent options/);
    const bidi = sessions.bidiRunSession({ session: `${APP}/sessions/${SID}` }, 'hello' as never);
    expect((await rejection(bidi)).message).toBe('inputs must be a list of SessionInput');
  });

  it('audio that does not decode, a bad audio config, an unknown synthesiser: CesErrors, not AudioErrors', async () => {
    const L16 = { audioEncoding: 'LINEAR16', sampleRateHertz: 16000 };
    const odd = sessions.bidiRunSession({ session: `${APP}/sessions/${SID}`, inputAudioConfig: L16 }, [
      { audio: Buffer.alloc(3) },
    ]);
    const oddErr = await rejection(odd);
    expect(oddErr).toBeInstanceOf(CesInputError);
    expect(oddErr.message).toMatch(/^inputs\[0\]\.audio: /);
    const espeak = new Sessions({
      appName: APP,
      endpoint: server.address,
      insecure: true,
      audio: { synthesizer: 'espeak' },
    });
    const badConfig = espeak.run({
      sessionId: SID,
      modality: 'audio',
      text: 'hi',
      inputAudioConfig: { audioEncoding: 'MP3', sampleRateHertz: 16000 },
    });
    const configErr = await rejection(badConfig);
    expect(configErr).toBeInstanceOf(CesInputError);
    expect(configErr.message).toBe(
      'inputAudioConfig: unsupported audio encoding "MP3": expected LINEAR16, MULAW or ALAW',
    );
    espeak.close();
    const festival = new Sessions({
      appName: APP,
      endpoint: server.address,
      insecure: true,
      audio: { synthesizer: 'festival' as 'espeak' },
    });
    const synthErr = await rejection(festival.run({ sessionId: SID, modality: 'audio', text: 'hi' }));
    expect(synthErr.code).toBe('SYNTHESIZER_MISSING');
    festival.close();
  });

  it('any call after close() rejects with CLIENT_CLOSED', async () => {
    const closed = server.sessions();
    closed.close();
    const calls = [
      () => closed.run({ sessionId: SID, text: 'hi' }),
      () => closed.streamRunSession({ sessionId: SID, text: 'hi' }),
      () => closed.getConversation('conv-1'),
      () => closed.run({ sessionId: SID, modality: 'audio', dtmf: '1' }),
      () => closed.bidiRunSession({ session: `${APP}/sessions/${SID}` }, [{ dtmf: '1' }]),
    ];
    for (const call of calls) {
      const err = await rejection(call());
      expect(err.code).toBe('CLIENT_CLOSED');
      expect(err.transient).toBe(false);
      expect(err.message).toMatch(/: this Sessions client was closed \(close\(\)\); create a new one$/);
    }
    expect(server.requests).toHaveLength(0);
  });

  it('a missing blob file', async () => {
    const err = await rejection(Sessions.getFileData('/no/such/receipt.pdf'));
    expect(err).toBeInstanceOf(CesInputError);
    expect(err.message).toBe('cannot read file /no/such/receipt.pdf: no such file');
  });

  it("a deployment of another app, in the constructor or in run(): this app's sessions cannot use it", async () => {
    const other = 'projects/other/locations/us/apps/zzz/deployments/nope';
    const text = `deploymentId "${other}" belongs to another app: the app is ${APP}`;
    expect(() => new Sessions({ appName: APP, insecure: true, deploymentId: other })).toThrow(new CesInputError(text));
    const err = await rejection(sessions.run({ sessionId: SID, text: 'hi', deploymentId: other }));
    expect(err).toBeInstanceOf(CesInputError);
    expect(err.message).toBe(text);
    expect(server.requests).toHaveLength(0);
  });

  it('a malformed app name', () => {
    expect(() => new Sessions({ appName: 'projects/p/apps/a', insecure: true })).toThrow(
      new CesInputError(
        'app name "projects/p/apps/a" is malformed: expected projects/{project}/locations/{location}/apps/{app}',
      ),
    );
  });

  it('snake_case keys in run() options', async () => {
    const err = await rejection(sessions.run({ sessionId: SID, text: 'hi', use_tool_fakes: true } as never));
    expect(err.message).toBe('unknown option "use_tool_fakes" (did you mean "useToolFakes"?)');
    const err2 = await rejection(sessions.run({ sessionId: SID, event: 'E', event_vars: { a: 1 } } as never));
    expect(err2.message).toBe('unknown option "event_vars" (did you mean "eventVars"?)');
  });

  it('snake_case keys in makeTextRequest config and inputs, and in the constructor', () => {
    const session = `${APP}/sessions/${SID}`;
    expect(() => sessions.makeTextRequest({ session, use_tool_fakes: true }, [{ text: 'x' }])).toThrow(
      'unknown option "use_tool_fakes" in config (did you mean "useToolFakes"?)',
    );
    expect(() => sessions.makeTextRequest({ session }, [{ tool_responses: {} }])).toThrow(
      'unknown option "tool_responses" in inputs[0] (did you mean "toolResponses"?)',
    );
    expect(() => new Sessions({ appName: APP, insecure: true, deployment_id: 'x' } as never)).toThrow(
      'unknown option "deployment_id" in Sessions options (did you mean "deploymentId"?)',
    );
  });

  it('an invalid session id, a bad Struct and a wrong enum', async () => {
    expect((await rejection(sessions.run({ sessionId: 'a b', text: 'x' }))).message).toBe(
      'session id "a b" is invalid: it must match [a-zA-Z0-9][a-zA-Z0-9-_]{4,62}',
    );
    expect((await rejection(sessions.run({ sessionId: SID, variables: [1] as never }))).message).toBe(
      'inputs[0].variables must be a JSON object',
    );
    expect(
      (
        await rejection(
          sessions.run({
            sessionId: SID,
            audio: Buffer.alloc(2),
            inputAudioConfig: { audioEncoding: 'MP3', sampleRateHertz: 1 },
          }),
        )
      ).message,
    ).toBe(
      'config.inputAudioConfig.audioEncoding: "MP3" is not one of AUDIO_ENCODING_UNSPECIFIED, LINEAR16, MULAW, ALAW',
    );
    expect(server.requests).toHaveLength(0);
  });

  it('bad history shorthands and turnCount without a conversation', async () => {
    expect(
      (await rejection(sessions.run({ sessionId: SID, text: 'x', historicalContexts: [{ bot: 'hi' }] as never })))
        .message,
    ).toBe('historicalContexts[0] needs one of "user", "agent", "model" or "role"+"chunks"');
    expect((await rejection(sessions.run({ sessionId: SID, text: 'x', turnCount: 2 }))).message).toBe(
      'turnCount needs historicalContexts (a conversation id)',
    );
  });
});
