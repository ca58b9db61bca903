// A coverage gate's verdict is the run's, through the built CLI: a run below a minimum, or one whose
// gate could not be evaluated, is not green in results.json, JUnit, the HTML report, the GitHub job
// summary or the history, and exits 1; merge-reports gates its union the same way.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { DEMO_FILES_CONFIG, NO_CREDENTIALS, readJson, ROOT, runArgs, runCli, tempProject } from '../helpers/cli.js';
import { findAll, parseXml } from '../reporters/xml.js';

const SUPPORT = path.join(ROOT, 'specs/demo/support.yaml');
/** What the demo's support.yaml leaves out of its app's variables (2 of 4 are updated). */
const SHORTFALL =
  'coverage of variables 50.0% (2/4) is below the minimum 100.0%; not exercised: account_id, customer_tier';

describe('the coverage gate fails the run in every report', () => {
  let project: Awaited<ReturnType<typeof tempProject>>;
  const env = (summary: string) => ({
    ...NO_CREDENTIALS,
    GITHUB_ACTIONS: 'true',
    GITHUB_STEP_SUMMARY: path.join(project.dir, summary),
  });
  const read = (file: string) => readFile(path.join(project.dir, file), 'utf8');
  const runErrorCases = (xml: string) =>
    findAll(parseXml(xml), 'testcase')
      .filter((c) => c.attrs.classname === 'cxas-eval')
      .map((c) => c.attrs.name);

  beforeAll(async () => {
    project = await tempProject({ 'cxas-eval.config.yaml': DEMO_FILES_CONFIG });
  });
  afterAll(() => project?.cleanup());

  it('below a minimum: failed with COVERAGE_BELOW_MINIMUM, and the history records it', async () => {
    const run = await runCli(
      runArgs(
        { specs: SUPPORT, reporter: 'json,junit,html,github', outputDir: 'below' },
        '--no-judge',
        '--min-coverage',
        'variables=1',
      ),
      { cwd: project.dir, env: env('below.md') },
    );
    expect(run.code, run.stderr).toBe(1);
    // Without the list reporter, stderr names the shortfall.
    expect(run.stderr).toContain(`cxas-eval: ${SHORTFALL}\n`);
    const result = await readJson<RunResult>(path.join(project.dir, 'below/results.json'));
    expect(result.status).toBe('failed');
    expect(result.errors).toEqual([{ code: 'COVERAGE_BELOW_MINIMUM', message: SHORTFALL }]);
    expect(runErrorCases(await read('below/junit.xml'))).toEqual(['run: COVERAGE_BELOW_MINIMUM']);
    expect(await read('below/report.html')).toContain('COVERAGE_BELOW_MINIMUM');
    const summary = await read('below.md');
    expect(summary).toMatch(/^## cxas-eval: ❌ failed\n/);
    expect(summary).toContain(`### Run errors\n\n- COVERAGE_BELOW_MINIMUM: ${SHORTFALL}\n`);
    // Workflow-command data: % is %25.
    const escaped = SHORTFALL.replaceAll('%', '%25');
    expect(run.stdout).toContain(`::error title=cxas-eval run::COVERAGE_BELOW_MINIMUM: ${escaped}\n`);
    const runs = await runCli(['runs'], { cwd: project.dir, env: NO_CREDENTIALS });
    expect(runs.stdout.split('\n')[1]).toMatch(/^@0 .* failed /);
  });

  it('a gate that cannot be evaluated: error with COVERAGE_GATE_NOT_EVALUATED', async () => {
    const run = await runCli(
      runArgs(
        { specs: SUPPORT, reporter: 'list,json,junit', outputDir: 'unevaluated' },
        '--no-judge',
        '--no-coverage',
        '--min-coverage',
        'variables=1',
      ),
      { cwd: project.dir, env: NO_CREDENTIALS },
    );
    expect(run.code, run.stderr).toBe(1);
    const result = await readJson<RunResult>(path.join(project.dir, 'unevaluated/results.json'));
    expect(result.status).toBe('error');
    expect(result.errors.map((e) => e.code)).toEqual(['COVERAGE_GATE_NOT_EVALUATED']);
    expect(runErrorCases(await read('unevaluated/junit.xml'))).toEqual(['run: COVERAGE_GATE_NOT_EVALUATED']);
    // The list reporter's summary says it (not stderr a second time).
    expect(run.stdout).toContain('! COVERAGE_GATE_NOT_EVALUATED: coverage gate not evaluated');
    expect(run.stdout).toContain('Status: error\n');
    expect(run.stderr).not.toContain('coverage gate not evaluated');
  });

  it("merge-reports: its own gate decides, the shard's is dropped", async () => {
    const merge = (out: string, ...extra: string[]) =>
      runCli(['merge-reports', 'below', '-o', out, '--reporter', 'json,junit', ...extra], {
        cwd: project.dir,
        env: NO_CREDENTIALS,
      });
    const gated = await merge('merged-below', '--min-coverage', 'variables=1');
    expect(gated.code).toBe(1);
    expect(gated.stderr).toBe(`cxas-eval: ${SHORTFALL}\n`);
    expect(gated.stdout).toContain(' · failed\n');
    const result = await readJson<RunResult>(path.join(project.dir, 'merged-below/results.json'));
    expect([result.status, result.errors.map((e) => e.code)]).toEqual(['failed', ['COVERAGE_BELOW_MINIMUM']]);
    expect(runErrorCases(await read('merged-below/junit.xml'))).toEqual(['run: COVERAGE_BELOW_MINIMUM']);

    const ungated = await merge('merged-ok');
    expect(ungated.code, ungated.stderr).toBe(0);
    const ok = await readJson<RunResult>(path.join(project.dir, 'merged-ok/results.json'));
    expect([ok.status, ok.errors]).toEqual(['passed', []]);
  });

  it('rescore: the recorded replies are measured against the recorded inventory and gated as in a run', async () => {
    const tools =
      'coverage of tools 0.0% (0/2) is below the minimum 100.0%; not exercised: lookup_account, open_ticket';
    await project.write('welcome.yaml', 'conversations:\n  - name: w\n    turns:\n      - event: WELCOME\n');
    await project.write('gated.yaml', 'coverage: { min: { tools: 1 } }\n');
    const run = (out: string, ...extra: string[]) =>
      runCli(runArgs({ specs: 'welcome.yaml', outputDir: out }, '--no-history', ...extra), {
        cwd: project.dir,
        env: NO_CREDENTIALS,
      });
    const rescore = (stored: string, out: string) =>
      runCli(
        [
          'rescore',
          stored,
          'welcome.yaml',
          '-c',
          'gated.yaml',
          '--no-history',
          '--reporter',
          'json',
          '--output-dir',
          out,
        ],
        {
          cwd: project.dir,
          env: NO_CREDENTIALS,
        },
      );
    // Recorded without a gate, so the rescore's verdict is its own.
    expect((await run('welcome')).code).toBe(0);
    const below = await rescore('welcome', 'rescored-below');
    expect(below.code, below.stderr).toBe(1);
    expect(below.stderr).toBe(`cxas-eval: ${tools}\n`);
    const result = await readJson<RunResult>(path.join(project.dir, 'rescored-below/results.json'));
    expect([result.status, result.errors]).toEqual(['failed', [{ code: 'COVERAGE_BELOW_MINIMUM', message: tools }]]);
    expect(result.coverage && 'tools' in result.coverage && result.coverage.tools.total).toBe(2);

    // A recording without coverage figures cannot support the gate: error, never passed.
    expect((await run('welcome-uncovered', '--no-coverage')).code).toBe(0);
    const unevaluated = await rescore('welcome-uncovered', 'rescored-unevaluated');
    expect(unevaluated.code, unevaluated.stderr).toBe(1);
    const none = await readJson<RunResult>(path.join(project.dir, 'rescored-unevaluated/results.json'));
    expect([none.status, none.errors.map((e) => e.code)]).toEqual(['error', ['COVERAGE_GATE_NOT_EVALUATED']]);
  });
});
