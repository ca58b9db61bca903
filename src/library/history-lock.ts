// The history index is read, extended and rewritten by every run that ends; two runs ending together
// (two CI jobs sharing a workspace, a `--watch` re-run and a manual run) would each write their own
// extension and one run would be lost. A lock file taken with O_EXCL serialises the few milliseconds
// of that update. A lock left by a process that died holding it is taken over once it is older than
// STALE_MS; a run that cannot get the lock in time reports the history warning and is otherwise fine.
import { open, readFile, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';

const HISTORY_LOCK = 'index.lock';

export interface LockTiming {
  /** A lock older than this was left by a process that died holding it (the update takes milliseconds). */
  staleMs: number;
  /** How long to wait for another run's update before giving up (a warning, never a failed run). */
  waitMs: number;
}

const DEFAULT_TIMING: LockTiming = { staleMs: 10_000, waitMs: 15_000 };

/** Runs `update` holding the history directory's lock; the lock is released whatever happens. */
export async function withHistoryLock<T>(
  dir: string,
  update: () => Promise<T>,
  timing: LockTiming = DEFAULT_TIMING,
): Promise<T> {
  const lock = path.join(dir, HISTORY_LOCK);
  const token = `${process.pid} ${Date.now()} ${Math.random().toString(36).slice(2)}`;
  await acquire(lock, token, timing);
  try {
    return await update();
  } finally {
    await release(lock, token);
  }
}

async function acquire(lock: string, token: string, timing: LockTiming): Promise<void> {
  const deadline = Date.now() + timing.waitMs;
  for (;;) {
    if (await tryCreate(lock, token)) return;
    await removeIfStale(lock, timing.staleMs);
    if (Date.now() > deadline)
      throw new Error(`${lock} is held by another run (remove it if no cxas-eval run is going on)`);
    await sleep(10 + Math.random() * 40);
  }
}

async function tryCreate(lock: string, token: string): Promise<boolean> {
  try {
    const handle = await open(lock, 'wx');
    try {
      await handle.writeFile(token);
    } finally {
      await handle.close();
    }
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
async function removeIfStale(lock: string, staleMs: number): Promise<void> {
  const seen = await stat(lock).catch(() => undefined);
  if (seen && Date.now() - seen.mtimeMs >= staleMs) await rm(lock, { force: true });
}

/** Removes the lock only if it is still ours (a lock taken over as stale belongs to someone else now). */
async function release(lock: string, token: string): Promise<void> {
  const held = await readFile(lock, 'utf8').catch(() => undefined);
  if (held === token) await rm(lock, { force: true });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
