// A run in which every conversation was skipped has no pass rate: null in results.json (valid against
// the report schema), `–` in the console, HTML and GitHub summaries, `-` in `cxas-eval runs`. A file
// written before schema 7 is read with the rate its counts give now.
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESULT_SCHEMA_VERSION, type RunResult } from '../../src/model/result.js';
import { loadRunResult } from '../../src/reporters/index.js';
import { runArgs, runCli, tempProject } from '../helpers/cli.js';

const SPEC = `conversations:
  - name: not ready
    skip: not ready yet
    turns:
      - event: WELCOME
  - name: later
    skip: not ready yet
    turns:
      - event: WELCOME
`;

describe('a run with no run counted', () => {
  let project: Awaited<ReturnType<typeof tempProject>>;
  beforeAll(async () => {
    project = await tempProject({ 'specs/s.yaml': SPEC });
  });
  afterAll(async () => {
    await project.cleanup();
  });

  it('has no pass rate in any report, and none in the run history', async () => {
    const summaryFile = path.join(project.dir, 'step-summary.md');
    const cli = await runCli(runArgs({ reporter: 'list,json,html,junit,github' }), {
      cwd: project.dir,
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summaryFile },
    });
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toContain('2 skipped · pass rate – (no run counted) · ');
    const result = await loadRunResult(path.join(project.dir, 'out/results.json'));
    expect([result.schemaVersion, result.summary.passRate]).toEqual([RESULT_SCHEMA_VERSION, null]);
    const html = await readFile(path.join(project.dir, 'out/report.html'), 'utf8');
    expect(html).toContain('<div class="card "><b>–</b><span>pass rate</span></div>');
    expect(await readFile(summaryFile, 'utf8')).toMatch(/\| 2 \| 0 \| 0 \| 0 \| 0 \| 2 \| 0 \| – \| /);
    const runs = await runCli(['runs'], { cwd: project.dir });
    expect(runs.stdout).toMatch(/skipped +0\/0\/0\/2 +- +\d/);
  });

  it('reads a version 6 file with the rate its counts give: interrupted runs out, none counted null', async () => {
    const current = JSON.parse(await readFile(path.join(project.dir, 'out/results.json'), 'utf8')) as RunResult;
    const v6 = (summary: Partial<RunResult['summary']>) => ({
      ...current,
      schemaVersion: 6,
      summary: { ...current.summary, ...summary },
    });
    await writeFile(path.join(project.dir, 'none.json'), JSON.stringify(v6({ passRate: 0 })));
    expect((await loadRunResult(path.join(project.dir, 'none.json'))).summary.passRate).toBeNull();
    const cutShort = { total: 4, passed: 1, skipped: 1, interrupted: 2, passRate: 1 / 3 };
    await writeFile(path.join(project.dir, 'cut.json'), JSON.stringify(v6(cutShort)));
    const read = await loadRunResult(path.join(project.dir, 'cut.json'));
    expect([read.schemaVersion, read.summary.passRate]).toEqual([RESULT_SCHEMA_VERSION, 1]);
  });

  it('reads a version 6 repeat summary with no run counted as no rate (it read 0%)', async () => {
    const current = JSON.parse(await readFile(path.join(project.dir, 'out/results.json'), 'utf8')) as RunResult;
    const repeat = { specId: 's', name: 'n', file: 'f.yaml', runs: 0, passed: 0, passRate: 0, passHatK: null };
    const v6 = { ...current, schemaVersion: 6, repeats: [{ ...repeat, status: 'interrupted' }] };
    await writeFile(path.join(project.dir, 'repeat.json'), JSON.stringify(v6));
    const [read] = (await loadRunResult(path.join(project.dir, 'repeat.json'))).repeats;
    expect([read!.runs, read!.passRate]).toEqual([0, null]);
  });
});
