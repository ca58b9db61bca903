// A reporter that fails as the run ends fails the run (exit 1): every report still written, the
// history and the console say so too (src/reporters/README.md, "When a reporter fails"), never
// "passed" beside an exit code of 1.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRunResult } from '../../src/reporters/index.js';
import { runArgs, runCli, tempProject } from '../helpers/cli.js';

const SPEC = `conversations:
  - name: greeting
    turns:
      - event: WELCOME
        expect:
          - text: { contains: Welcome }
`;

describe('a reporter failing at the end of a run', () => {
  let project: Awaited<ReturnType<typeof tempProject>>;
  beforeAll(async () => {
    project = await tempProject({ 'specs/r.yaml': SPEC });
  });
  afterAll(async () => {
    await project.cleanup();
  });

  it('the GitHub step summary cannot be written: every report, the console and the history say error', async () => {
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: path.join(project.dir, 'missing/summary.md') };
    const cli = await runCli(runArgs({ reporter: 'list,json,junit,html,github' }), { cwd: project.dir, env });
    expect(cli.code, cli.stderr).toBe(1);
    expect(cli.stderr).toContain('cxas-eval: reporter github failed in onRunEnd: ENOENT');
    // The job gets an annotation; the console's status comes after it.
    const annotation = cli.stdout.indexOf('::error title=cxas-eval run::REPORTER_FAILED: github.onRunEnd: ENOENT');
    expect(annotation).toBeGreaterThanOrEqual(0);
    expect(cli.stdout.indexOf('Status: error')).toBeGreaterThan(annotation);
    expect(cli.stdout).toContain('! REPORTER_FAILED: github.onRunEnd: ENOENT');
    expect(cli.stdout).not.toContain('Status: passed');
    // The console ends with the report files written (github's summary is none of them).
    expect(cli.stdout).toMatch(/\nStatus: error\nReports: out\/results\.json, out\/junit\.xml, out\/report\.html\n$/);

    const result = await loadRunResult(path.join(project.dir, 'out/results.json'));
    expect([result.status, result.summary.passed, result.errors.map((e) => e.code)]).toEqual([
      'error',
      1,
      ['REPORTER_FAILED'],
    ]);
    const junit = await readFile(path.join(project.dir, 'out/junit.xml'), 'utf8');
    expect(junit).toMatch(/<testsuites [^>]*errors="1"/);
    expect(junit).toContain('name="run: REPORTER_FAILED"');
    const html = await readFile(path.join(project.dir, 'out/report.html'), 'utf8');
    expect(html).toContain('REPORTER_FAILED');

    const runs = await runCli(['runs'], { cwd: project.dir });
    expect(runs.stdout.split('\n')[1]).toMatch(/\berror\b/);
  }, 60_000);
});
