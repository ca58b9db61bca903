// What a run's in-process emulator serves (src/library/run-target.ts): sessions on a private Unix
// socket, the WebSocket bridge only for a suite that speaks (or a target that outlives its specs,
// `run --watch`), and a client that asks a bridge-less emulator for speech fails with a clear error.
import { describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { Sessions } from '../../src/client/sessions.js';
import { startEmulator } from '../../src/emulator/index.js';
import { effectiveOptions } from '../../src/library/run-options.js';
import { openTarget, type TargetUse } from '../../src/library/run-target.js';
import type { SpecFile } from '../../src/model/spec.js';
import { loadSpecs } from '../../src/runner/index.js';
import { DEMO_APP, ROOT } from '../helpers/cli.js';

async function specs(name: string): Promise<SpecFile[]> {
  const { files, errors } = await loadSpecs([path.join(ROOT, 'specs/demo', name)], { cwd: ROOT });
  expect(errors).toEqual([]);
  return files;
}

/** Whether the target for these files serves a WebSocket bridge, and the gRPC address it uses. */
async function served(files: SpecFile[], use: TargetUse = {}) {
  const target = await openTarget(effectiveOptions({ emulator: DEMO_APP }, {}, {}), files, ROOT, use);
  try {
    return { bridge: target.emulator?.wsUrl !== undefined, address: target.emulator?.address };
  } finally {
    await target.close();
  }
}

describe("a run's in-process emulator", () => {
  it('starts the WebSocket bridge for a suite that speaks, and only then', async () => {
    const text = await served(await specs('support.yaml'));
    expect(text.bridge).toBe(false);
    if (process.platform !== 'win32') expect(text.address).toMatch(/^unix:/);
    expect((await served(await specs('voice.yaml'))).bridge).toBe(true);
  });

  it('serves everything for a target that outlives its specs (--watch): a spoken turn may be added', async () => {
    expect((await served(await specs('support.yaml'), { lasting: true })).bridge).toBe(true);
  });

  it("reads a relative emulator app file under the run's cwd, the file its identity hashes", async () => {
    const cwd = path.join(ROOT, 'specs/demo');
    expect(path.resolve('app.yaml')).not.toBe(DEMO_APP);
    const target = await openTarget(effectiveOptions({ emulator: 'app.yaml' }, {}, {}), [], cwd);
    try {
      expect(target.emulator?.appFiles[0]).toBe(DEMO_APP);
    } finally {
      await target.close();
    }
    // Its problems name it as given, relative to that cwd (a load problem, as a missing spec file).
    await expect(openTarget(effectiveOptions({ emulator: 'none.yaml' }, {}, {}), [], cwd)).rejects.toMatchObject({
      problems: ['none.yaml:1:1: file not found'],
    });
  });

  it('a spoken turn against an emulator without the bridge fails, naming what is missing', async () => {
    const emu = await startEmulator({ app: DEMO_APP, websocket: false });
    const sessions = new Sessions({ appName: emu.appName, endpoint: emu.address, insecure: true });
    try {
      expect(emu.wsUrl).toBeUndefined();
      const spoken = sessions.run({ sessionId: sessions.createSessionId(), event: 'WELCOME', modality: 'audio' });
      await expect(spoken).rejects.toThrow(/needs websocketEndpoint/);
    } finally {
      sessions.close();
      await emu.stop();
    }
  });
});
