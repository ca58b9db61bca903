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
// suite fills the cache over a few starts instead, each paying at most ~30 ms for it. A process that
// wrote hands the directory once to the sweep the CLI gives (src/cli/cache-dir.ts: entries not
// written for a week go, then the oldest beyond a size bound; hits leave entries as they are, so a
// file in use is parsed again once a week). NODE_DEBUG=cxas-yaml-cache lists hits, misses and writes.
//
// It also remembers texts that passed a loader's checks (`checkKey`, `passedBefore`,
// `rememberPassed`): a spec file clean under the schema and every check after it is not checked
// again at the next start while neither its text nor the code that checked it changed. That spares
// the run loading the spec validator (320 kB of generated code) and walking the document: the demo
// run −11 ms, `validate specs/demo` −7 ms (docs/architecture.md "Start-up cost"). Only a pass is
// kept; a text with problems is checked, and its problems reported, every time.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { debuglog } from 'node:util';
import { inputLimits } from './limits.js';
import { PositionTable, type PositionNode } from './position-table.js';

const debug = debuglog('cxas-yaml-cache');
/**
 * Bumped when what an entry holds changes meaning. 2: a text with an integer literal beyond ±2^53 is
 * an error (yaml.ts), so an entry kept for one before must not be read. 3: positions keep how a
 * number or boolean is written (`0042`), which `${each.}` values use. 4: a list, map or null
 * mapping key is an error. 5: a value past `limits.expandedBytes` once its aliases are expanded is an
 * error (expanded-size.ts), and that limit is part of the key.
 */
const FORMAT = 5;
const WRITES_PER_PROCESS = 64;

interface CacheState {
  /** The directory, made and checked private on first use; throws when it cannot be. */
  dir: () => string;
  /** Keeps the directory bounded; called once, after the process's first write. */
  sweep: (dir: string) => void;
  resolved?: string | null;
  swept?: boolean;
  written: number;
}

let state: CacheState | undefined;
/** Identities of code files (identityOf), read once while the cache is on. */
const identities = new Map<string, string>();

/**
 * Turns the cache on for this process; `dir` is called once, on first use (and may throw: then off).
 * `sweep` gets the directory once, after the first write (a failing sweep is only logged).
 */
export function enableYamlCache(dir: () => string, sweep: (dir: string) => void): void {
  state = { dir, sweep, written: 0 };
  identities.clear();
}

/** Tests: the cache off again. */
export function disableYamlCache(): void {
  state = undefined;
  identities.clear();
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
  sweepOnce(dir);
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

const entryFile = (dir: string, text: string): string => path.join(dir, `${keyOf(text)}.json`);

/** The text, the code that parsed it (this file: the bundle's chunk, named by its content) and the limits. */
function keyOf(text: string): string {
  return createHash('sha256')
    .update(`${FORMAT}\0${identityOf(thisFile())}\0${inputLimits().nestingDepth}\0${inputLimits().expandedBytes}\0`)
    .update(text)
    .digest('hex')
    .slice(0, 40);
}

let ownFile: string | undefined;
const thisFile = (): string => (ownFile ??= fileURLToPath(import.meta.url));

/** Path, size and modification time, read once per process: a build rewrites every file it makes. */
function identityOf(file: string): string {
  let identity = identities.get(file);
  if (identity === undefined) {
    const { size, mtimeMs } = statSync(file);
    identity = `${file}\0${size}\0${mtimeMs}`;
    identities.set(file, identity);
  }
  return identity;
}

/**
 * Names `text` as checked by a loader (`kind`) with the code and data in `codeFiles` (the caller's
 * module, the schema file it reads; this module's own file is always in: the bundle is written whole
 * by every build, so one chunk changes with all the others) under the current input limits.
 * Undefined when the cache is off or a code file cannot be read: then nothing is remembered.
 */
export function checkKey(kind: string, codeFiles: readonly string[], text: string): string | undefined {
  if (!cacheDir()) return undefined;
  try {
    const hash = createHash('sha256').update(`${FORMAT}\0passed\0${kind}\0${JSON.stringify(inputLimits())}\0`);
    for (const file of [thisFile(), ...codeFiles]) hash.update(`${identityOf(file)}\0`);
    return hash.update(text).digest('hex').slice(0, 40);
  } catch (err) {
    debug('no check key: %s', (err as Error).message);
    return undefined;
  }
}

const passedFile = (dir: string, key: string): string => path.join(dir, `${key}.passed`);

/** Whether the text `key` names passed the same checks before (see `checkKey`). */
export function passedBefore(key: string | undefined): boolean {
  const dir = cacheDir();
  if (key === undefined || !dir) return false;
  const passed = existsSync(passedFile(dir, key));
  debug('%s %s', passed ? 'passed' : 'unpassed', key);
  return passed;
}

/** Remembers that the text `key` names passed its checks (an empty file: it exists or it does not). */
export function rememberPassed(key: string | undefined): void {
  const dir = cacheDir();
  if (key === undefined || !dir || !state || state.written >= WRITES_PER_PROCESS) return;
  state.written++;
  try {
    writeFileSync(passedFile(dir, key), '', { mode: 0o600 });
    debug('wrote %s.passed', key);
  } catch (err) {
    debug('not written: %s', (err as Error).message);
  }
  sweepOnce(dir);
}

/** Hands the directory to the sweep, once per process. */
function sweepOnce(dir: string): void {
  if (!state || state.swept) return;
  state.swept = true;
  try {
    state.sweep(dir);
  } catch (err) {
    debug('not swept: %s', (err as Error).message);
  }
}
