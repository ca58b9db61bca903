// Where a stored run is gzipped (src/library/history.ts): a small one in the recording process,
// before recordRun returns (a few milliseconds, cheaper than starting a process); a large one by a
// detached process, so that recordRun returns at once and the plain copy serves until the .gz is
// there. Either way the .gz holds the run as rendered and the plain copy ends up removed.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { recordRun } from '../../src/library/history.js';
import type { RunResult } from '../../src/model/result.js';

const root = mkdtempSync(path.join(tmpdir(), 'cxas-history-gzip-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A run whose JSON is about `bytes` long (the padding is a field no reader looks at). */
function runOf(runId: string, bytes: number, pad = 'x'): RunResult {
  const run = {
    runId,
    startedAt: new Date().toISOString(),
    durationMs: 1,
    status: 'passed',
    target: {},
    conversations: [],
    summary: { total: 0, passed: 0, failed: 0, error: 0, skipped: 0 },
    padding: pad.repeat(bytes / Buffer.byteLength(pad)),
  };
  return run as unknown as RunResult;
}

const stored = (dir: string) => readdirSync(dir).filter((f) => f !== 'index.json' && !f.startsWith('.'));
const gzippedText = (dir: string) => {
  const [gz] = stored(dir).filter((f) => f.endsWith('.json.gz'));
  return gunzipSync(readFileSync(path.join(dir, gz!))).toString('utf8');
};

describe('stored runs gzipped', () => {
  it('a small run is gzipped before recordRun returns', async () => {
    const dir = path.join(root, 'small');
    const run = runOf('small-run', 10_000);
    expect(await recordRun(run, { dir, keep: 10 })).toBeUndefined();
    expect(stored(dir)).toEqual([expect.stringMatching(/small-run\.json\.gz$/)]);
    expect(gzippedText(dir)).toBe(JSON.stringify(run));
  });

  it('a large one by a detached process: the plain copy serves until the .gz is there', async () => {
    const dir = path.join(root, 'large');
    const run = runOf('large-run', 2_000_000);
    expect(await recordRun(run, { dir, keep: 10 })).toBeUndefined();
    // Starting the detached Node process alone takes tens of milliseconds: the plain copy is there.
    expect(stored(dir)).toEqual([expect.stringMatching(/large-run\.json$/)]);
    await expect.poll(() => stored(dir), { timeout: 10_000 }).toEqual([expect.stringMatching(/large-run\.json\.gz$/)]);
    expect(gzippedText(dir)).toBe(JSON.stringify(run));
  });

  it('the limit counts bytes: 0.7 M characters of two-byte UTF-8 are a large run', async () => {
    const dir = path.join(root, 'wide');
    const run = runOf('wide-run', 1_400_000, '\u00e9');
    expect(JSON.stringify(run).length).toBeLessThan(1024 * 1024);
    expect(await recordRun(run, { dir, keep: 10 })).toBeUndefined();
    expect(stored(dir)).toEqual([expect.stringMatching(/wide-run\.json$/)]);
    await expect.poll(() => stored(dir), { timeout: 10_000 }).toEqual([expect.stringMatching(/wide-run\.json\.gz$/)]);
    expect(gzippedText(dir)).toBe(JSON.stringify(run));
  });
});
