// `platform run --wait` polls the run until it ends. A poll the platform fails transiently
// (UNAVAILABLE), or does not answer within its own per-call deadline (DEADLINE_EXCEEDED), is retried
// with back-off until the overall --timeout: one slow or failed poll no longer ends the whole wait.
// Only when --timeout passes does the wait end, as a timeout, naming the last failure. Against the
// emulator over loopback gRPC, its polls made to falter (src/emulator/README.md).
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EvaluationRunOptions, type RunningEmulator } from '../../src/emulator/index.js';
import type { RunResult } from '../../src/model/result.js';
import { PlatformClient, platformRun } from '../../src/platform/index.js';
import { DEMO_APP, readJson, runCli, tempProject } from '../helpers/cli.js';
import { joinRegex } from '../helpers/regex.js';

const APP = 'projects/demo/locations/us/apps/cymbal-support';
const SPEC = `app: ${APP}
conversations:
  - name: billing
    turns:
      - user: I want billing
        expect: [{ transfer: billing_agent }]
`;

let project: Awaited<ReturnType<typeof tempProject>>;
const emulators: RunningEmulator[] = [];

beforeAll(async () => {
  project = await tempProject({ 'specs/a.yaml': SPEC });
});
afterAll(async () => {
  await Promise.all(emulators.map((e) => e.stop()));
  await project?.cleanup();
});

/** An emulator whose runs finish at the first poll that is answered, with the spec pushed to it. */
async function pushedTo(faults: EvaluationRunOptions): Promise<RunningEmulator> {
  const e = await startEmulator({ app: DEMO_APP, evaluationRuns: { pollsToFinish: 1, ...faults } });
  emulators.push(e);
  const push = await platform(e, ['push', 'specs']);
  expect(push.code, push.stderr).toBe(0);
  return e;
}

const platform = (e: RunningEmulator, args: string[]) =>
  runCli(['platform', ...args, '--endpoint', e.address, '--insecure'], { cwd: project.dir });

async function waitForRun(e: RunningEmulator, out: string, ...flags: string[]) {
  const args = ['run', 'specs', '--wait', '--poll-interval', '20', '--reporter', 'json', '--output-dir', out];
  const run = await platform(e, [...args, ...flags]);
  return { run, result: await readJson<RunResult>(path.join(project.dir, out, 'results.json')) };
}

describe('platform run --wait when a poll falters', () => {
  it('retries polls answered UNAVAILABLE and reports the finished run', async () => {
    const e = await pushedTo({ unavailablePolls: 3 });
    const { run, result } = await waitForRun(e, 'unavailable');
    expect(run.code, run.stderr).toBe(0);
    expect(result.errors).toEqual([]);
    expect(result.conversations.map((c) => [c.name, c.status])).toEqual([['billing', 'passed']]);
  });

  it('retries a poll past its own deadline (DEADLINE_EXCEEDED) within the overall timeout', async () => {
    // The per-call deadline the CLI sets is 60 s; a client with a short one makes the poll time out.
    const e = await pushedTo({ slowPolls: { count: 2, delayMs: 1500 } });
    const client = new PlatformClient({ app: APP, endpoint: e.address, insecure: true, callTimeoutMs: 300 });
    try {
      const outcome = await platformRun(client, {
        wait: true,
        timeoutMs: 30_000,
        intervalMs: 10,
        toolVersion: 'test',
        target: { app: APP, emulator: false, apiVersion: 'v1beta' },
      });
      if (outcome.kind !== 'finished') throw new Error(`platform run ${outcome.kind}`);
      expect(outcome.result.errors).toEqual([]);
      expect(outcome.result.conversations.map((c) => [c.name, c.status])).toEqual([['billing', 'passed']]);
    } finally {
      client.close();
    }
  });

  it('ends as a timeout at --timeout when the polls keep failing, naming the last failure', async () => {
    const e = await pushedTo({ unavailablePolls: 1_000_000 });
    const t0 = performance.now();
    const { run, result } = await waitForRun(e, 'persistent', '--timeout', '3s');
    // Waited for the --timeout (counted from the first platform call, after the CLI's start-up).
    expect(performance.now() - t0).toBeGreaterThanOrEqual(3000);
    expect(run.code).toBe(1);
    expect(result.errors.map((x) => x.code)).toEqual(['TIMEOUT']);
    expect(result.errors[0]!.message).toMatch(
      joinRegex(
        /^run \S+ not read by any poll after 3 s \(--timeout\); its results are not final; /,
        /its last poll failed: UNAVAILABLE: .*unavailablePolls: 1000000\)$/,
      ),
    );
    expect(result.conversations.map((c) => [c.name, c.status, c.error?.code])).toEqual([
      ['billing', 'error', 'TIMEOUT'],
    ]);
  }, 30_000);
});
