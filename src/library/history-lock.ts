// The history index is read, extended and rewritten by every run that ends; two runs ending together
// (two CI jobs sharing a workspace, a `--watch` re-run and a manual run) would each write their own
// extension and one run would be lost. A lock file taken with O_EXCL serialises the few milliseconds
// of that update. A lock left by a process that died holding it is taken over once it is older than
// STALE_MS; a run that cannot get the lock in time reports the history warning and is otherwise fine.
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const HISTORY_LOCK = 'index.lock';

export interface LockTiming {
  /** A lock older than this was left by a process that died holding it (the update takes milliseconds). */
  staleMs: number;
  /** How long to wait for another run's update before giving up (a warning, never a failed run). */
  waitMs: number;
}

const DEFAULT_TIMING: LockTiming = { staleMs: 10_000, waitMs: 15_000 };

/**
 * Runs `update` holding the history directory's lock; the lock is released whatever happens. Taking
 * and releasing it are synchronous file calls (a few, at the end of a run: history.ts says why);
 * only waiting for another run's lock is asynchronous.
 */
export async function withHistoryLock<T>(
  dir: string,
  update: () => T | Promise<T>,
  timing: LockTiming = DEFAULT_TIMING,
): Promise<T> {
  const lock = path.join(dir, HISTORY_LOCK);
  const token = `${process.pid} ${Date.now()} ${Math.random().toString(36).slice(2)}`;
  await acquire(lock, token, timing);
  try {
    return await update();
  } finally {
    release(lock, token);
  }
}

async function acquire(lock: string, token: string, timing: LockTiming): Promise<void> {
  const deadline = Date.now() + timing.waitMs;
  for (;;) {
    if (tryCreate(lock, token)) return;
    removeIfStale(lock, timing.staleMs);
    if (Date.now() > deadline)
      throw new Error(`${lock} is held by another run (remove it if no cxas-eval run is going on)`);
    await sleep(10 + Math.random() * 40);
  }
}

function tryCreate(lock: string, token: string): boolean {
  try {
    writeFileSync(lock, token, { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/**
 * Removes a lock whose holder is gone. Two waiters may both find it stale; the second may then remove
 * the fresh lock the first has just taken, which needs a crash inside the update to happen at all.
 */
function removeIfStale(lock: string, staleMs: number): void {
  const seen = statSync(lock, { throwIfNoEntry: false });
  if (seen && Date.now() - seen.mtimeMs >= staleMs) rmSync(lock, { force: true });
}

/** Removes the lock only if it is still ours (a lock taken over as stale belongs to someone else now). */
function release(lock: string, token: string): void {
  let held: string | undefined;
  try {
    held = readFileSync(lock, 'utf8');
  } catch {
    return; // gone: nothing of ours to remove
  }
  if (held === token) rmSync(lock, { force: true });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
