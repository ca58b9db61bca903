// One count, named for what it counts (issue 25 point 4): a repeated conversation that met its
// passRate prints its failed runs as tolerated, and the console line, results.json's summary,
// junit.xml and the exit code agree (they used to say 4 failed / failed: 4 / failures="0" / exit 0).
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';

// Seeded faults: with one conversation at a time, the same runs fail with UNAVAILABLE every time.
const APP = `app: projects/test/locations/us/apps/flaky
rootAgent: root_agent
seed: 2
faults: { unavailable: 0.4 }
agents:
  root_agent:
    routes:
      - on: { default: true }
        say: "echo: \${input.text}"
`;
const spec = (passRate: number) => `conversations:
  - name: flaky echo
    repeat: 10
    passRate: ${passRate}
    turns:
      - user: hi
        expect: [ { text: { contains: hi } } ]
`;

describe('one count for the summary line, results.json, JUnit and the exit code', async () => {
  const p = await tempProject({ 'app.yaml': APP, 'specs/flaky.yaml': spec(0.3) });
  afterAll(() => p.cleanup());
  const run = () =>
    runCli(runArgs({ app: 'app.yaml', reporter: 'list,json,junit' }, '--retries', '0', '--concurrency', '1'), {
      cwd: p.dir,
    });
  const junitTotals = async () => {
    const xml = await readFile(path.join(p.dir, 'out/junit.xml'), 'utf8');
    const [, failures, errors] = /<testsuites [^>]*failures="(\d+)" errors="(\d+)"/.exec(xml)!;
    return { failures: Number(failures), errors: Number(errors) };
  };

  it('shows runs a passRate tolerated as such, and nothing reports them as failures', async () => {
    const res = await run();
    const { summary, status } = await readJson<RunResult>(path.join(p.dir, 'out/results.json'));
    expect(status).toBe('passed');
    expect(res.code, res.stderr).toBe(0);
    expect(summary.tolerated).toBeGreaterThan(0);
    expect(summary).toMatchObject({ total: 10, conversations: 1, failed: 0, error: 0 });
    expect(summary.passed + summary.tolerated!).toBe(10);
    expect(res.stdout).toContain(
      `10 runs of 1 conversation: ${summary.passed} passed, ${summary.tolerated} errored, tolerated by passRate 0.3, ` +
        '0 failed, 0 error, 0 skipped',
    );
    expect(await junitTotals()).toEqual({ failures: 0, errors: 0 });
  });

  it('counts the same runs against the run when the passRate is not met', async () => {
    await p.write('specs/flaky.yaml', spec(0.9));
    const res = await run();
    const { summary, status } = await readJson<RunResult>(path.join(p.dir, 'out/results.json'));
    expect(status).toBe('error');
    expect(res.code).toBe(1);
    expect(summary.tolerated).toBe(0);
    expect(summary.error).toBeGreaterThan(0);
    expect(res.stdout).toContain(
      `10 runs of 1 conversation: ${summary.passed} passed, 0 failed, ${summary.error} error`,
    );
    expect(await junitTotals()).toEqual({ failures: summary.failed, errors: summary.error });
    // merge-reports exits like run (issue 25 point 8): an `error` status is exit 1, never 0.
    const merged = await runCli(['merge-reports', 'out', '--output-dir', 'merged', '--reporter', 'json'], {
      cwd: p.dir,
    });
    expect(merged.stdout).toContain('· error');
    expect(merged.code).toBe(1);
  });
});
