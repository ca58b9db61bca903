// The config's settings of what a spec means or whether it loads hold for the platform commands as
// for `run`: `limits:` bounds the files push and run read, and the run-wide `repeat:` lets a passRate
// load without a `repeat:` of its own and sets every evaluation's run count on the platform (it is a
// run setting: push does not write it, and says so). The built CLI against the emulator over
// loopback gRPC.
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
    passRate: 0.5
    turns:
      - user: I want billing
        expect: [{ transfer: billing_agent }]
`;

let project: Awaited<ReturnType<typeof tempProject>>;
const emulators: RunningEmulator[] = [];

async function emulator(): Promise<RunningEmulator> {
  const e = await startEmulator({ app: DEMO_APP, evaluationRuns: { pollsToFinish: 1 } });
  emulators.push(e);
  return e;
}

const cli = (e: RunningEmulator, args: string[], cwd: string) =>
  runCli(['platform', ...args, '--endpoint', e.address, '--insecure'], { cwd });

beforeAll(async () => {
  project = await tempProject({
    'repeat/cxas-eval.config.yaml': `app: ${APP}\nrepeat: 3\n`,
    'repeat/specs/a.yaml': SPEC,
    'limits/cxas-eval.config.yaml': `app: ${APP}\nlimits: { specFileBytes: 50 }\n`,
    'limits/specs/a.yaml': SPEC.replace('    passRate: 0.5\n', ''),
  });
});
afterAll(async () => {
  await Promise.all(emulators.map((e) => e.stop()));
  await project?.cleanup();
});

describe("the config's repeat: and limits: on the platform", () => {
  it('repeat: loads a passRate as run does, and platform run runs every evaluation that many times', async () => {
    const e = await emulator();
    const cwd = path.join(project.dir, 'repeat');
    const push = await cli(e, ['push', 'specs'], cwd);
    expect(push.code, push.stderr).toBe(0);
    expect(push.stdout).toMatch(/^create +specs\/a\.yaml › billing$/m);
    expect(push.stderr).toContain(
      "cxas-eval: note: the config's repeat: 3 is not written into the evaluations; " +
        '`platform run` with this config runs each of them 3 time(s), as `run` does',
    );
    const run = await cli(
      e,
      ['run', 'specs', '--wait', '--poll-interval', '20', '--reporter', 'json', '--output-dir', 'out'],
      cwd,
    );
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(await readFile(path.join(cwd, 'out/results.json'), 'utf8')) as RunResult;
    expect(result.conversations.map((c) => [c.name, c.runIndex, c.status])).toEqual([
      ['billing', 0, 'passed'],
      ['billing', 1, 'passed'],
      ['billing', 2, 'passed'],
    ]);
    expect(result.repeats).toEqual([
      expect.objectContaining({ name: 'billing', status: 'passed', runs: 3, requiredPassRate: 0.5 }),
    ]);
    const client = new PlatformClient({ app: APP, endpoint: e.address, insecure: true });
    const runs = await client.call('EvaluationService', 'ListEvaluationRuns', { parent: APP }, 'parent');
    client.close();
    expect((runs['evaluationRuns'] as Array<Record<string, unknown>>).map((r) => r['runCount'])).toEqual([3]);
    // --run-count still wins, and says what a local run with this config would do.
    const flag = await cli(
      e,
      [
        'run',
        'specs',
        '--run-count',
        '1',
        '--wait',
        '--poll-interval',
        '20',
        '--reporter',
        'json',
        '--output-dir',
        'o1',
      ],
      cwd,
    );
    expect(flag.stderr).toContain(
      "cxas-eval: warning: specs/a.yaml › billing runs with 1 runs (the config's repeat: asks for 3)",
    );
  });

  it('limits: bounds the spec files push and run read, as for run', async () => {
    const e = await emulator();
    const cwd = path.join(project.dir, 'limits');
    for (const command of ['push', 'run']) {
      const r = await cli(e, [command, 'specs'], cwd);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^cxas-eval: specs\/a\.yaml:1:1: file is .* over the limit .*\(config limits:\)$/m);
    }
    const client = new PlatformClient({ app: APP, endpoint: e.address, insecure: true });
    const list = await client.call('EvaluationService', 'ListEvaluations', { parent: APP }, 'parent');
    client.close();
    expect(list['evaluations'] ?? []).toEqual([]);
  });
});
