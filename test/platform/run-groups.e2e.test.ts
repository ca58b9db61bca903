// `platform run` starts one evaluation run per tool-call mode and run count. A call of one group that
// fails (its RunEvaluation, or polling its run until --timeout) is that group's error: the other groups' finished
// results are still reported, and the command still exits 1. The built CLI against the emulator over
// loopback gRPC, its faults injected by evaluation tags (src/emulator/README.md).
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { RunResult } from '../../src/model/result.js';
import { DEMO_APP, runCli, tempProject } from '../helpers/cli.js';

const APP = 'projects/demo/locations/us/apps/cymbal-support';
/** Two groups: real tool calls (finishes), fake tool calls (its call fails by the tag). */
const spec = (tag: string) => `app: ${APP}
conversations:
  - name: finished
    turns:
      - user: I want billing
        expect: [{ transfer: billing_agent }]
  - name: failing group
    tags: ["${tag}"]
    useToolFakes: true
    turns:
      - user: I want billing
        expect: [{ transfer: billing_agent }]
`;

let project: Awaited<ReturnType<typeof tempProject>>;
const emulators: RunningEmulator[] = [];

beforeAll(async () => {
  project = await tempProject({
    'poll/a.yaml': spec('emulator:poll-unavailable'),
    'start/a.yaml': spec('emulator:run-unavailable'),
  });
});
afterAll(async () => {
  await Promise.all(emulators.map((e) => e.stop()));
  await project?.cleanup();
});

async function platform(specs: string, wait: boolean) {
  const e = await startEmulator({ app: DEMO_APP, evaluationRuns: { pollsToFinish: 1 } });
  emulators.push(e);
  const cli = (args: string[]) =>
    runCli(['platform', ...args, '--endpoint', e.address, '--insecure'], { cwd: project.dir });
  const push = await cli(['push', specs]);
  expect(push.code, push.stderr).toBe(0);
  const out = `out-${specs}`;
  const run = await cli([
    'run',
    specs,
    ...(wait ? ['--wait', '--poll-interval', '20'] : []),
    // A run whose polls keep failing transiently is polled until --timeout.
    ...(specs === 'poll' ? ['--timeout', '5s'] : []),
    '--reporter',
    'json',
    '--output-dir',
    out,
  ]);
  const result = async () =>
    JSON.parse(await readFile(path.join(project.dir, out, 'results.json'), 'utf8')) as RunResult;
  return { run, result };
}

describe('platform run with one group failing', () => {
  it("reports the finished group's results when polling another group's run keeps failing", async () => {
    const { run, result } = await platform('poll', true);
    expect(run.code).toBe(1);
    const res = await result();
    // Its polls are retried (UNAVAILABLE is transient) until --timeout, which then ends that group.
    expect(res.conversations.map((c) => [c.name, c.status, c.error?.code])).toEqual([
      ['finished', 'passed', undefined],
      ['failing group', 'error', 'TIMEOUT'],
    ]);
    expect(res.conversations[1]!.error!.message).toMatch(
      /its last poll failed: UNAVAILABLE: .*emulator:poll-unavailable/,
    );
    expect(res.errors.map((e) => e.code)).toEqual(['TIMEOUT']);
    expect(res.status).toBe('error');
    expect(run.stderr).toMatch(/^cxas-eval: TIMEOUT: .*emulator:poll-unavailable/m);
  }, 30_000);

  it("reports the finished group's results when another group's run cannot be started", async () => {
    const { run, result } = await platform('start', true);
    expect(run.code).toBe(1);
    const res = await result();
    expect(res.conversations.map((c) => [c.name, c.status, c.error?.code])).toEqual([
      ['finished', 'passed', undefined],
      ['failing group', 'error', 'PLATFORM_UNAVAILABLE'],
    ]);
    expect(res.conversations[1]!.error!.message).toMatch(/not started on the platform: .*emulator:run-unavailable/);
  });

  it('without --wait, prints the runs it started and the start that failed; exit 1', async () => {
    const { run } = await platform('start', false);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^started \S+\/operations\/run-\S+ \(1 evaluation\); pass --wait to wait and report$/m);
    expect(run.stderr).toMatch(/^cxas-eval: not started on the platform \(1 evaluation\): .*emulator:run-unavailable/m);
  });
});
