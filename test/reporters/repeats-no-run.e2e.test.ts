// A repeated conversation with no run counted (every run skipped) has no pass^k: null in
// results.json (valid against the report schema), "–" in the HTML report, and the console says
// "no run counted" — never a vacuous pass^0 of 1, which would read as "always passes".
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESULT_SCHEMA_VERSION, type RunResult } from '../../src/model/result.js';
import { loadRunResult } from '../../src/reporters/index.js';
import { runArgs, runCli, tempProject } from '../helpers/cli.js';

const SPEC = `conversations:
  - name: not ready
    repeat: 3
    skip: not ready yet
    turns:
      - event: WELCOME
  - name: greeting
    repeat: 2
    turns:
      - event: WELCOME
        expect:
          - text: { contains: Welcome }
`;

describe('repeat figures with no run counted', () => {
  let project: Awaited<ReturnType<typeof tempProject>>;
  beforeAll(async () => {
    project = await tempProject({ 'specs/r.yaml': SPEC });
  });
  afterAll(async () => {
    await project.cleanup();
  });

  it('pass^k is null in results.json and – in the HTML report', async () => {
    const cli = await runCli(runArgs({ reporter: 'list,json,html' }, '--no-history'), { cwd: project.dir });
    expect(cli.code, cli.stderr).toBe(0);
    const result = await loadRunResult(path.join(project.dir, 'out/results.json'));
    expect(result.repeats.map((r) => [r.name, r.runs, r.passHatK])).toEqual([
      ['not ready', 0, null],
      ['greeting', 2, 1],
    ]);
    expect(cli.stdout).toContain('specs/r.yaml › not ready: no run counted (every run skipped)');
    const html = await readFile(path.join(project.dir, 'out/report.html'), 'utf8');
    const row = (name: string) =>
      new RegExp(`<tr><td>\\w+</td><td>specs/r\\.yaml › ${name}</td>.*?</tr>`).exec(html)?.[0];
    expect(row('not ready')).toContain('<td>0/0</td><td>–</td><td>–</td>');
    expect(row('greeting')).toContain('<td>2/2</td><td>100.0%</td><td>1.00</td>');

    // A version 4 file (its vacuous 1) is read as the current version.
    const v4 = JSON.parse(await readFile(path.join(project.dir, 'out/results.json'), 'utf8')) as RunResult;
    const old = { ...v4, schemaVersion: 4, repeats: v4.repeats.map((r) => ({ ...r, passHatK: r.passHatK ?? 1 })) };
    await writeFile(path.join(project.dir, 'v4.json'), JSON.stringify(old));
    const read = await loadRunResult(path.join(project.dir, 'v4.json'));
    expect([read.schemaVersion, read.repeats.map((r) => r.passHatK)]).toEqual([RESULT_SCHEMA_VERSION, [null, 1]]);
  });
});
