// `run --versions A,B` end to end: the demo app (A) and a copy with one reply changed (B), run side by
// side by one command against two in-process emulators and compared: the console, results.json of
// each side, the time overlap of the two sides, the gate, and bad input.
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRunResult } from '../../src/reporters/index.js';
import type { RunResult } from '../../src/model/result.js';
import { loadAppDefinition, startEmulator } from '../../src/emulator/index.js';
import { DEMO_APP, NO_CREDENTIALS, runCli, type tempProject } from '../helpers/cli.js';
import { CHANGED_REPLY, comparisonProject, SPECS } from './project.js';

const GREP = ['--grep', '/PIN|goodbye/', '--repeat', '5', '--no-judge', '--no-history', '--reporter', 'list,json'];

let project: Awaited<ReturnType<typeof tempProject>>;

beforeAll(async () => {
  project = await comparisonProject();
}, 60_000);

afterAll(async () => {
  await project?.cleanup();
});

/** Start and end of a run's conversations, in ms since the epoch. */
function span(result: RunResult): { first: number; last: number } {
  const starts = result.conversations.map((c) => Date.parse(c.startedAt));
  const ends = result.conversations.map((c) => Date.parse(c.startedAt) + c.durationMs);
  return { first: Math.min(...starts), last: Math.max(...ends) };
}

describe('cxas-eval run --versions', () => {
  it('runs both emulator apps side by side in one command and compares the head with the base', async () => {
    const run = await runCli(['run', SPECS, '--versions', `${DEMO_APP},mutated.yaml`, '--output-dir', 'ab', ...GREP], {
      cwd: project.dir,
      env: NO_CREDENTIALS,
    });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toContain(`Compared mutated.yaml (head) with ${DEMO_APP} (base): 3 conversations in both`);
    expect(run.stdout).toMatch(/regressed\s+\S*support\.yaml#welcome and PIN authentication\s+5\/5/);

    const head = await loadRunResult(path.join(project.dir, 'ab/results.json'));
    const base = await loadRunResult(path.join(project.dir, 'ab/base/results.json'));
    expect(head.conversations).toHaveLength(15);
    expect(base.conversations).toHaveLength(15);
    expect(base.status).toBe('passed');
    expect(head.comparison!.conversations[0]).toMatchObject({
      verdict: 'regressed',
      base: { runs: 5, passed: 5 },
      head: { runs: 5, passed: 0 },
    });
    expect(head.comparison!.conversations[0]!.transcripts!.head).toContainEqual({ role: 'agent', text: CHANGED_REPLY });
    // Side by side, not one after the other; and no warning about their order or their targets.
    const [a, b] = [span(base), span(head)];
    expect(a.first).toBeLessThan(b.last);
    expect(b.first).toBeLessThan(a.last);
    expect(head.comparison!.warnings).toEqual([]);
    expect(base.identity!.target.appHash).toMatch(/^[0-9a-f]{64}$/);
    expect(head.identity!.target.appHash).toMatch(/^[0-9a-f]{64}$/);
    expect(head.identity!.target.appHash).not.toBe(base.identity!.target.appHash);
  }, 60_000);

  it("against an app over gRPC the versions are two deployments, named in each side's results", async () => {
    // An emulator serves the deployments its app file declares (the same agents), and no others.
    const { transcriptsFile: _file, ...demo } = await loadAppDefinition(DEMO_APP);
    const emulator = await startEmulator({ app: { ...demo, deployments: ['prod', 'canary'] } });
    try {
      const args = ['--app', emulator.appName, '--endpoint', emulator.address, '--insecure'];
      const run = await runCli(['run', SPECS, ...args, '--versions', 'prod,canary', '--output-dir', 'dep', ...GREP], {
        cwd: project.dir,
        env: NO_CREDENTIALS,
      });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain('Compared canary (head) with prod (base): 3 conversations in both');
      const head = await loadRunResult(path.join(project.dir, 'dep/results.json'));
      const base = await loadRunResult(path.join(project.dir, 'dep/base/results.json'));
      expect(head.identity!.target.deployment).toBe('canary');
      expect(base.identity!.target.deployment).toBe('prod');
      // A deployment of another app would run that app: refused before anything runs.
      const other = 'projects/other/locations/us/apps/zzz/deployments/nope';
      const foreign = await runCli(
        ['run', SPECS, ...args, '--versions', `prod,${other}`, '--output-dir', 'f', ...GREP],
        {
          cwd: project.dir,
          env: NO_CREDENTIALS,
        },
      );
      expect(foreign.code).toBe(2);
      expect(foreign.stderr).toContain(
        `--versions: deployment "${other}" belongs to another app: the app is ${emulator.appName}`,
      );
    } finally {
      await emulator.stop();
    }
  }, 60_000);

  it('gates: the head that fixed the reply passes --fail-on-regression; bad input is a usage error', async () => {
    const run = await runCli(
      ['run', SPECS, '--versions', `mutated.yaml,${DEMO_APP}`, '--output-dir', 'ba', ...GREP, '--fail-on-regression'],
      { cwd: project.dir, env: NO_CREDENTIALS },
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const head = await loadRunResult(path.join(project.dir, 'ba/results.json'));
    expect(head.comparison!.conversations[0]).toMatchObject({ verdict: 'improved', flipped: true });

    const bad = await runCli(['run', SPECS, '--versions', 'mutated.yaml', '--baseline', 'ba'], {
      cwd: project.dir,
      env: NO_CREDENTIALS,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--versions needs two different versions, A,B (base,head), got "mutated.yaml"');
  }, 60_000);
});
