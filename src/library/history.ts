// The run history (README "Run history"): each run's results.json kept gzipped under
// `.cxas-eval/runs/` (config `history: {dir, keep}`), with `index.json` listing them oldest first.
// Recording never fails or holds up a run: any error is one warning on stderr, and a large run's
// copy is compressed by a detached process after the run has ended (a copy of a 12 MB results.json
// costs milliseconds; gzipping it in the run's process cost about 0.3 s of its tail). A small one
// (up to COMPRESS_HERE_BYTES) is gzipped in the run's process, which is cheaper than starting one.
import { spawn } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, copyFile, mkdir, readFile, rm, stat, writeFile, rename } from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { constants as zlibConstants, gzip } from 'node:zlib';
import type { RunResult, RunSummary, Verdict } from '../model/result.js';
import { withHistoryLock } from './history-lock.js';

const HISTORY_INDEX = 'index.json';
const INDEX_VERSION = 1;

/** One stored run, as `cxas-eval runs` lists it. */
export interface HistoryEntry {
  runId: string;
  /** The gzipped results.json, relative to the history directory. */
  file: string;
  startedAt: string;
  durationMs: number;
  status: Verdict;
  summary: RunSummary;
  app?: string;
  /** Emulator runs: the app file's hash; otherwise the deployment, when known. */
  version?: string;
  commit?: string;
  dirty?: boolean;
  /** A rescored or replayed run: the run it was derived from. */
  from?: string;
  /** The report directory the run wrote, relative to the history directory (a replay reads its WAVs there). */
  reportDir?: string;
}

interface HistoryIndex {
  version: typeof INDEX_VERSION;
  runs: HistoryEntry[];
}

