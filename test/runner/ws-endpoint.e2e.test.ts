// Audio against an emulator served on its own (`cxas-eval emulator`) goes to the WebSocket bridge
// named by --ws-endpoint or the config's `websocketEndpoint`. Without one, a suite that speaks is
// refused before it runs, naming the setting, both over --insecure and over a secure endpoint
// other than CES's (whose bridge is not documented): its audio never goes to ces.googleapis.com.
import { afterAll, describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { readFile } from 'node:fs/promises';
import { Sessions } from '../../src/client/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { DEMO_APP, readJson, ROOT, runCli, tempProject } from '../helpers/cli.js';
import type { RunResult } from '../../src/model/result.js';

describe('run --ws-endpoint', async () => {
  const emulator = await startEmulator({ app: DEMO_APP });
  const p = await tempProject({
    'cxas-eval.config.yaml': `files: { allowRoots: [${JSON.stringify(path.join(ROOT, 'specs/demo'))}] }\n`,
  });
  afterAll(async () => {
    await emulator.stop();
    await p.cleanup();
  });
  const voice = path.join(ROOT, 'specs/demo/voice.yaml');
  const run = (out: string, ...extra: string[]) =>
    runCli(
      ['run', voice, '--app', emulator.appName, '--no-coverage', '--reporter', 'json', '--output-dir', out, ...extra],
      { cwd: p.dir },
    );
  const statuses = async (out: string) =>
    (await readJson<RunResult>(path.join(p.dir, out, 'results.json'))).conversations.map((c) => [
      c.status,
      c.error?.message,
    ]);

  it('streams audio to the bridge --ws-endpoint names, or the config names', async () => {
    const flag = await run('flag', '--endpoint', emulator.address, '--insecure', '--ws-endpoint', emulator.wsUrl);
    expect(await statuses('flag'), flag.stderr).toEqual([['passed', undefined]]);
    expect(flag.code).toBe(0);
    await p.write(
      'ws.config.yaml',
      `files: { allowRoots: [${JSON.stringify(path.join(ROOT, 'specs/demo'))}] }\n` +
        `endpoint: ${JSON.stringify(emulator.address)}\ninsecure: true\nwebsocketEndpoint: ${emulator.wsUrl}\n`,
    );
    const config = await run('config', '-c', 'ws.config.yaml');
    expect(await statuses('config'), config.stderr).toEqual([['passed', undefined]]);
  });

  it('refuses a suite that speaks without a bridge, naming the flag, before anything runs', async () => {
    const insecure = await run('insecure', '--endpoint', emulator.address, '--insecure');
    expect([insecure.code, insecure.stderr]).toEqual([
      2,
      `cxas-eval: audio conversations with --insecure need --ws-endpoint ws://HOST:PORT (or \`websocketEndpoint:\` ` +
        `in the config): the WebSocket bridge of the server at ${emulator.address} ` +
        '(`cxas-eval emulator` prints it on its "ws" line)\n',
    ]);
    const secure = await run('secure', '--endpoint', 'ces-private.example.internal:443');
    expect([secure.code, secure.stderr]).toEqual([
      2,
      'cxas-eval: audio conversations over --endpoint ces-private.example.internal:443 need --ws-endpoint ' +
        "wss://HOST (or `websocketEndpoint:` in the config): only ces.googleapis.com's WebSocket bridge is " +
        'documented, so none is guessed for another host\n',
    ]);
    const plaintext = await run('plain', '--endpoint', 'ces-private.example.internal:443', '--ws-endpoint', 'ws://h:1');
    expect([plaintext.code, plaintext.stderr]).toEqual([
      2,
      'cxas-eval: the WebSocket endpoint ws://h:1 (--ws-endpoint, `websocketEndpoint:`) is plaintext, and the ' +
        "run's credentials would go over it unencrypted: use wss://, or --insecure for a local server\n",
    ]);
    const bad = await run('bad', '--ws-endpoint', 'http://h/path');
    expect([bad.code, bad.stderr]).toEqual([
      2,
      'cxas-eval: --ws-endpoint must be a ws://HOST:PORT or wss://HOST URL (no path), got "http://h/path"\n',
    ]);
  });
});

describe('Sessions websocketEndpoint', () => {
  it('never sends audio for another endpoint to ces.googleapis.com', async () => {
    const sessions = new Sessions({
      appName: 'projects/p/locations/us/apps/a',
      endpoint: 'ces-private.example.internal:443',
      credentials: { token: 't' },
    });
    const audio = await readFile(path.join(ROOT, 'specs/demo/audio/bye.wav'));
    const err = await sessions.run({ sessionId: 'session-1', modality: 'audio', audio }).catch((e: unknown) => e);
    sessions.close();
    expect([(err as { code?: string }).code, (err as Error).message]).toEqual([
      'INVALID_INPUT',
      'audio modality with endpoint ces-private.example.internal:443 needs websocketEndpoint (wss://HOST): only ' +
        "ces.googleapis.com's WebSocket bridge is documented (wss://ces.googleapis.com), so none is guessed",
    ]);
  });
});
