// History references (`@latest`) under `-c FILE`: `run --baseline`, `run --replay` (also with
// --no-history) and `compare` look them up in that config's `history.dir`, as `runs -c`, rescore
// and --last-failed do, never in the default history beside it.
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunComparison } from '../../src/model/comparison.js';
import type { RunResult } from '../../src/model/result.js';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';

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