/** The entries, oldest first; a missing index is an empty history, an unreadable one an error. */
export async function readHistory(dir: string): Promise<HistoryEntry[]> {
  const file = path.join(dir, HISTORY_INDEX);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`${file}: cannot read (${(err as Error).message})`);
  }
  let index: unknown;
  try {
    index = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: invalid JSON (${(err as Error).message})`);
  }
  if (!isIndex(index)) throw new Error(`${file}: not a cxas-eval run history index`);
  return index.runs;
}

function isIndex(v: unknown): v is HistoryIndex {
  const runs = (v as { runs?: unknown } | null)?.runs;
  return (
    (v as { version?: unknown } | null)?.version === INDEX_VERSION &&
    Array.isArray(runs) &&
    runs.every((r) => typeof (r as HistoryEntry).runId === 'string' && typeof (r as HistoryEntry).file === 'string')
  );
}

export interface RecordOptions {
  dir: string;
  keep: number;
  /** results.json as the json reporter wrote it, when it did: gzipped as is (no second rendering). */
  resultsFile?: string;
  /** The run's report directory (where its audio is). */
  reportDir?: string;
}

/** Stores the run and prunes the oldest beyond `keep`. Returns a warning instead of throwing. */
export async function recordRun(result: RunResult, opts: RecordOptions): Promise<string | undefined> {
  try {
    await mkdir(opts.dir, { recursive: true });
    const file = `${result.startedAt.replace(/[:.]/g, '-')}-${result.runId}.json.gz`;
    const gz = path.join(opts.dir, file);
    const plain = plainCopyOf(gz);
    await writePlainCopy(plain, result, opts.resultsFile);
    // Read, extend and rewrite the index under the lock: two runs ending together must both be listed.
    const kept = await withHistoryLock(opts.dir, async () => {
      const reportDir = opts.reportDir ? path.relative(opts.dir, opts.reportDir) || '.' : undefined;
      const runs = [...(await readHistory(opts.dir).catch(() => [])), entryOf(result, file, reportDir)];
      const keep = runs.slice(Math.max(0, runs.length - opts.keep));
      await writeIndex(opts.dir, keep);
      const dropped = runs.slice(0, runs.length - keep.length).map((r) => path.join(opts.dir, r.file));
      await Promise.all(dropped.flatMap((f) => [rm(f, { force: true }), rm(plainCopyOf(f), { force: true })]));
      return keep;
    });
    if (!kept.some((r) => r.file === file)) await rm(plain, { force: true });
    else if ((await stat(plain)).size <= COMPRESS_HERE_BYTES) await compressHere(plain, gz);
    else compressLater(plain, gz);
    return undefined;
  } catch (err) {
    return `cxas-eval: warning: the run was not added to the history in ${opts.dir}: ${(err as Error).message}`;
  }
}

/** An entry's file before its compression has finished: the same name without `.gz`. */
function plainCopyOf(gzFile: string): string {
  return gzFile.replace(/\.gz$/, '');
}

/**
 * The stored file of an entry: the gzipped copy, or the plain copy while the detached compression
 * (compressLater) has not finished. A plain copy gone between the two checks was just compressed.
 */
export async function storedRunFile(dir: string, entry: HistoryEntry): Promise<string> {
  const gz = path.join(dir, entry.file);
  if (await exists(gz)) return gz;
  const plain = plainCopyOf(gz);
  return (await exists(plain)) ? plain : gz;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** results.json as the json reporter wrote it (copied, cloned where the file system can), or rendered. */
async function writePlainCopy(target: string, result: RunResult, resultsFile: string | undefined): Promise<void> {
  const partial = `${target}.partial`;
  const copied = resultsFile
    ? await copyFile(resultsFile, partial, fsConstants.COPYFILE_FICLONE).then(
        () => true,
        () => false,
      )
    : false;
  if (!copied) await writeFile(partial, JSON.stringify(result));
  await rename(partial, target);
}

/**
 * Up to this size the plain copy is gzipped here, which takes a few milliseconds; a larger one (a
 * run of 2,000 conversations writes 12 MB) by a detached process, so that the run ends without
 * waiting for it. Starting that process costs more than gzipping a small file: a fork of this
 * process, and a Node start (~50 ms of CPU) beside whatever runs next.
 */
const COMPRESS_HERE_BYTES = 1024 * 1024;
const gzipped = promisify(gzip);

/** Gzips the plain copy as COMPRESS_SOURCE does, in this process; a failure leaves the plain copy. */
async function compressHere(plain: string, gz: string): Promise<void> {
  const partial = `${gz}.partial`;
  try {
    await writeFile(partial, await gzipped(await readFile(plain), { level: zlibConstants.Z_BEST_SPEED }));
    // A run ending meanwhile may have pruned this entry (it removes the plain copy): leave no orphan.
    if (!(await exists(plain))) return await rm(partial, { force: true });
    await rename(partial, gz);
    await rm(plain, { force: true });
  } catch {
    await rm(partial, { force: true }).catch(() => {});
  }
}

/**
 * Gzips the plain copy (level 1: JSON still shrinks about tenfold) in a detached Node process that
 * outlives this one, then removes the plain copy. The source is inline so it needs no file of the
 * package (the CLI is bundled). A failure leaves the plain copy, which readers accept.
 */
const COMPRESS_SOURCE = `
import { createReadStream, createWriteStream } from 'node:fs';
import { access, rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { constants, createGzip } from 'node:zlib';
const [plain, gz] = process.argv.slice(-2);
const partial = gz + '.partial';
try {
  await pipeline(createReadStream(plain), createGzip({ level: constants.Z_BEST_SPEED }), createWriteStream(partial));
  // A later run may have pruned this entry meanwhile (it removes the plain copy): leave no orphan.
  const pruned = await access(plain).then(() => false, () => true);
  if (pruned) await rm(partial, { force: true });
  else {
    await rename(partial, gz);
    await rm(plain, { force: true });
  }
} catch {
  await rm(partial, { force: true }).catch(() => {});
}
`;

function compressLater(plain: string, gz: string): void {
  try {
    const child = spawn(process.execPath, ['--input-type=module', '-e', COMPRESS_SOURCE, plain, gz], {
      detached: true,
      stdio: 'ignore',
      windowsHide: true,
    });
    child.on('error', () => {}); // the plain copy stays readable
    child.unref();
  } catch {
    // as above: the plain copy stays readable
  }
}

async function writeIndex(dir: string, runs: HistoryEntry[]): Promise<void> {
  const file = path.join(dir, HISTORY_INDEX);
  const index: HistoryIndex = { version: INDEX_VERSION, runs };
  await writeFile(`${file}.partial`, `${JSON.stringify(index, null, 1)}\n`);
  await rename(`${file}.partial`, file);
}

function entryOf(r: RunResult, file: string, reportDir: string | undefined): HistoryEntry {
  const target = r.identity?.target;
  const version = target?.appHash ? `app ${target.appHash.slice(0, 12)}` : target?.deployment;
  const from = r.rescoredFrom ?? r.replayedFrom;
  return {
    runId: r.runId,
    file,
    startedAt: r.startedAt,
    durationMs: r.durationMs,
    status: r.status,
    summary: r.summary,
    ...(r.target.app ? { app: r.target.app } : {}),
    ...(version ? { version } : {}),
    ...(r.identity?.git ? { commit: r.identity.git.commit } : {}),
    ...(r.identity?.git?.dirty !== undefined ? { dirty: r.identity.git.dirty } : {}),
    ...(from ? { from: `${r.rescoredFrom ? 'rescored' : 'replayed'} from ${from.runId}` } : {}),
    ...(reportDir ? { reportDir } : {}),
  };
}
