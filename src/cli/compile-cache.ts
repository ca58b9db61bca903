// A V8 code cache for the CLI (issue 33, docs/architecture.md "Start-up cost"): every start of
// `cxas-eval` compiles the same few megabytes of JavaScript (the bundle, the precompiled schema
// validators, junit-report-builder...), and V8 can keep what it compiled (bytecode of the functions
// that ran) to reuse next time. This module does it for the CommonJS files loaded after it (the
// bundle is CommonJS, scripts/bundle-cli.mjs), through `vm.Script`'s `cachedData`, on every Node.
// Node 22.1+ has a compile cache of its own (`module.enableCompileCache()`), but it keeps the data
// V8 gives right after compiling a file: the top-level code, with every function inside still to be
// compiled when first called. This module asks V8 at exit, when the data holds every function that
// ran. With it the demo run took 394 against 473 ms on Node 22 and 368 against 413 ms on Node 24,
// validate 159 against 179 and 141 against 177 ms (medians of 11 alternating starts each).
//
// The cache lives in the temp directory (or NODE_COMPILE_CACHE on Node 20), in a directory per user
// and Node version, readable by its owner only. Each command keeps its own set (`profile`, the
// subcommand): the data written at exit holds the functions that ran, so a cache written by
// `--version` left most of `run` to be compiled again at every start (the demo run was 318 against
// 338 ms, medians of 15 alternating starts). An entry is keyed by the file's path, the profile, size
// and mtime; V8 also rejects data from another V8 or other flags, and the file is then compiled anew
// and its entry replaced. Entries are written at exit for files that had none. The first process
// to load a file may have run little of it (a suite's first small spec, a `--help`), and every
// later one would compile the rest anew (the demo run took 227 instead of 202 ms with the entries
// the test suite left): so an entry older than an hour is compared at exit with what the process
// holds, replaced when that is more, else touched to be checked again an hour later. Writing drops
// other versions of the same file, and the directory is kept bounded (cache-dir.ts: entries untouched
// for a week go, then the oldest beyond 128 MB; looked at at most hourly). NODE_DISABLE_COMPILE_CACHE=1
// turns it off (as in Node 22); NODE_DEBUG=cxas-compile-cache lists hits, misses and writes.
// On Node 22.1+ with NODE_COMPILE_CACHE set, Node's own cache is on from the process's first line,
// in the directory its user chose: it is left to do the work, as they asked.
import { createHash } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as path from 'node:path';
import { debuglog } from 'node:util';
import vm from 'node:vm';
import { privateCacheDir, sweepCacheDir } from './cache-dir.js';

const debug = debuglog('cxas-compile-cache');

/** What Node's CommonJS loader calls to compile a file; not in @types/node. */
interface CompilingModule {
  exports: unknown;
  _compile(content: string, filename: string, ...rest: unknown[]): unknown;
}

/** A script compiled without usable cached data, and the entry its data goes to at exit. */
interface PendingCache {
  entry: string;
  script: vm.Script;
}

/** A script compiled from an entry due to be checked: the data it came with was `size` bytes. */
interface AgedCache extends PendingCache {
  size: number;
}

/** How long an entry is taken to hold what its command runs of the file before it is checked. */
const REFRESH_AFTER_MS = 3600 * 1000;
/** Data this much larger than the entry replaces it: the process ran more of the file. */
const GROWN = 1.02;

interface NativeCompileCache {
  enableCompileCache?: (dir?: string) => unknown;
}

/**
 * Turns the cache on for the CommonJS files loaded from now on, in the set of `command` (what the
 * process is about to do: the CLI passes its subcommand). Never throws.
 */
export function enableCompileCache(command: string | undefined): void {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return;
  const profile = profileName(command);
  const native = (Module as unknown as NativeCompileCache).enableCompileCache;
  try {
    if (typeof native === 'function' && process.env.NODE_COMPILE_CACHE) native();
    else hookCompile(privateCacheDir(`${process.version}-${process.arch}`), profile);
  } catch (err) {
    debug('off %s', (err as Error).message);
  }
}

/** A name safe in a path (`--version` → `version`); anything odd (a file name, a typo) shares one set. */
function profileName(command: string | undefined): string {
  const name = command?.replace(/^-{1,2}/, '');
  return name !== undefined && /^[a-z][a-z-]{0,30}$/.test(name) ? name : 'other';
}

