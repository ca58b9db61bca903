// The CLI's private cache directories (docs/architecture.md "Start-up cost"): V8's code cache of the
// bundle (compile-cache.ts) and parsed YAML (src/validation/parse-cache.ts), kept in the temp
// directory between starts. Here: where they live, who may write them, and how much they may hold.
//
// Entries are named by what they were made from, so a new build, another checkout or another spec
// text adds entries and never reuses old ones: without a bound the directories only grow (one run
// of this project's test suite used to leave ~300 MB in /tmp, and a process writing an entry then
// looked at every one of ~45,000 files: 35 ms). So a process that writes looks at the directory at
// most once an hour and drops what was not written (or checked) for a week, then the least recently
// written until the rest fits in MAX_BYTES.
import { lstatSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const HOUR_MS = 3600 * 1000;
/** How often a directory is looked at (by a process that wrote to it). */
const SWEEP_EVERY_MS = HOUR_MS;
/** An entry not written or checked for this long is dropped. */
export const MAX_AGE_MS = 7 * 24 * HOUR_MS;
/** What one directory may hold: several versions of the whole bundle's cache (~20 MB each). */
export const MAX_BYTES = 128 * 1024 * 1024;
/** What an entry counts for at least: one file-system block. */
const MIN_ENTRY_BYTES = 4096;
/** The file whose modification time says when the directory was last looked at. */
const MARKER = '.swept';

function cacheBase(): string {
  // One directory per user in the shared temp directory: another user's is never read.
  const user = process.getuid?.() ?? 'user';
  return process.env.NODE_COMPILE_CACHE || path.join(tmpdir(), `cxas-eval-compile-cache-${user}`);
}

/** `sub` of the cache's base directory, made if missing; throws unless both are this user's alone. */
export function privateCacheDir(sub: string): string {
  const base = cacheBase();
  const dir = path.join(base, sub);
  // Cached bytecode is code: a directory (or its parent) someone else owns or can write to is not
  // trusted, since whoever can replace an entry chooses what this process runs. Each is checked
  // before anything is made in it.
  for (const checked of [base, dir]) {
    mkdirSync(checked, { recursive: true, mode: 0o700 });
    const own = lstatSync(checked);
    if (!own.isDirectory() || (process.getuid && own.uid !== process.getuid()) || (own.mode & 0o022) !== 0) {
      throw new Error(`${checked} is not a private directory of this user`);
    }
  }
  return dir;
}

export interface CacheEntryStat {
  name: string;
  /** When it was last written or checked. */
  mtimeMs: number;
  /** Bytes on disk. */
  size: number;
}

/**
 * The entries to drop: those untouched for `maxAgeMs`, then the least recently touched until the
 * others hold at most `maxBytes`.
 */
export function entriesToDrop(
  entries: readonly CacheEntryStat[],
  now: number,
  { maxAgeMs = MAX_AGE_MS, maxBytes = MAX_BYTES } = {},
): string[] {
  const drop: CacheEntryStat[] = [];
  const kept: CacheEntryStat[] = [];
  for (const entry of entries) (now - entry.mtimeMs > maxAgeMs ? drop : kept).push(entry);
  let bytes = kept.reduce((sum, { size }) => sum + size, 0);
  for (const entry of kept.sort((a, b) => a.mtimeMs - b.mtimeMs)) {
    if (bytes <= maxBytes) break;
    drop.push(entry);
    bytes -= entry.size;
  }
  return drop.map(({ name }) => name);
}

/**
 * Bounds `dir` (see the top of this file): at most once an hour, whichever process gets here first.
 * Throws only what the file system throws; callers treat a sweep as best effort.
 */
export function sweepCacheDir(dir: string, now = Date.now()): void {
  const marker = path.join(dir, MARKER);
  if (now - (statSync(marker, { throwIfNoEntry: false })?.mtimeMs ?? 0) < SWEEP_EVERY_MS) return;
  writeFileSync(marker, '', { mode: 0o600 });
  utimesSync(marker, now / 1000, now / 1000);
  const entries: CacheEntryStat[] = [];
  for (const name of readdirSync(dir)) {
    if (name === MARKER) continue;
    const stat = statSync(path.join(dir, name), { throwIfNoEntry: false });
    // The disk space it takes: whole blocks, or its length where blocks are not reported, and at
    // least one block (an empty `.passed` file still costs an inode and a directory entry).
    if (stat?.isFile())
      entries.push({ name, mtimeMs: stat.mtimeMs, size: Math.max(stat.size, stat.blocks * 512, MIN_ENTRY_BYTES) });
  }
  for (const name of entriesToDrop(entries, now)) rmSync(path.join(dir, name), { force: true });
}
