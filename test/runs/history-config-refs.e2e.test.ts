// History references (`@latest`) under `-c FILE`: `run --baseline`, `run --replay` (also with
// --no-history) and `compare` look them up in that config's `history.dir`, as `runs -c`, rescore
// and --last-failed do, never in the default history beside it; so do `coverage` and the runs
// `judge calibrate` labels name.
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalibrationReport } from '../../src/model/calibration.js';
import type { RunComparison } from '../../src/model/comparison.js';
import type { RunCoverage } from '../../src/model/coverage.js';
import type { RunResult } from '../../src/model/result.js';
import { DEMO_APP, readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.mjs';

const SPEC = `conversations:
  - name: greeting
    turns:
      - event: WELCOME
        expect:
          - text: { contains: Welcome }
`;

describe('history references under -c', () => {
  let project: Awaited<ReturnType<typeof tempProject>>;
  let inDefault: string;
  let inConfigured: string;

  beforeAll(async () => {
    project = await tempProject({ 'specs/a.yaml': SPEC, 'ci.yaml': 'history: { dir: .hist-ci }\n' });
    const run = async (outputDir: string, ...extra: string[]): Promise<string> => {
      const cli = await runCli(runArgs({ outputDir }, ...extra), { cwd: project.dir });
      expect(cli.code, cli.stderr).toBe(0);
      return (await readJson<RunResult>(path.join(project.dir, outputDir, 'results.json'))).runId;
    };
    inConfigured = await run('ci', '-c', 'ci.yaml');
    // The newer run, in the default history: what @latest wrongly named.
    inDefault = await run('default');
  }, 60_000);
  afterAll(async () => {
    await project.cleanup();
  });

  it('run --baseline @latest and run --replay @latest --no-history read the configured history', async () => {
    const args = runArgs({ outputDir: 'head' }, '-c', 'ci.yaml', '--no-history', '--baseline', '@latest');
    const head = await runCli(args, { cwd: project.dir });
    expect(head.code, head.stderr).toBe(0);
    const compared = await readJson<RunResult>(path.join(project.dir, 'head/results.json'));
    expect(compared.comparison?.base.runId).toBe(inConfigured);

    const replay = ['run', 'specs', '--reporter', 'json', '--output-dir', 'replay', '-c', 'ci.yaml', '--no-history'];
    const replayed = await runCli([...replay, '--replay', '@latest'], { cwd: project.dir });
    expect(replayed.code, replayed.stderr).toBe(0);
    const result = await readJson<RunResult>(path.join(project.dir, 'replay/results.json'));
    expect(result.replayedFrom?.runId).toBe(inConfigured);
  });

  it('compare -c reads the configured history', async () => {
    const cli = await runCli(['compare', '-c', 'ci.yaml', '@latest', 'default', '--reporter', 'json'], {
      cwd: project.dir,
    });
    expect(cli.code, cli.stderr).toBe(0);
    const comparison = JSON.parse(cli.stdout) as RunComparison;
    expect([comparison.base.runId, comparison.head.runId]).toEqual([inConfigured, inDefault]);
  });
});

describe('history references under -c, with no default history at all', () => {
  let project: Awaited<ReturnType<typeof tempProject>>;
  let fake: FakeLlm;
  let runId: string;

  beforeAll(async () => {
    fake = await startFakeLlm();
    const judge = `judge: { backend: gemini, baseUrl: "${fake.url}", model: fake-judge }`;
    project = await tempProject({ 'specs/a.yaml': SPEC, 'ci.yaml': `history: { dir: .hist-ci }\n${judge}\n` });
    const cli = await runCli(runArgs({ outputDir: 'ci' }, '-c', 'ci.yaml'), { cwd: project.dir });
    expect(cli.code, cli.stderr).toBe(0);
    runId = (await readJson<RunResult>(path.join(project.dir, 'ci/results.json'))).runId;
  }, 60_000);
  afterAll(async () => {
    await fake.close();
    await project.cleanup();
  });

  it('coverage @latest -c reads the configured history', async () => {
    const cli = await runCli(['coverage', '@latest', '-c', 'ci.yaml', '--emulator', DEMO_APP, '--json'], {
      cwd: project.dir,
    });
    expect(cli.code, cli.stderr).toBe(0);
    expect((JSON.parse(cli.stdout) as RunCoverage).agents.covered).toBeGreaterThan(0);
  });

  it('judge calibrate -c reads the run a label names as @latest from the configured history', async () => {
    // The judge disagrees with the label, so the report names the transcript's run.
    fake.on(() => true, { json: { reason: 'No welcome.', verdict: 'fail', evidenceTurns: [1] } });
    await project.write(
      'labels.yaml',
      'labels:\n  - criterion: "The agent welcomes the user"\n' +
        '    transcript: { run: "@latest", conversation: greeting }\n    verdict: pass\n',
    );
    const args = ['judge', 'calibrate', 'labels.yaml', '-c', 'ci.yaml', '--reporter', 'json', '--no-store'];
    const cli = await runCli([...args, '--no-cache', '--output-dir', 'calib'], {
      cwd: project.dir,
      env: { GEMINI_API_KEY: 'test-key' },
    });
    expect(cli.stderr).not.toContain('no runs are stored');
    const report = await readJson<CalibrationReport>(path.join(project.dir, 'calib/calibration.json'));
    expect(report.criteria[0]!.disagreements[0]!.transcript).toContain(`run ${runId.slice(0, 8)}`);
  });
});
