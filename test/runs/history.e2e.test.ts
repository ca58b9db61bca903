// Run identity and history through the built CLI: what results.json records, `cxas-eval runs`,
// history references (merge-reports too), and a history that cannot be written (a warning, never a
// failed run).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESULT_SCHEMA_VERSION, type RunResult } from '../../src/model/result.js';
import { DEMO_APP, readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';

const SPEC = `conversations:
  - name: greeting
    turns:
      - event: WELCOME
        expect:
          - text: { contains: Welcome }
`;

describe('run identity and history', () => {
  let project: Awaited<ReturnType<typeof tempProject>>;
  beforeAll(async () => {
    project = await tempProject({ 'specs/a.yaml': SPEC, 'cxas-eval.config.yaml': 'identity: { host: true }\n' });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: project.dir, stdio: 'ignore' });
    git('init', '-q', '-b', 'main');
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'first');
  });
  afterAll(() => project.cleanup());

  it('records what was tested, keeps each run gzipped and lists them newest first', async () => {
    const first = await runCli(runArgs(), { cwd: project.dir });
    expect(first.code, first.stderr).toBe(0);
    const results = await readJson<RunResult>(path.join(project.dir, 'out/results.json'));
    expect(results.schemaVersion).toBe(RESULT_SCHEMA_VERSION);
    const id = results.identity!;
    expect(id.specs['specs/a.yaml']).toMatch(/^[0-9a-f]{64}$/);
    // The demo app (served when no app is configured) and its transcriptsFile, hashed together.
    const appHash = createHash('sha256')
      .update(await readFile(DEMO_APP, 'utf8'))
      .update('\u0000')
      .update(await readFile(path.join(path.dirname(DEMO_APP), 'audio/transcripts.json')))
      .digest('hex');
    expect(id.target.appHash).toBe(appHash);
    expect(id.config).toMatch(/^[0-9a-f]{64}$/);
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: project.dir, encoding: 'utf8' }).trim();
    // specs/ and the config are untracked: the working tree is dirty.
    expect(id.git).toEqual({ commit: head, branch: 'main', dirty: true });
    expect(id.host).toBeTruthy();
    expect(results.conversations[0]!.inputsHash).toMatch(/^[0-9a-f]{64}$/);

    const second = await runCli([...runArgs(), '--reporter', 'list'], { cwd: project.dir });
    expect(second.code, second.stderr).toBe(0);
    // A run this small is gzipped before the process ends (history.ts; a large one by a detached
    // process, test/runs/history-compress.test.ts): both runs are gzipped, with no plain copy left.
    const files = (await readdir(path.join(project.dir, '.cxas-eval/runs'))).filter((f) => f !== 'index.json');
    expect({
      gzipped: files.filter((f) => f.endsWith('.json.gz')).length,
      plain: files.filter((f) => !f.endsWith('.gz')),
    }).toEqual({ gzipped: 2, plain: [] });
    const runs = await runCli(['runs'], { cwd: project.dir });
    const lines = runs.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ref\s+run id\s+date\s+target\s+version\s+commit\s+status/);
    expect(lines[2]).toMatch(new RegExp(`^@1 +${results.runId.slice(0, 8)} `));
    expect(lines[2]).toContain(`${head.slice(0, 8)}+dirty  passed  1/0/0/0`);
    expect(lines[1]).toMatch(/^@0 /);
  });

  it('merge-reports takes history references like every command that reads a stored run', async () => {
    const merged = await runCli(['merge-reports', '@previous', '@latest', '-o', 'merged', '--reporter', 'json'], {
      cwd: project.dir,
    });
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toMatch(/^Merged 2 shard\(s\): .* passed/);
    const results = await readJson<RunResult>(path.join(project.dir, 'merged/results.json'));
    expect(results.conversations.map((c) => c.name)).toEqual(['greeting']);
    const missing = await runCli(['merge-reports', '@latest', '@7'], { cwd: project.dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/merge-reports: @7: only 2 run\(s\) are stored in /);
  });

  it('keeps at most history.keep runs; a history it cannot write is a warning, not a failure', async () => {
    await project.write('cxas-eval.config.yaml', 'history: { keep: 1 }\n');
    expect((await runCli(runArgs(), { cwd: project.dir })).code).toBe(0);
    const index = JSON.parse(await readFile(path.join(project.dir, '.cxas-eval/runs/index.json'), 'utf8'));
    expect(index.runs).toHaveLength(1);
    const stored = async () =>
      (await readdir(path.join(project.dir, '.cxas-eval/runs'))).filter((f) => f !== 'index.json').length;
    await expect.poll(stored, { timeout: 10_000 }).toBe(1);

    await project.write('cxas-eval.config.yaml', 'history: { dir: specs/a.yaml }\n');
    const blocked = await runCli(runArgs(), { cwd: project.dir });
    expect(blocked.code).toBe(0);
    expect(blocked.stderr).toMatch(/warning: the run was not added to the history in .*specs\/a\.yaml: /);
  });
});
