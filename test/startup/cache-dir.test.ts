// The CLI's cache directories stay bounded (src/cli/cache-dir.ts): entries untouched for a week go, then the
// least recently written until the rest fit, and a directory is looked at no more than once an hour.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { entriesToDrop, MAX_AGE_MS, MAX_BYTES, sweepCacheDir } from '../../src/cli/cache-dir.js';

const root = mkdtempSync(path.join(tmpdir(), 'cxas-cache-dir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const HOUR = 3600 * 1000;
const now = Date.UTC(2026, 11, 7, 12);

describe('entriesToDrop', () => {
  const entry = (name: string, hoursAgo: number, size = 10) => ({ name, mtimeMs: now - hoursAgo * HOUR, size });

  it('drops what was not touched for a week, then the oldest until the rest fit', () => {
    const entries = [entry('new', 1, 40), entry('older', 5, 40), entry('oldest', 9, 40), entry('stale', 24 * 8)];
    expect(entriesToDrop(entries, now)).toEqual(['stale']);
    expect(entriesToDrop(entries, now, { maxBytes: 80 })).toEqual(['stale', 'oldest']);
    expect(entriesToDrop(entries, now, { maxBytes: 39 })).toEqual(['stale', 'oldest', 'older', 'new']);
    expect(entriesToDrop(entries, now, { maxAgeMs: 2 * HOUR, maxBytes: 1000 })).toEqual(['older', 'oldest', 'stale']);
    expect(entriesToDrop([], now)).toEqual([]);
  });

  it('keeps a week and 128 MB by default', () => {
    expect(MAX_AGE_MS).toBe(7 * 24 * HOUR);
    expect(MAX_BYTES).toBe(128 * 1024 * 1024);
  });
});

describe('sweepCacheDir', () => {
  let n = 0;
  /** A directory with `files` (name → hours since written, size), as a cache holds them. */
  function cacheWith(files: Record<string, [hoursAgo: number, size: number]>): string {
    const dir = path.join(root, String(++n));
    mkdirSync(dir);
    for (const [name, [hoursAgo, size]] of Object.entries(files)) {
      const file = path.join(dir, name);
      writeFileSync(file, '');
      truncateSync(file, size); // sparse: its size without the disk space
      const then = new Date(Date.now() - hoursAgo * HOUR);
      utimesSync(file, then, then);
    }
    return dir;
  }
  const MB = 1024 * 1024;

  it('drops week-old entries and the oldest beyond the bound, and leaves a marker', () => {
    const dir = cacheWith({ a: [1, 60 * MB], b: [2, 60 * MB], c: [3, 60 * MB], stale: [24 * 8, 1] });
    sweepCacheDir(dir);
    expect(readdirSync(dir).sort()).toEqual(['.swept', 'a', 'b']);
  });

  it('looks at a directory at most once an hour, whoever asks', () => {
    const dir = cacheWith({ stale: [24 * 8, 1] });
    sweepCacheDir(dir);
    writeFileSync(path.join(dir, 'stale'), '');
    const weekAgo = new Date(Date.now() - 8 * 24 * HOUR);
    utimesSync(path.join(dir, 'stale'), weekAgo, weekAgo);
    sweepCacheDir(dir); // swept a moment ago
    expect(readdirSync(dir)).toContain('stale');
    sweepCacheDir(dir, Date.now() + 2 * HOUR); // two hours on
    expect(readdirSync(dir)).toEqual(['.swept']);
  });

  it('leaves directories inside it alone', () => {
    const dir = cacheWith({});
    mkdirSync(path.join(dir, 'sub'));
    const weekAgo = new Date(Date.now() - 8 * 24 * HOUR);
    utimesSync(path.join(dir, 'sub'), weekAgo, weekAgo);
    sweepCacheDir(dir);
    expect(readdirSync(dir).sort()).toEqual(['.swept', 'sub']);
  });
});
