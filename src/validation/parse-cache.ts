// A disk cache of parsed YAML (docs/architecture.md "Start-up cost"): `validate` and `run` parse the
// same unchanged spec and app files at every start, and parsing is most of validate's own work
// (~30 ms of the demo's 15 kB, in V8's interpreter). A file parsed without errors is kept as its
// plain value and its position table (position-table.ts), under the hash of its text, the parsing
// code and the nesting limit; the next parse of the same text reads them back. Off unless the CLI
// turns it on (`enableYamlCache`), in a directory private to the user (as the compile cache:
// whoever could write an entry would choose what a spec says). An entry that cannot be read or is
// not what was written is a miss: the text is parsed as usual. Entries are written at once (a crash
// loses nothing), at most WRITES_PER_PROCESS of them per process: creating a file took ~0.4 ms on
// the CI machine, which made the first `validate` of 1,000 new files 1.5 to 2 times slower; a large
// suite fills the cache over a few starts instead, each paying at most ~30 ms for it. A sweep, at
// most daily, drops entries not written for a week (hits leave them as they are: a file in use is
// parsed again once a week). NODE_DEBUG=cxas-yaml-cache lists hits, misses and writes on stderr.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { debuglog } from 'node:util';
import { inputLimits } from './limits.js';
import { PositionTable, type PositionNode } from './position-table.js';

const debug = debuglog('cxas-yaml-cache');
/** Bumped when what an entry holds changes meaning. */
const FORMAT = 1;
const DAY_MS = 24 * 3600 * 1000;
const MAX_AGE_MS = 7 * DAY_MS;
const WRITES_PER_PROCESS = 64;

interface CacheState {
  /** The directory, made and checked private on first use; throws when it cannot be. */
  dir: () => string;
  resolved?: string | null;
  swept?: boolean;
  written: number;
}

let state: CacheState | undefined;

/** Turns the cache on for this process; `dir` is called once, on first use (and may throw: then off). */
export function enableYamlCache(dir: () => string): void {
  state = { dir, written: 0 };
}

/** Tests: the cache off again. */
export function disableYamlCache(): void {
  state = undefined;
}

/** Whether a parse now would be kept (the cache is on and this process may still write). */
export const yamlCacheTakes = (): boolean =>
  state !== undefined && state.written < WRITES_PER_PROCESS && cacheDir() !== undefined;

export interface CachedParse {
  value: unknown;
  table: PositionTable;
}

/** What an earlier parse of this very text kept, or undefined. */
export function cachedParse(text: string): CachedParse | undefined {
  const dir = cacheDir();
  if (!dir) return undefined;
  const file = entryFile(dir, text);
  let entry: { value?: unknown; positions?: PositionNode } | undefined;
  try {
    entry = JSON.parse(readFileSync(file, 'utf8')) as typeof entry;
  } catch {
    debug('miss %s', file);
    return undefined;
  }
  if (!entry || !('value' in entry) || typeof entry.positions?.at !== 'object') {
    debug('unreadable %s', file);
    return undefined;
  }
  debug('hit %s', file);
  return { value: entry.value, table: PositionTable.fromJSON(entry.positions) };
}

/** Keeps a parse of `text` (its value as it is now: written before anyone can change it). */
export function keepParse(text: string, value: unknown, table: PositionTable): void {
  const dir = cacheDir();
  if (!dir || !state || state.written >= WRITES_PER_PROCESS) return;
  state.written++;
  const file = entryFile(dir, text);
  const partial = `${file}.${process.pid}.partial`;
  try {
    writeFileSync(partial, JSON.stringify({ value, positions: table }), { mode: 0o600 });
    renameSync(partial, file);
    debug('wrote %s', file);
  } catch (err) {
    debug('not written: %s', (err as Error).message);
    rmSync(partial, { force: true });
  }
  sweepOnceADay(dir);
}

function cacheDir(): string | undefined {
  if (!state) return undefined;
  if (state.resolved === undefined) {
    try {
      state.resolved = state.dir();
    } catch (err) {
      debug('off %s', (err as Error).message);
      state.resolved = null;
    }
  }
  return state.resolved ?? undefined;
}

let codeId: string | undefined;

const entryFile = (dir: string, text: string): string => path.join(dir, `${keyOf(text)}.json`);

/** The text, the code that parsed it (this file: the bundle's chunk, named by its content) and the limit. */
function keyOf(text: string): string {
  codeId ??= identityOf(fileURLToPath(import.meta.url));
  return createHash('sha256')
    .update(`${FORMAT}\0${codeId}\0${inputLimits().nestingDepth}\0`)
    .update(text)
    .digest('hex')
    .slice(0, 40);
}

function identityOf(file: string): string {
  const { size, mtimeMs } = statSync(file);
  return `${file}\0${size}\0${mtimeMs}`;
}

/** Drops entries (and lost partials) not written for a week; looks at most once a day per directory. */
function sweepOnceADay(dir: string): void {
  if (!state || state.swept) return;
  state.swept = true;
  const marker = path.join(dir, '.swept');
  const now = Date.now();
  try {
    if (now - (statSync(marker, { throwIfNoEntry: false })?.mtimeMs ?? 0) < DAY_MS) return;
    writeFileSync(marker, '', { mode: 0o600 });
    utimesSync(marker, now / 1000, now / 1000);
    for (const name of readdirSync(dir)) {
      if (name === '.swept') continue;
      const entry = path.join(dir, name);
      const written = statSync(entry, { throwIfNoEntry: false })?.mtimeMs ?? now;
      if (now - written > MAX_AGE_MS) rmSync(entry, { force: true });
    }
  } catch (err) {
    debug('not swept: %s', (err as Error).message);
  }
}
