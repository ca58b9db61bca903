// The evaluation id and the description's spec marker name a spec by its path from the project root
// (the config file's folder, else the working directory), '/'-separated: `platform push`, `run` and
// `pull` find the same evaluations whichever folder they run from and however the paths are written.
// The built CLI against the emulator over loopback gRPC.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { RunResult } from '../../src/model/result.js';
import { PlatformClient } from '../../src/platform/grpc.js';
import { DEMO_APP, runCli, tempProject } from '../helpers/cli.js';

const APP = 'projects/demo/locations/us/apps/cymbal-support';
const SPEC = `conversations:
  - name: billing
    turns:
      - user: I want billing
        expect: [{ transfer: billing_agent }]
`;

let project: Awaited<ReturnType<typeof tempProject>>;
let emulator: RunningEmulator;

const cli = (args: string[], cwd: string) =>
  runCli(['platform', ...args, '--endpoint', emulator.address, '--insecure'], { cwd });

async function evaluations(): Promise<Array<Record<string, unknown>>> {
  const client = new PlatformClient({ app: APP, endpoint: emulator.address, insecure: true });
  try {
    const list = await client.call('EvaluationService', 'ListEvaluations', { parent: APP }, 'parent');
    return (list['evaluations'] as Array<Record<string, unknown>> | undefined) ?? [];
  } finally {
    client.close();
  }
}

beforeAll(async () => {
  project = await tempProject({
    'cxas-eval.config.yaml': `app: ${APP}\n`,
    'suite/specs/a.yaml': SPEC,
  });
  emulator = await startEmulator({ app: DEMO_APP, evaluationRuns: { pollsToFinish: 1 } });
});
afterAll(async () => {
  await emulator?.stop();
  await project?.cleanup();
});

describe('spec paths on the platform', () => {
  it('are read from the project root: push, run and pull agree from any folder and with absolute paths', async () => {
    const root = project.dir;
    const sub = path.join(root, 'suite');
    // From the project root, as before: the id is the hash of the path from there (unchanged).
    const first = await cli(['push', 'suite/specs'], root);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^create +suite\/specs\/a\.yaml › billing$/m);
    const id = `cxas-${createHash('sha256').update('suite/specs/a.yaml#billing').digest('hex').slice(0, 20)}`;
    const pushed = await evaluations();
    expect(pushed.map((e) => [e['name'], String(e['description']).split('\n')[0]])).toEqual([
      [`${APP}/evaluations/${id}`, 'cxas-eval spec: suite/specs/a.yaml › billing'],
    ]);
    // From a subfolder with the project's config, and with an absolute path: the same evaluation.
    const config = ['-c', path.join('..', 'cxas-eval.config.yaml')];
    for (const [args, cwd] of [
      [['push', 'specs', ...config], sub],
      [['push', path.join(sub, 'specs', 'a.yaml'), ...config], sub],
      [['push', path.join(sub, 'specs')], root],
    ] as const) {
      const again = await cli([...args], cwd);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toContain('0 created, 0 updated, 1 unchanged');
    }
    expect(await evaluations()).toEqual(pushed);
    // platform run from the subfolder finds it; results name the spec as a local run there would.
    const run = await cli(
      ['run', 'specs', ...config, '--wait', '--poll-interval', '20', '--reporter', 'json', '--output-dir', 'out'],
      sub,
    );
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(await readFile(path.join(sub, 'out/results.json'), 'utf8')) as RunResult;
    expect(result.conversations.map((c) => [c.file, c.name, c.status, c.loc?.line])).toEqual([
      ['specs/a.yaml', 'billing', 'passed', 2],
    ]);
    // pull writes it back at its path from the project root.
    const pull = await cli(['pull', ...config, '--output-dir', 'pulled'], sub);
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.stdout).toContain(`wrote ${path.join('pulled', 'suite', 'specs', 'a.yaml')} (1 conversation)`);
  });
});
