// startEmulator (the package's) refuses an option name no option has, at any depth, before it
// reads the app or binds a port: a misspelt `websocket` or fault was ignored, and the emulator ran
// with the default the caller meant to change.
import { describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorOptions } from '../../src/index.js';
import { DEMO_APP } from './helpers.js';

const TOP =
  'app, port, wsPort, host, privateSocket, websocket, seed, overrides, auth, evaluationRuns, platform, sessions';

const refusal = (opts: unknown): Promise<unknown> =>
  startEmulator(opts as EmulatorOptions).then(
    async (emulator) => {
      await emulator.stop();
      return undefined;
    },
    (err: unknown) => err,
  );

describe('startEmulator option names', () => {
  it('a misspelt option is refused naming it, with the one it means when that is close', async () => {
    const cases: Array<[unknown, string]> = [
      [
        { app: DEMO_APP, port: 0, websockt: true },
        'unknown startEmulator option "websockt" (did you mean "websocket"?)',
      ],
      // No name is close: the names there are. Refused before the app is read (there is none).
      [{ appFil: DEMO_APP }, `unknown startEmulator option "appFil" (one of ${TOP})`],
      [
        { app: DEMO_APP, overrides: { fault: { unavailable: 1 } } },
        'unknown startEmulator option "overrides.fault" (did you mean "overrides.faults"?)',
      ],
      [
        { app: DEMO_APP, overrides: { faults: { unavaliable: 1 } } },
        'unknown startEmulator option "overrides.faults.unavaliable" (did you mean "overrides.faults.unavailable"?)',
      ],
      [
        { app: DEMO_APP, sessions: { maxSession: 2 } },
        'unknown startEmulator option "sessions.maxSession" (did you mean "sessions.maxSessions"?)',
      ],
      [{ app: DEMO_APP, auth: { secret: 's' } }, 'unknown startEmulator option "auth.secret" (one of token)'],
      [
        { app: DEMO_APP, evaluationRuns: { pollToFinish: 1 } },
        'unknown startEmulator option "evaluationRuns.pollToFinish" (did you mean "evaluationRuns.pollsToFinish"?)',
      ],
    ];
    for (const [opts, message] of cases) {
      const err = await refusal(opts);
      expect(err, JSON.stringify(opts)).toEqual(new TypeError(message));
      expect(err).toBeInstanceOf(TypeError);
    }
  });

  it('every option name, nested ones too, still starts an emulator', async () => {
    const emulator = await startEmulator({
      app: DEMO_APP,
      port: 0,
      wsPort: 0,
      host: '127.0.0.1',
      privateSocket: false,
      websocket: true,
      seed: 7,
      overrides: { latencyMs: 0, faults: { unavailable: 0, stallTurn: 0 } },
      auth: { token: 't' },
      evaluationRuns: { operationPolls: 1, queuedPolls: 0, pollsToFinish: 1 },
      platform: false,
      sessions: { idleTtlMs: 60_000, maxSessions: 10 },
    });
    try {
      expect(emulator.address).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(emulator.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await emulator.stop();
    }
  });
});