// On Node 20 an import() in a script compiled from cached data fails ("A dynamic import callback
// was not specified"): such a file is compiled the usual way. The bundle turns its on-demand
// package loads into require() (scripts/bundle-cli.mjs); what is left is the custom matchers'
// worker source. JSDoc's `{import('x').T}` is no call.
const DYNAMIC_IMPORT = /(?<![\w$.])(?<!\{\s*)import ?\(/;

/** `includes` first: a native search, while the regular expression would scan every file. */
const mayImport = (content: string): boolean =>
  (content.includes('import(') || content.includes('import (')) && DYNAMIC_IMPORT.test(content);

function hookCompile(cacheDir: string, profile: string): void {
  const prototype = Module.prototype as unknown as CompilingModule;
  const compile = prototype._compile;
  const pending: PendingCache[] = [];
  const aged: AgedCache[] = [];
  prototype._compile = function (this: CompilingModule, content, filename, format, ...rest) {
    const usual = (): unknown => compile.call(this, content, filename, format, ...rest);
    // An ES module loaded by require() is Node's to load (format 'module'; a file of no declared
    // type that turns out to be one fails to compile below and goes the usual way too).
    if (format === 'module' || !path.isAbsolute(filename)) return usual();
    const entry = path.join(cacheDir, entryName(filename, profile));
    const found = readEntry(entry);
    // An entry is written only for a file that passed this scan, and is named by the file's size
    // and mtime: with one, the scan (~1 ms per MB, 5 ms of every run) is not needed again.
    if (!found && mayImport(content)) return usual();
    let script: vm.Script;
    try {
      script = new vm.Script(Module.wrap(withoutHashbang(content)), { filename, cachedData: found?.data });
    } catch {
      return usual(); // Node's loader reports the syntax error as usual
    }
    if (!found || script.cachedDataRejected) pending.push({ entry, script });
    else if (Date.now() - found.mtimeMs > REFRESH_AFTER_MS) aged.push({ entry, script, size: found.data.length });
    debug('%s %s', !found ? 'miss' : script.cachedDataRejected ? 'rejected' : 'hit', filename);
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const dirname = path.dirname(filename);
    return wrapper.call(this.exports, this.exports, createRequire(filename), this, filename, dirname);
  };
  // At exit the scripts hold the bytecode of every function that ran, not only the top level.
  process.once('exit', () => {
    writeEntries(cacheDir, pending);
    refreshEntries(aged);
  });
}

/** `<hash of path and profile>-<size>-<mtime>`: the same file in another version gets another name. */
function entryName(filename: string, profile: string): string {
  const { size, mtimeMs } = statSync(filename);
  const id = createHash('sha256').update(`${profile}\0${filename}`).digest('hex').slice(0, 32);
  return `${id}-${size}-${Math.trunc(mtimeMs)}`;
}

/** The entry's data and when it was last written or checked; one open, as a plain read makes. */
function readEntry(entry: string): { data: Buffer; mtimeMs: number } | undefined {
  let fd: number;
  try {
    fd = openSync(entry, 'r');
  } catch {
    return undefined;
  }
  try {
    const { size, mtimeMs } = fstatSync(fd);
    const data = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, data, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    return { data: data.subarray(0, read), mtimeMs };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Keeps line numbers (the wrapper adds no line) and drops `#!`, which is no JavaScript. */
function withoutHashbang(content: string): string {
  return content.startsWith('#!') ? `//${content}` : content;
}

function writeEntries(cacheDir: string, pending: readonly PendingCache[]): void {
  if (pending.length === 0) return;
  try {
    for (const { entry, script } of pending) {
      writeEntry(entry, script.createCachedData());
      debug('wrote %s', entry);
    }
    dropOlderVersions(cacheDir, new Set(pending.map(({ entry }) => path.basename(entry))));
    sweepCacheDir(cacheDir);
  } catch (err) {
    debug('not written: %s', (err as Error).message);
  }
}

/** Replaces the aged entries the process ran more of; touches the others (checked again in an hour). */
function refreshEntries(aged: readonly AgedCache[]): void {
  const now = new Date();
  for (const { entry, script, size } of aged) {
    try {
      const data = script.createCachedData();
      if (data.length > size * GROWN) {
        writeEntry(entry, data);
        debug('refreshed %s', entry);
      } else {
        utimesSync(entry, now, now);
        debug('checked %s', entry);
      }
    } catch (err) {
      debug('not refreshed: %s', (err as Error).message);
    }
  }
}

function writeEntry(entry: string, data: Buffer): void {
  const partial = `${entry}.${process.pid}.partial`;
  writeFileSync(partial, data, { mode: 0o600 });
  renameSync(partial, entry); // atomic: a process reading it sees the old entry or the whole new one
}

/** Removes other versions of the files just written (by name alone: no file is opened or stat'ed). */
function dropOlderVersions(cacheDir: string, written: ReadonlySet<string>): void {
  const writtenIds = new Set([...written].map((name) => name.split('-')[0]));
  for (const name of readdirSync(cacheDir)) {
    if (writtenIds.has(name.split('-')[0]) && !written.has(name) && !name.endsWith('.partial')) {
      rmSync(path.join(cacheDir, name), { force: true });
    }
  }
}
