// The run history (README "Run history"): each run's results.json kept gzipped under
// `.cxas-eval/runs/` (config `history: {dir, keep}`), with `index.json` listing them oldest first.
// Recording never fails or holds up a run: any error is one warning on stderr.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createGzip } from 'node:zlib';
import type { RunResult, RunSummary, Verdict } from '../model/result.js';

export const HISTORY_INDEX = 'index.json';
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
}

/** Stores the run and prunes the oldest beyond `keep`. Returns a warning instead of throwing. */
export async function recordRun(result: RunResult, opts: RecordOptions): Promise<string | undefined> {
  try {
    await mkdir(opts.dir, { recursive: true });
    const file = `${result.startedAt.replace(/[:.]/g, '-')}-${result.runId}.json.gz`;
    await writeGzip(path.join(opts.dir, file), result, opts.resultsFile);
    const runs = [...(await readHistory(opts.dir).catch(() => [])), entryOf(result, file)];
    const kept = runs.slice(Math.max(0, runs.length - opts.keep));
    await writeIndex(opts.dir, kept);
    const dropped = runs.slice(0, runs.length - kept.length);
    await Promise.all(dropped.map((r) => rm(path.join(opts.dir, r.file), { force: true })));
    return undefined;
  } catch (err) {
    return `cxas-eval: warning: the run was not added to the history in ${opts.dir}: ${(err as Error).message}`;
  }
}

/** Level 1: the history copy must cost the run next to nothing; JSON still shrinks about tenfold. */
async function writeGzip(target: string, result: RunResult, resultsFile: string | undefined): Promise<void> {
  const partial = `${target}.partial`;
  const source = resultsFile ? await openIfExists(resultsFile) : undefined;
  await pipeline(
    source ?? Readable.from([JSON.stringify(result)]),
    createGzip({ level: constants.Z_BEST_SPEED }),
    createWriteStream(partial),
  );
  await rename(partial, target);
}

async function openIfExists(file: string): Promise<Readable | undefined> {
  const stream = createReadStream(file);
  return new Promise((resolve) => {
    stream.once('open', () => resolve(stream));
    stream.once('error', () => resolve(undefined));
  });
}

async function writeIndex(dir: string, runs: HistoryEntry[]): Promise<void> {
  const file = path.join(dir, HISTORY_INDEX);
  const index: HistoryIndex = { version: INDEX_VERSION, runs };
  await writeFile(`${file}.partial`, `${JSON.stringify(index, null, 1)}\n`);
  await rename(`${file}.partial`, file);
}

function entryOf(r: RunResult, file: string): HistoryEntry {
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
  };
}
