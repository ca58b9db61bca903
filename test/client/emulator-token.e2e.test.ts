// An emulator started with `--token` (auth.token) is usable by cxas-eval's own clients: on an
// insecure channel they send its secret — CXAS_EMULATOR_TOKEN, the variable the emulator reads, or
// the `credentials.token` option — as `authorization: Bearer` in each call's metadata (grpc-js
// refuses call credentials without TLS) and on the WebSocket bridge. Google credentials
// (CXAS_OAUTH_TOKEN, a key file) never go over plaintext: not on gRPC, and not on a ws:// URL to
// another host. Against the real emulator over loopback, and `cxas-eval run` end to end.
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sessions } from '../../src/client/sessions.js';
import { CesAuthError, CesError, CesInputError } from '../../src/client/errors.js';
import { normalizeAudioTurn } from '../../src/client/normalize-audio.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { PlatformClient } from '../../src/platform/grpc.js';
import type { RunResult } from '../../src/model/result.js';
import { DEMO_APP, DEMO_FILES_CONFIG, NO_CREDENTIALS, readJson, ROOT, runCli, tempProject } from '../helpers/cli.js';
import { rejectionOf } from '../helpers/rejection.js';

const SECRET = 's3cret';
let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ app: DEMO_APP, platform: true, auth: { token: SECRET } });
});
afterAll(async () => {
  await emu?.stop();
});

function sessions(env: Record<string, string>, extra: Partial<ConstructorParameters<typeof Sessions>[0]> = {}) {
  return new Sessions({
    appName: emu.appName,
    endpoint: emu.address,
    insecure: true,
    websocketEndpoint: emu.wsUrl,
    audio: { pacing: 'fast' },
    env,
    ...extra,
  });
}

describe('Sessions on an insecure channel to an emulator started with --token', () => {
  it('CXAS_EMULATOR_TOKEN: text turns, the inventory (AgentService) and audio (WebSocket) all pass', async () => {
    const s = sessions({ CXAS_EMULATOR_TOKEN: SECRET });
    const sessionId = s.createSessionId();
    const turn = s.getStructuredResponse(await s.run({ sessionId, event: 'WELCOME' }));
    expect(turn.text).toContain('Welcome to Cymbal support');
    expect((await s.getAppInventory()).agents.length).toBeGreaterThan(0);
    const audio = await s.run({ sessionId: s.createSessionId(), modality: 'audio', dtmf: '1234#' });
    expect(normalizeAudioTurn(audio).text).toBe('Thank you, you are now verified.');
    s.close();
  });

  it('the credentials.token option does the same for gRPC as it did for the WebSocket', async () => {
    const s = sessions({}, { credentials: { token: SECRET } });
    const turn = s.getStructuredResponse(await s.run({ sessionId: s.createSessionId(), event: 'WELCOME' }));
    expect(turn.text).toContain('Welcome to Cymbal support');
    s.close();
  });

  it('CXAS_OAUTH_TOKEN (a Google credential) is not sent in plaintext: UNAUTHENTICATED, says what to use', async () => {
    const s = sessions({ CXAS_OAUTH_TOKEN: SECRET });
    const err = await rejectionOf(s.run({ sessionId: s.createSessionId(), event: 'WELCOME' }), CesAuthError);
    expect(err.code).toBe('UNAUTHENTICATED');
    expect(err.message).toContain(
      'credentials from none (insecure channel; an emulator started with --token needs CXAS_EMULATOR_TOKEN)',
    );
    s.close();
  });

  it('a wrong CXAS_EMULATOR_TOKEN: UNAUTHENTICATED naming where it came from, the secret not shown', async () => {
    const s = sessions({ CXAS_EMULATOR_TOKEN: 'wrong-secret' });
    const err = await rejectionOf(s.run({ sessionId: s.createSessionId(), event: 'WELCOME' }), CesError);
    expect(err.code).toBe('UNAUTHENTICATED');
    expect(err.message).toContain('with credentials from the CXAS_EMULATOR_TOKEN environment variable');
    expect(err.message).not.toContain('wrong-secret');
    s.close();
  });

  it('Google credentials for a plaintext ws:// URL to another host are refused when the client is made', () => {
    expect(
      () =>
        new Sessions({
          appName: emu.appName,
          endpoint: emu.address,
          insecure: true,
          websocketEndpoint: 'ws://ces-proxy.example.com:8080',
          credentials: { keyFile: '/nonexistent/key.json' },
        }),
    ).toThrow(CesInputError);
    expect(
      () =>
        new Sessions({
          appName: emu.appName,
          endpoint: emu.address,
          insecure: true,
          websocketEndpoint: 'ws://ces-proxy.example.com:8080',
          credentials: { keyFile: '/nonexistent/key.json' },
        }),
    ).toThrow(/^refusing to send Google credentials over plaintext ws:\/\/ces-proxy\.example\.com:8080: /);
  });
});

describe('the platform client on an insecure channel', () => {
  it('sends CXAS_EMULATOR_TOKEN; without it the emulator refuses the call', async () => {
    const withToken = new PlatformClient({
      app: emu.appName,
      endpoint: emu.address,
      insecure: true,
      env: { CXAS_EMULATOR_TOKEN: SECRET },
    });
    const list = await withToken.call('EvaluationService', 'ListEvaluations', { parent: emu.appName }, 'parent');
    expect(list).toBeTypeOf('object');
    withToken.close();
    const without = new PlatformClient({
      app: emu.appName,
      endpoint: emu.address,
      insecure: true,
      env: { CXAS_OAUTH_TOKEN: SECRET },
    });
    const err = await rejectionOf(
      without.call('EvaluationService', 'ListEvaluations', { parent: emu.appName }, 'parent'),
      CesError,
    );
    expect(err.code).toBe('UNAUTHENTICATED');
    without.close();
  });
});

describe('cxas-eval run --endpoint --insecure against it', () => {
  let project: Awaited<ReturnType<typeof tempProject>>;
  beforeAll(async () => {
    project = await tempProject({ 'cxas-eval.config.yaml': DEMO_FILES_CONFIG });
  });
  afterAll(() => project?.cleanup());

  it('with CXAS_EMULATOR_TOKEN the conversation passes and coverage is listed', async () => {
    const spec = path.join(ROOT, 'specs/demo/support.yaml');
    const args = [
      'run',
      spec,
      '--grep',
      'goodbye',
      '--no-history',
      '--no-judge',
      '--endpoint',
      emu.address,
      '--insecure',
    ];
    const res = await runCli([...args, '--app', emu.appName, '--reporter', 'json', '--output-dir', 'out'], {
      cwd: project.dir,
      env: { ...NO_CREDENTIALS, CXAS_EMULATOR_TOKEN: SECRET },
    });
    expect(res.code, res.stdout + res.stderr).toBe(0);
    const results = await readJson<RunResult>(path.join(project.dir, 'out/results.json'));
    expect(results.status).toBe('passed');
    expect(results.coverage && 'agents' in results.coverage).toBe(true);
  }, 30_000);
});
