// `run --baseline <run> --fail-on-regression` when every conversation met its passRate but one
// regressed: the gate is a run error (REGRESSION) in results.json, JUnit and the GitHub summary,
// so every report says `failed` as the exit code does. A gate with no comparison never passes; a
// baseline with nothing in common is refused before the run.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withRegressionGate } from '../../src/library/run-baseline.js';
import type { RunResult } from '../../src/model/result.js';
import { NO_CREDENTIALS, readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';
import { echoApp } from '../runner/apps.js';

// Ten runs, one in ten must pass: a run that lost most of its passes still meets it.
const SPEC = `conversations:
  - name: greeting
    repeat: 10
    passRate: 0.1
    turns:
      - user: hello
        expect: [ { text: { contains: "echo: hello" } } ]
`;
const FLAGS = ['--retries', '0', '--concurrency', '1', '--no-history', '--no-judge'];

describe('run --baseline --fail-on-regression', () => {
  let project: Awaited<ReturnType<typeof tempProject>>;

  beforeAll(async () => {
    project = await tempProject({
      'specs/g.yaml': SPEC,
      'app.yaml': echoApp(),
      // Seeded faults, one conversation at a time: the same runs fail on every machine.
      'flaky.yaml': echoApp({ faults: '{ unavailable: 0.7 }' }),
      'more/other.yaml': 'conversations:\n  - name: other\n    turns:\n      - user: hi\n',
    });
    const base = await runCli(runArgs({ app: 'app.yaml', outputDir: 'base' }, ...FLAGS), { cwd: project.dir });
    expect(base.code, base.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await project.cleanup();
  });

  it('is a run error in results.json, JUnit and the GitHub summary, as in the exit code', async () => {
    const summary = path.join(project.dir, 'summary.md');
    const args = runArgs({ app: 'flaky.yaml', outputDir: 'head', reporter: 'list,json,junit,github' }, ...FLAGS);
    const head = await runCli([...args, '--baseline', 'base', '--fail-on-regression'], {
      cwd: project.dir,
      env: { ...NO_CREDENTIALS, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
    });
    const result = await readJson<RunResult>(path.join(project.dir, 'head/results.json'));
    // The premise: the conversation met its passRate, and the comparison found it regressed.
    expect(result.repeats.map((r) => r.status)).toEqual(['passed']);
    expect(result.comparison?.conversations[0]?.verdict).toBe('regressed');

    expect(head.code, head.stdout + head.stderr).toBe(1);
    expect(result.status).toBe('failed');
    const regressed = /^regressed compared with base: specs\/g\.yaml#greeting: 10\/10 → \d\/10 passed$/;
    expect(result.errors).toEqual([{ code: 'REGRESSION', message: expect.stringMatching(regressed) }]);
    const junit = await readFile(path.join(project.dir, 'head/junit.xml'), 'utf8');
    expect(junit).toMatch(/<testcase[^>]*name="run: REGRESSION"[^>]*>\s*<error[^>]*type="REGRESSION"/);
    const md = await readFile(summary, 'utf8');
    expect(md).toContain('## cxas-eval: ❌ failed');
    expect(md).toMatch(/### Run errors\n\n- REGRESSION: regressed compared with base/);
    expect(head.stdout).toContain('Status: failed');
  }, 60_000);

  it('refuses a baseline with no conversation in common before the run: exit 2, nothing written', async () => {
    const args = runArgs({ specs: 'more', app: 'app.yaml', outputDir: 'other' }, ...FLAGS);
    const cli = await runCli([...args, '--baseline', 'base'], { cwd: project.dir });
    expect(cli.code, cli.stdout + cli.stderr).toBe(2);
    expect(cli.stderr.trim()).toBe(
      'cxas-eval: --baseline base: this run and base have no conversation in common (no spec id in both): ' +
        'nothing to compare',
    );
    expect(existsSync(path.join(project.dir, 'other'))).toBe(false);
  });

  it('without a comparison, the gate is an error, never a pass', async () => {
    const result = await readJson<RunResult>(path.join(project.dir, 'base/results.json'));
    expect(result.status).toBe('passed');
    const gated = withRegressionGate(result, true, 'app.yaml');
    expect(gated.status).toBe('error');
    expect(gated.errors).toEqual([
      { code: 'NO_COMPARISON', message: '--fail-on-regression: no comparison with app.yaml could be made' },
    ]);
    expect(withRegressionGate(result, false, 'app.yaml')).toBe(result);
  });
});

// A run's results are masked as they are written (`redact:`), so a stored baseline names its
// conversations masked while the run just made has the real names: they are the same conversations.
describe('run --baseline under redact:', () => {
  let project: Awaited<ReturnType<typeof tempProject>>;

  beforeAll(async () => {
    project = await tempProject({
      'cxas-eval.config.yaml': 'redact: ["\\\\b\\\\d{4}\\\\b"]\n',
      'specs/g.yaml': SPEC.replace('name: greeting', 'name: greeting 1234'),
      'app.yaml': echoApp(),
      'flaky.yaml': echoApp({ faults: '{ unavailable: 0.7 }' }),
    });
    const base = await runCli(runArgs({ app: 'app.yaml', outputDir: 'base' }, ...FLAGS), { cwd: project.dir });
    expect(base.code, base.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await project.cleanup();
  });

  it('finds the masked conversation of the baseline, and its regression fails the gate', async () => {
    const args = runArgs({ app: 'flaky.yaml', outputDir: 'head' }, ...FLAGS);
    const head = await runCli([...args, '--baseline', 'base', '--fail-on-regression'], { cwd: project.dir });
    expect(head.code, head.stdout + head.stderr).toBe(1);
    const result = await readJson<RunResult>(path.join(project.dir, 'head/results.json'));
    expect(result.comparison?.conversations.map((c) => [c.specId, c.verdict])).toEqual([
      ['specs/g.yaml#greeting [REDACTED]', 'regressed'],
    ]);
    expect([result.comparison?.onlyInBase, result.comparison?.onlyInHead]).toEqual([[], []]);
    expect(result.errors.map((e) => e.code)).toEqual(['REGRESSION']);
  }, 60_000);
});
