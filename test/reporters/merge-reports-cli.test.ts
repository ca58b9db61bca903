import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerMergeReports } from '../../src/cli/merge-reports.js';
import { renderJson } from '../../src/reporters/json.js';
import type { RunResult } from '../../src/model/result.js';
import { buildConversations, buildRunResult, conversation } from './fixture.js';
import { findAll, parseXml } from './xml.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tempDir = tempDirs('merge');

async function shardDir(root: string, name: string, result: RunResult | string): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'results.json'), typeof result === 'string' ? result : renderJson(result));
  return dir;
}

async function run(...args: string[]): Promise<number> {
  const program = new Command().exitOverride();
  registerMergeReports(program);
  process.exitCode = undefined;
  await program.parseAsync(['node', 'cxas-eval', 'merge-reports', ...args]);
  return Number(process.exitCode ?? 0);
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('cxas-eval merge-reports', () => {
  it('merges shard JSON and regenerates every report from it', async () => {
    const root = tempDir('merge');
    const all = buildConversations();
    const a = await shardDir(root, 'shard-1', buildRunResult(all.slice(0, 3), { shard: { index: 1, total: 2 } }));
    const b = await shardDir(root, 'shard-2', buildRunResult(all.slice(3), { shard: { index: 2, total: 2 } }));
    const out = join(root, 'merged');
    expect(await run(a, b, '--output-dir', out)).toBe(1);
    const merged = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as RunResult;
    expect(merged.summary).toEqual(buildRunResult(all).summary);
    expect(merged.conversations).toHaveLength(all.length);
    const junit = parseXml(await readFile(join(out, 'junit.xml'), 'utf8'));
    expect(junit.attrs).toMatchObject({ tests: '8', failures: '2', errors: '1', skipped: '1' });
    expect(findAll(junit, 'testsuite')).toHaveLength(4);
    expect(await readFile(join(out, 'report.html'), 'utf8')).toContain('<h1>cxas-eval report</h1>');
  });

  it('exits 0 when the merged run passed, writing only the reporters asked for', async () => {
    const root = tempDir('merge');
    const ok = await shardDir(root, 's', buildRunResult(buildConversations().slice(0, 1)));
    expect(await run(ok, '-o', join(root, 'out'), '--reporter', 'json')).toBe(0);
    await expect(readFile(join(root, 'out', 'junit.xml'))).rejects.toThrow(/ENOENT/);
  });

  it("removes a previous merge's reports first, so none is left beside the new results.json", async () => {
    const root = tempDir('merge');
    const out = join(root, 'out');
    const ok = await shardDir(root, 'ok', buildRunResult(buildConversations().slice(0, 1)));
    expect(await run(ok, '-o', out, '--reporter', 'json,junit,html')).toBe(0);
    const failing = await shardDir(root, 'failing', buildRunResult(buildConversations()));
    expect(await run(failing, '-o', out, '--reporter', 'json')).toBe(1);
    expect((JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as RunResult).status).toBe('error');
    await expect(readFile(join(out, 'junit.xml'))).rejects.toThrow(/ENOENT/);
    await expect(readFile(join(out, 'report.html'))).rejects.toThrow(/ENOENT/);
  });

  it('counts interrupted runs in its summary line and exits 1 for a shard that was interrupted', async () => {
    const root = tempDir('merge');
    const done = conversation({ name: 'done', file: 'specs/a.yaml', status: 'passed' });
    const cut = (name: string) =>
      conversation({
        name,
        file: 'specs/a.yaml',
        status: 'interrupted',
        error: { code: 'INTERRUPTED', message: 'stopped by SIGTERM before it finished' },
      });
    const shard = await shardDir(root, 's', buildRunResult([done, cut('c2'), cut('c3')], { interrupted: true }));
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    let code: number;
    let printed: string[];
    try {
      code = await run(shard, '-o', join(root, 'out'), '--reporter', 'json');
    } finally {
      printed = out.mock.calls.map((c) => String(c[0]));
      out.mockRestore();
    }
    // Not 130 nor 143: the merge itself was not signalled; its merged run did not pass.
    expect(code).toBe(1);
    expect(printed[0]).toBe(
      'Merged 1 shard(s): 3 conversations, 1 passed, 0 failed, 0 error, 0 skipped, 2 interrupted · interrupted\n',
    );
  });

  it('a reporter that fails is a run error of the reports written and of its summary line', async () => {
    const root = tempDir('merge');
    const shard = await shardDir(root, 's', buildRunResult([conversation({ name: 'ok', file: 'specs/a.yaml' })]));
    vi.stubEnv('GITHUB_ACTIONS', 'true');
    vi.stubEnv('GITHUB_STEP_SUMMARY', join(root, 'missing', 'summary.md'));
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let code: number;
    let printed: string;
    try {
      code = await run(shard, '-o', join(root, 'out'), '--reporter', 'github,json,junit');
    } finally {
      printed = out.mock.calls.map((c) => String(c[0])).join('');
      out.mockRestore();
      err.mockRestore();
      vi.unstubAllEnvs();
    }
    expect(code).toBe(1);
    expect(printed).toContain('::error title=cxas-eval run::REPORTER_FAILED: github.onRunEnd: ENOENT');
    expect(printed).toContain('1 passed, 0 failed, 0 error, 0 skipped · error\n');
    const merged = JSON.parse(await readFile(join(root, 'out', 'results.json'), 'utf8')) as RunResult;
    expect([merged.status, merged.errors.map((e) => e.code)]).toEqual(['error', ['REPORTER_FAILED']]);
    expect(await readFile(join(root, 'out', 'junit.xml'), 'utf8')).toContain('name="run: REPORTER_FAILED"');
  });

  it('a missing shard is a run error naming it, a shard given twice a warning; other totals are refused', async () => {
    const root = tempDir('merge');
    const ok = (name: string) => [conversation({ name, file: 'specs/a.yaml', status: 'passed' })];
    const two = await shardDir(root, 's2', buildRunResult(ok('two'), { shard: { index: 2, total: 3 } }));
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let code: number;
    let warned: string;
    try {
      code = await run(two, two, '-o', join(root, 'out'), '--reporter', 'json');
    } finally {
      warned = err.mock.calls.map((c) => String(c[0])).join('');
      err.mockRestore();
    }
    // Green on its own, the one shard given is not the run.
    const missing = 'shards 1, 3 of 3 missing: their conversations are not in this report';
    expect(code).toBe(1);
    const merged = JSON.parse(await readFile(join(root, 'out', 'results.json'), 'utf8')) as RunResult;
    expect([merged.status, merged.errors]).toEqual(['error', [{ code: 'SHARDS_MISSING', message: missing }]]);
    const dir = relative(process.cwd(), two);
    expect(warned).toBe(
      `cxas-eval: merge-reports: shard 2/3 is given 2 times (${dir}, ${dir}): ` +
        'a conversation in more than one keeps its result from the last\n' +
        `cxas-eval: merge-reports: ${missing}\n`,
    );

    const other = await shardDir(root, 'other', buildRunResult(ok('one'), { shard: { index: 1, total: 2 } }));
    await expect(run(two, other, '-o', join(root, 'out2'))).rejects.toMatchObject({
      exitCode: 2,
      message:
        `merge-reports: the shards split different runs: ${dir} is shard 2/3, ` +
        `${relative(process.cwd(), other)} is shard 1/2`,
    });
  });

  it('names a missing or invalid results.json and exits 2', async () => {
    const root = tempDir('merge');
    const bad = await shardDir(root, 'bad', '{"schemaVersion": 1');
    const wrong = await shardDir(root, 'wrong', JSON.stringify({ schemaVersion: 9 }));
    await expect(run(join(root, 'nope'))).rejects.toMatchObject({
      exitCode: 2,
      message: `merge-reports: ${join(root, 'nope')}: not found`,
    });
    await expect(run(bad)).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/bad\/results\.json: invalid JSON \(/),
    });
    await expect(run(wrong)).rejects.toMatchObject({
      exitCode: 2,
      message:
        `merge-reports: ${join(wrong, 'results.json')}: ` +
        "not a cxas-eval results.json: / must have required property 'tool'",
    });
    await expect(run(bad, '--reporter', 'pdf')).rejects.toMatchObject({
      exitCode: 2,
      message: 'merge-reports: unknown reporter "pdf" (expected list, json, junit, html, github)',
    });
  });
});

describe('cxas-eval merge-reports on committed shard fixtures', () => {
  it('rebuilds the whole run from test/fixtures/reports/shard-{1,2}', async () => {
    const out = tempDir('merge');
    const fixtures = fileURLToPath(new URL('../fixtures/reports', import.meta.url));
    expect(await run(join(fixtures, 'shard-1'), join(fixtures, 'shard-2'), '-o', out, '--reporter', 'json,junit')).toBe(
      1,
    );
    const merged = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as RunResult;
    const whole = buildRunResult();
    expect(new Set(merged.conversations.map((c) => c.id))).toEqual(new Set(whole.conversations.map((c) => c.id)));
    expect(merged.summary).toEqual(whole.summary);
    expect(merged.repeats).toEqual(whole.repeats);
    expect([merged.startedAt, merged.finishedAt, merged.status, merged.shard]).toEqual([
      '2026-01-01T10:00:00.000Z',
      '2026-01-01T10:00:09.000Z',
      'error',
      undefined,
    ]);
    const junit = parseXml(await readFile(join(out, 'junit.xml'), 'utf8'));
    expect(findAll(junit, 'testcase')).toHaveLength(8);
  });
});
