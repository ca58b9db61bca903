// The run history (README "Run history"): each run's results.json kept gzipped under
// `.cxas-eval/runs/` (config `history: {dir, keep}`), with `index.json` listing them oldest first.
// Recording never fails or holds up a run: any error is one warning on stderr (an index that cannot
// be read is rebuilt from the stored runs, and that is the warning), and a large run's
// copy is compressed by a detached process after the run has ended (a copy of a 12 MB results.json
// costs milliseconds; gzipping it in the run's process cost about 0.3 s of its tail). A small one
// (up to COMPRESS_HERE_BYTES) is gzipped in the run's process, which is cheaper than starting one.
import { spawn } from 'node:child_process';
import {
  constants as fsConstants,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { access, copyFile, readFile, rm, writeFile, rename } from 'node:fs/promises';
import * as path from 'node:path';
import { constants as zlibConstants, gunzipSync, gzipSync } from 'node:zlib';
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
  return indexEntries(file, text);
}

/** The entries of the index `file` holding `text`; throws when it is not an index. */
function indexEntries(file: string, text: string): HistoryEntry[] {
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

/**
 * Stores the run and prunes the oldest beyond `keep`. Returns a warning instead of throwing.
 *
 * A run up to COMPRESS_HERE_BYTES (the demo's is ~60 kB) is gzipped in memory and stored, and the
 * index updated, with synchronous file calls: it is a few small files at the very end of a run,
 * and as ~40 round trips to libuv's thread pool (each read, write and close one of them) it took
 * 7–9 ms of the demo run's wall time, against ~1 ms this way. The stored file is there before the
 * index lists it. A larger run is copied and compressed by a detached process (compressLater).
 */
export async function recordRun(result: RunResult, opts: RecordOptions): Promise<string | undefined> {
  try {
    mkdirSync(opts.dir, { recursive: true });
    const file = `${result.startedAt.replace(/[:.]/g, '-')}-${result.runId}.json.gz`;
    const gz = path.join(opts.dir, file);
    const stored = storedForm(result, opts.resultsFile);
    if (!stored.small) return await recordLarge(stored, opts, file, gz);
    writeAtomically(gz, gzipSync(stored.text, { level: zlibConstants.Z_BEST_SPEED }));
    const { kept, warning } = await withHistoryLock(opts.dir, () => addToIndex(result, opts, file));
    if (!kept.some((r) => r.file === file)) rmSync(gz, { force: true });
    return warning;
  } catch (err) {
    return `cxas-eval: warning: the run was not added to the history in ${opts.dir}: ${(err as Error).message}`;
  }
}

/** What is stored: the run's JSON text (results.json as the json reporter wrote it, else rendered). */
type StoredForm =
  | { small: true; text: string | Buffer }
  /** Too large to gzip here: the file to copy, or the text already rendered. */
  | { small: false; result: RunResult; file?: string; text?: string };

function storedForm(result: RunResult, resultsFile: string | undefined): StoredForm {
  const size = resultsFile === undefined ? undefined : statSync(resultsFile, { throwIfNoEntry: false })?.size;
  if (resultsFile !== undefined && size !== undefined)
    return size <= COMPRESS_HERE_BYTES
      ? { small: true, text: readFileSync(resultsFile) }
      : { small: false, result, file: resultsFile };
  const text = JSON.stringify(result);
  // Bytes, not characters: a run of mostly non-ASCII text is up to three times its length in UTF-8.
  return Buffer.byteLength(text) <= COMPRESS_HERE_BYTES ? { small: true, text } : { small: false, result, text };
}

/** A large run: a plain copy first (readers accept it), listed, then gzipped by a detached process. */
async function recordLarge(
  stored: Extract<StoredForm, { small: false }>,
  opts: RecordOptions,
  file: string,
  gz: string,
): Promise<string | undefined> {
  const plain = plainCopyOf(gz);
  await writePlainCopy(plain, stored);
  const { kept, warning } = await withHistoryLock(opts.dir, () => addToIndex(stored.result, opts, file));
  if (!kept.some((r) => r.file === file)) await rm(plain, { force: true });
  else compressLater(plain, gz);
  return warning;
}

/**
 * Under the lock: reads, extends and rewrites the index (two runs ending together must both be
 * listed), removes the runs beyond `keep`, and returns the entries kept, with a warning when the
 * index could not be read and was rebuilt (listedRuns).
 */
function addToIndex(
  result: RunResult,
  opts: RecordOptions,
  file: string,
): { kept: HistoryEntry[]; warning: string | undefined } {
  const reportDir = opts.reportDir ? path.relative(opts.dir, opts.reportDir) || '.' : undefined;
  const { listed, warning } = listedRuns(opts.dir, file);
  const runs = [...listed, entryOf(result, file, reportDir)];
  const keep = runs.slice(Math.max(0, runs.length - opts.keep));
  writeIndex(opts.dir, keep);
  for (const dropped of runs.slice(0, runs.length - keep.length)) {
    const stored = path.join(opts.dir, dropped.file);
    rmSync(stored, { force: true });
    rmSync(plainCopyOf(stored), { force: true });
  }
  return { kept: keep, warning };
}

/**
 * The runs the index lists. A missing index is an empty history; one that cannot be read (truncated,
 * edited, not a file) is not silently replaced, which would orphan every run it listed: it is moved
 * aside (`index.json.bad-<time>`) and the entries are rebuilt from the stored runs in `dir` (all but
 * `newFile`, the run being added), with a warning saying so.
 */
function listedRuns(dir: string, newFile: string): { listed: HistoryEntry[]; warning: string | undefined } {
  const indexFile = path.join(dir, HISTORY_INDEX);
  let problem: string;
  try {
    return { listed: indexEntries(indexFile, readFileSync(indexFile, 'utf8')), warning: undefined };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { listed: [], warning: undefined };
    problem = (err as Error).message;
  }
  const aside = `${HISTORY_INDEX}.bad-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(indexFile, path.join(dir, aside));
  const { entries, unreadable } = storedEntries(dir, newFile);
  const runs = `${entries.length} stored run${entries.length === 1 ? '' : 's'}`;
  const leftOut = unreadable.length ? ` (left out, unreadable: ${unreadable.join(', ')})` : '';
  return {
    listed: entries,
    warning: `cxas-eval: warning: ${problem}; rebuilt it from the ${runs}${leftOut}; the bad index is kept as ${aside}`,
  };
}

/** The index entries of the runs stored in `dir` (gzipped, or a plain copy not yet compressed), oldest first. */
function storedEntries(dir: string, newFile: string): { entries: HistoryEntry[]; unreadable: string[] } {
  const names = new Set(readdirSync(dir));
  const entries: HistoryEntry[] = [];
  const unreadable: string[] = [];
  for (const name of [...names].sort()) {
    // An entry names the gzipped file; its plain copy stands for it until the compression ends.
    const gz = name.endsWith('.json.gz') ? name : name.endsWith('.json') && name !== HISTORY_INDEX ? `${name}.gz` : '';
    if (!gz || gz === newFile || (gz !== name && names.has(gz))) continue;
    // A plain copy compressed meanwhile is read from its gzipped file.
    const result = storedRun(path.join(dir, name)) ?? (gz === name ? undefined : storedRun(path.join(dir, gz)));
    if (result) entries.push(entryOf(result, gz, undefined));
    else unreadable.push(name);
  }
  entries.sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
  return { entries, unreadable };
}

/** A stored run's result, or undefined when the file is not one (it is then left as it is). */
function storedRun(file: string): RunResult | undefined {
  try {
    const bytes = readFileSync(file);
    const r = JSON.parse((file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8')) as RunResult | null;
    const looksLikeRun =
      typeof r?.runId === 'string' &&
      typeof r.startedAt === 'string' &&
      typeof r.status === 'string' &&
      typeof r.summary === 'object' &&
      typeof r.target === 'object';
    return looksLikeRun ? r : undefined;
  } catch {
    return undefined;
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
async function writePlainCopy(target: string, stored: Extract<StoredForm, { small: false }>): Promise<void> {
  const partial = `${target}.partial`;
  const copied = stored.file
    ? await copyFile(stored.file, partial, fsConstants.COPYFILE_FICLONE).then(
        () => true,
        () => false,
      )
    : false;
  if (!copied) await writeFile(partial, stored.text ?? JSON.stringify(stored.result));
  await rename(partial, target);
}

/**
 * Up to this size a run is gzipped here, in memory (a few milliseconds at most); a larger one (a
 * run of 2,000 conversations writes 12 MB) by a detached process, so that the run ends without
 * waiting for it. Starting that process costs more than gzipping a small file: a fork of this
 * process, and a Node start (~50 ms of CPU) beside whatever runs next.
 */
const COMPRESS_HERE_BYTES = 1024 * 1024;

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

function writeIndex(dir: string, runs: HistoryEntry[]): void {
  const index: HistoryIndex = { version: INDEX_VERSION, runs };
  writeAtomically(path.join(dir, HISTORY_INDEX), `${JSON.stringify(index, null, 1)}\n`);
}

/** Written under another name and renamed: a reader sees the old file or the whole new one. */
function writeAtomically(file: string, data: string | Buffer): void {
  const partial = `${file}.partial`;
  try {
    writeFileSync(partial, data);
    renameSync(partial, file);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
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
