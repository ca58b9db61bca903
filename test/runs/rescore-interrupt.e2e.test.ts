// Signals during `rescore` leave what a run's do (README "Reliability"): the first SIGINT lets the
// conversation being rescored finish, the rest are `interrupted`, every configured report is
// written, the rescored run is kept in the history, exit 130; SIGTERM stops at once, exit 143.
// The judge answers slowly (--no-cache), so the signal comes while the rescore is under way.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { pathToFileURL } from 'node:url';
import { NO_CREDENTIALS, readJson, ROOT, runArgs, runCli, startCli, tempProject } from '../helpers/cli.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.mjs';
import { findAll, parseXml } from '../reporters/xml.js';
import { echoApp } from '../runner/apps.js';

const CONVERSATIONS = 5;
const SPEC = `conversations:\n${Array.from(
  { length: CONVERSATIONS },
  (_, i) => `  - name: judged ${i}
    turns:
      - user: hello
        expect:
          - judge: { prompt: "[case:pass] the agent answers the caller" }`,
).join('\n')}\n`;
const VERDICT = { json: { verdict: 'pass', reason: 'It answers. So the criterion holds.', evidenceTurns: [1] } };

describe('rescore interrupted', () => {
  let project: Awaited<ReturnType<typeof tempProject>>;
  let fake: FakeLlm;
  let recorded: RunResult;
  const env = { ...NO_CREDENTIALS, GEMINI_API_KEY: 'test-key' };

  beforeAll(async () => {
    fake = await startFakeLlm();
    fake.on('[case:pass]', VERDICT);
    project = await tempProject({
      'app.yaml': echoApp(),
      'specs/j.yaml': SPEC,
      'cxas-eval.config.yaml': `judge: { backend: gemini, baseUrl: ${fake.url}, model: gemini-2.5-flash }\n`,
    });
    const run = await runCli(runArgs({ app: 'app.yaml' }), { cwd: project.dir, env });
    expect(run.code, run.stderr).toBe(0);
    recorded = await readJson<RunResult>(path.join(project.dir, 'out/results.json'));
    fake.reset();
    fake.on('[case:pass]', { ...VERDICT, delayMs: 700 });
  });
  afterAll(async () => {
    await fake.close();
    await project.cleanup();
  });

  /** Rescores one conversation at a time, sending `signal` once the first has been rescored. */
  function rescore(out: string, signal: NodeJS.Signals, ...extra: string[]) {
    const { child, done } = startCli(
      [
        'rescore',
        'out/results.json',
        '--no-cache',
        '--concurrency',
        '1',
        '--reporter',
        'list,json,junit',
        '--output-dir',
        out,
        ...extra,
      ],
      { cwd: project.dir, env },
    );
    let stdout = '';
    let sent = false;
    child.stdout!.on('data', (d) => {
      stdout += d;
      if (!sent && /judged \d/.test(stdout)) {
        sent = true;
        child.kill(signal);
      }
    });
    return done;
  }

  async function expectReportsAndHistory(out: string): Promise<RunResult> {
    const results = await readJson<RunResult>(path.join(project.dir, out, 'results.json'));
    expect(results.rescoredFrom?.runId).toBe(recorded.runId);
    expect(results.interrupted).toBe(true);
    expect(results.status).toBe('interrupted');
    expect(results.summary.total).toBe(CONVERSATIONS);
    const statuses = results.conversations.map((c) => c.status);
    expect(statuses.filter((s) => s === 'passed').length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s === 'interrupted').length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 'passed' || s === 'interrupted')).toBe(true);
    const junit = parseXml(await readFile(path.join(project.dir, out, 'junit.xml'), 'utf8'));
    const cases = findAll(junit, 'testcase').filter((c) => c.attrs.classname !== 'cxas-eval');
    expect(cases).toHaveLength(CONVERSATIONS);
    expect(cases.filter((c) => findAll(c, 'error')[0]?.attrs.type === 'interrupted')).toHaveLength(
      statuses.filter((s) => s === 'interrupted').length,
    );
    expect(existsSync(path.join(project.dir, out, 'results.partial.json'))).toBe(false);
    // Kept in the history like the run's own reports say it.
    const index = JSON.parse(await readFile(path.join(project.dir, '.cxas-eval/runs/index.json'), 'utf8')) as {
      runs: Array<{ runId: string; status: string; from?: string }>;
    };
    const kept = index.runs.find((r) => r.runId === results.runId);
    expect(kept).toMatchObject({ status: 'interrupted', from: `rescored from ${recorded.runId}` });
    return results;
  }

  it('first SIGINT: the one being rescored finishes, the rest interrupted; reports and history, exit 130', async () => {
    const res = await rescore('reports', 'SIGINT');
    expect(res.code, res.stderr).toBe(130);
    expect(res.stderr).toContain('Interrupted (SIGINT)');
    await expectReportsAndHistory('reports');
  });

  it('first SIGINT, then the grace period (timeoutMs): a judge call in flight is cancelled: interrupted', async () => {
    const config = await readFile(path.join(project.dir, 'cxas-eval.config.yaml'), 'utf8');
    await project.write('short.config.yaml', `timeoutMs: 100\n${config}`);
    const res = await rescore('grace', 'SIGINT', '-c', 'short.config.yaml');
    expect(res.code, res.stderr).toBe(130);
    expect(res.stderr).toContain('running ones get 0s to finish');
    const results = await expectReportsAndHistory('grace');
    // The one cut short is not an error: it did not finish.
    const cut = results.conversations.find((c) => c.error?.message.includes('while this conversation was rescored'));
    expect(cut?.status).toBe('interrupted');
  });

  it('SIGTERM: stops at once, writes every report from what finished and keeps it, exit 143', async () => {
    const res = await rescore('terminated', 'SIGTERM');
    expect(res.code, res.stderr).toBe(143);
    expect(res.stderr).toContain('Terminated (SIGTERM)');
    const results = await expectReportsAndHistory('terminated');
    expect(results.errors.map((e) => e.message).join('\n')).toContain('stopped by SIGTERM');
  });

  it('a signal while loading ends with a message and removes the previous reports, as in run', async () => {
    await project.write('old/results.json', 'from the previous run');
    const preload = pathToFileURL(path.join(ROOT, 'test/fixtures/preload/slow-reads.mjs')).href;
    const { child, done } = startCli(['rescore', 'out/results.json', '--output-dir', 'old'], {
      cwd: project.dir,
      env: { ...env, NODE_OPTIONS: `--import=${preload}` },
    });
    let stderr = '';
    child.stderr!.on('data', (d) => {
      stderr += d;
      if (stderr.includes('(slow read of') && !child.killed) child.kill('SIGINT');
    });
    const res = await done;
    expect(res.code, res.stderr).toBe(130);
    expect(res.stderr).toContain('Interrupted (SIGINT) while loading the config, the stored run and the specs');
    expect(existsSync(path.join(project.dir, 'old/results.json'))).toBe(false);
  });
});
