// A signal while `platform run --wait` writes its final reports must not start a second set: the
// reports on disk end whole and from one run. The reports are written without a pause between the
// files, but the github reporter then appends the job summary (GITHUB_STEP_SUMMARY): here a FIFO no
// one reads yet, so the command is held there, after the finished run's report files, when the signal
// comes. It used to write the interrupted reports over them (and append a second summary), or, with
// nothing started on the platform, remove them and exit with no reports at all. The built CLI against
// the emulator over loopback gRPC.
import { spawnSync } from 'node:child_process';
import { closeSync, constants, existsSync, openSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { RunResult } from '../../src/model/result.js';
import { DEMO_APP, readJson, runCli, startCli, tempProject } from '../helpers/cli.js';

const APP = 'projects/demo/locations/us/apps/cymbal-support';
const SPEC = `app: ${APP}
conversations:
  - name: billing
    turns:
      - user: I want billing
        expect: [{ transfer: billing_agent }]
`;
/** Push refuses it (regexes), so a run of it starts nothing on the platform and reports it refused. */
const REFUSED = `app: ${APP}
conversations:
  - name: regex
    turns:
      - user: what is my balance
        expect: [{ text: { matches: "/\\\\$42/" } }]
`;

let project: Awaited<ReturnType<typeof tempProject>>;
let emulator: RunningEmulator;

beforeAll(async () => {
  project = await tempProject({ 'specs/a.yaml': SPEC, 'refused/a.yaml': REFUSED });
  emulator = await startEmulator({ app: DEMO_APP, evaluationRuns: { pollsToFinish: 1 } });
  const push = await runCli(['platform', 'push', 'specs', '--endpoint', emulator.address, '--insecure'], {
    cwd: project.dir,
  });
  expect(push.code, push.stderr).toBe(0);
});
afterAll(async () => {
  await emulator?.stop();
  await project?.cleanup();
});

async function until(condition: () => boolean, what: string): Promise<void> {
  for (const started = Date.now(); !condition(); await sleep(20))
    if (Date.now() - started > 20_000) throw new Error(`timed out waiting for ${what}`);
}

/**
 * Opens the FIFO for reading without waiting for a writer (read-write, non-blocking), which lets the
 * writers' opens go on; `rest()` reads what they wrote once they are gone.
 */
function readFifo(fifo: string): { rest(): string } {
  const fd = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
  return {
    rest() {
      const chunks: Buffer[] = [];
      const buffer = Buffer.alloc(1 << 16);
      try {
        for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer))
          chunks.push(Buffer.from(buffer.subarray(0, n)));
      } catch (err) {
        // EAGAIN: nothing more in the pipe.
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      } finally {
        closeSync(fd);
      }
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/**
 * `platform run <specs> --wait` with the github reporter's summary going to a FIFO; SIGTERM once the
 * report files are there (the command then waits to append the summary); then the FIFO is read.
 */
async function terminatedWhileReporting(specs: string) {
  const out = path.join(project.dir, `out-${specs}`);
  const fifo = path.join(project.dir, `summary-${specs}.fifo`);
  expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
  const { child, done } = startCli(
    [
      ...['platform', 'run', specs, '--endpoint', emulator.address, '--insecure', '--wait'],
      ...['--poll-interval', '20', '--reporter', 'json,junit,github', '--output-dir', out],
    ],
    { cwd: project.dir, env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: fifo } },
  );
  await until(
    () => existsSync(path.join(out, 'results.json')) && existsSync(path.join(out, 'junit.xml')),
    'the report files',
  );
  child.kill('SIGTERM');
  // The signal is handled while the summary waits for a reader; whatever it does is done by then.
  await sleep(500);
  const reader = readFifo(fifo);
  const run = await done;
  const summary = reader.rest();
  const results = await readJson<RunResult>(path.join(out, 'results.json'));
  const junit = await readFile(path.join(out, 'junit.xml'), 'utf8');
  return { run, summary, results, junit };
}

describe.skipIf(process.platform === 'win32')('a signal while platform run --wait writes its final reports', () => {
  it("keeps the finished run's reports whole: no interrupted set over them, one job summary", async () => {
    const { run, summary, results, junit } = await terminatedWhileReporting('specs');
    expect(run.code, run.stderr).toBe(143);
    expect(run.stderr).toMatch(/Terminated \(SIGTERM\) while the final reports are written/);
    expect(results.status).toBe('passed');
    expect(results.errors).toEqual([]);
    expect(results.conversations.map((c) => [c.name, c.status])).toEqual([['billing', 'passed']]);
    expect(junit).not.toContain('INTERRUPTED');
    expect(junit).toContain('billing');
    expect(summary.match(/^## cxas-eval: /gm)).toHaveLength(1);
    expect(summary).toMatch(/^## cxas-eval: ✅ passed$/m);
  }, 60_000);

  it('keeps them when nothing was started on the platform (every conversation refused)', async () => {
    const { run, summary, results, junit } = await terminatedWhileReporting('refused');
    expect(run.code, run.stderr).toBe(143);
    expect(results.conversations.map((c) => [c.name, c.status, c.error?.code])).toEqual([
      ['regex', 'error', 'PLATFORM_REFUSED'],
    ]);
    expect(junit).toContain('PLATFORM_REFUSED');
    expect(summary.match(/^## cxas-eval: /gm)).toHaveLength(1);
  }, 60_000);
});
