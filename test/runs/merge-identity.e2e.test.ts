// merge-reports and run identity through the built CLI: the shards of one run (same specs, same
// config but --shard and --output-dir) merge into a run with their identity and a run id of its own;
// shards run under different configurations merge with a warning and no identity.
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';

const SPEC = `conversations:
  - name: greeting
    turns:
      - event: WELCOME
  - name: wrong pin
    turns:
      - dtmf: "9999#"
`;

describe('merge-reports keeps the identity the shards agree on', () => {
  let project: Awaited<ReturnType<typeof tempProject>>;
  const shard = async (index: number, outputDir: string, ...extra: string[]): Promise<RunResult> => {
    const args = runArgs({ outputDir }, '--repeat', '3', '--shard', `${index}/2`, '--no-history', ...extra);
    const cli = await runCli(args, { cwd: project.dir });
    expect(cli.code, cli.stderr).toBe(0);
    return readJson<RunResult>(path.join(project.dir, outputDir, 'results.json'));
  };
  const merge = (...args: string[]) => runCli(['merge-reports', ...args, '--reporter', 'json'], { cwd: project.dir });

  beforeAll(async () => {
    project = await tempProject({ 'specs/a.yaml': SPEC });
  });
  afterAll(async () => {
    await project.cleanup();
  });

  it('the shards of one run: their identity, and a run id of its own', async () => {
    const [one, two] = [await shard(1, 'sh1'), await shard(2, 'sh2')];
    expect(one.identity).toBeDefined();
    const cli = await merge('sh1', 'sh2', '--output-dir', 'merged');
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stderr).toBe('');
    const merged = await readJson<RunResult>(path.join(project.dir, 'merged/results.json'));
    expect(merged.identity).toEqual(one.identity);
    expect(merged.identity).toEqual(two.identity);
    expect(merged.runId).toMatch(/^[0-9a-f-]{36}$/);
    expect([one.runId, two.runId]).not.toContain(merged.runId);
  });

  it('shards under different configurations: a warning, and no identity', async () => {
    await shard(2, 'sh2-slow', '--timeout', '20000');
    const cli = await merge('sh1', 'sh2-slow', '--output-dir', 'mixed');
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stderr.trim()).toBe(
      "cxas-eval: merge-reports: the shards' config differ: the merged run has no identity",
    );
    const merged = await readJson<RunResult>(path.join(project.dir, 'mixed/results.json'));
    expect(merged.identity).toBeUndefined();
  });
});
