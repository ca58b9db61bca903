// Two runs ending together must both be listed in the history (issue 27 point 2): two processes
// record runs into one history directory at the same time, through the built history module; the
// index must list every run. Without the lock each process rewrote the index it had read, and runs
// were lost. A lock left behind by a process that died is taken over once stale.
import { spawn } from 'node:child_process';
import { readFile, utimes, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tempProject } from '../helpers/cli.js';

const HISTORY = pathToFileURL(path.join(ROOT, 'dist/library/history.js')).href;

/** A process recording `count` runs one after the other, printing any warning. */
const WRITER = `
const { recordRun } = await import(process.argv[1]);
const [dir, name, count] = process.argv.slice(2);
for (let i = 0; i < Number(count); i++) {
  const runId = name + '-' + String(i).padStart(3, '0');
  const result = {
    runId, startedAt: new Date().toISOString(), durationMs: 1, status: 'passed', target: {}, conversations: [],
    summary: { total: 0, passed: 0, failed: 0, error: 0, skipped: 0 },
  };
  const warning = await recordRun(result, { dir, keep: 1000 });
  if (warning) console.log(warning);
}
`;

function writer(dir: string, name: string, count: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', WRITER, HISTORY, dir, name, String(count)]);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(out));
  });
}

const listed = async (dir: string): Promise<string[]> =>
  (JSON.parse(await readFile(path.join(dir, 'index.json'), 'utf8')) as { runs: Array<{ runId: string }> }).runs.map(
    (r) => r.runId,
  );

describe('the run history under concurrent runs', async () => {
  const project = await tempProject({});
  afterAll(() => project.cleanup());

  it('lists every run when two processes record at the same time', async () => {
    const dir = path.join(project.dir, 'runs');
    const outputs = await Promise.all([writer(dir, 'a', 25), writer(dir, 'b', 25)]);
    expect(outputs).toEqual(['', '']);
    const runs = await listed(dir);
    expect(runs).toHaveLength(50);
    expect(new Set(runs).size).toBe(50);
  });

  it('takes over a lock left by a process that died, and leaves none behind', async () => {
    const dir = path.join(project.dir, 'stale');
    await writer(dir, 'first', 1);
    const lock = path.join(dir, 'index.lock');
    await writeFile(lock, '12345 0 gone');
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(lock, longAgo, longAgo);
    expect(await writer(dir, 'next', 1)).toBe('');
    expect(await listed(dir)).toEqual(['first-000', 'next-000']);
    await expect(readFile(lock)).rejects.toThrow(/ENOENT/);
  });
});
