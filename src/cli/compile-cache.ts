// A V8 code cache for the bundled CLI (issue 33, docs/architecture.md "Start-up cost"): every start
// of `cxas-eval` compiles the same few megabytes of JavaScript, and V8 can keep what it compiled
// (bytecode of the functions that ran) to reuse next time. Node 22.1+ does this itself
// (`module.enableCompileCache()`, used when present); on Node 20 this module does it for the
// bundle's own files (CommonJS, scripts/bundle-cli.mjs), through `vm.Script`'s `cachedData`.
//
// The cache lives in NODE_COMPILE_CACHE (the variable Node 22 reads) or the temp directory, one
// directory per bundle location and Node version, readable by its owner only. A file is keyed by
// its name (rolldown names chunks by content hash), size and mtime; V8 rejects data from another
// V8 or other flags, and the file is then compiled anew and its cache replaced. Caches are written
// at exit, only for files that had none. NODE_DISABLE_COMPILE_CACHE=1 turns it off (as in Node
// 22); NODE_DEBUG=cxas-compile-cache lists hits, misses and writes on stderr.
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { debuglog } from 'node:util';
import vm from 'node:vm';

const debug = debuglog('cxas-compile-cache');

/** What Node's CommonJS loader calls to compile a file; not in @types/node. */
interface CompilingModule {
  exports: unknown;
  _compile(content: string, filename: string, ...rest: unknown[]): unknown;
}

/** A script compiled without usable cached data, and the file its data goes to at exit. */
interface PendingCache {
  file: string;
  script: vm.Script;
}

interface NativeCompileCache {
  enableCompileCache?: (dir?: string) => unknown;
}

/** Turns the cache on for the CommonJS files of `bundleDir` (the CLI's dist/bin). Never throws. */
export function enableCompileCache(bundleDir: string): void {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return;
  const native = (Module as unknown as NativeCompileCache).enableCompileCache;
  if (typeof native === 'function') {
    native();
    return;
  }
  try {
    hookCompile(bundleDir, cacheDirFor(bundleDir));
  } catch (err) {
    debug('off: %s', (err as Error).message);
  }
}

function cacheDirFor(bundleDir: string): string {
  const base = process.env.NODE_COMPILE_CACHE || path.join(tmpdir(), 'cxas-eval-compile-cache');
  const id = createHash('sha256').update(`${bundleDir}\0${process.version}\0${process.arch}`).digest('hex');
  const dir = path.join(base, id.slice(0, 16));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Cached bytecode is code: a directory someone else owns or can write to is not trusted.
  const own = lstatSync(dir);
  if (!own.isDirectory() || (process.getuid && own.uid !== process.getuid()) || (own.mode & 0o022) !== 0) {
    throw new Error(`${dir} is not a private directory of this user`);
  }
  return dir;
}

// On Node 20 an import() in a script compiled from cached data fails ("A dynamic import callback
// was not specified"): such a file is compiled the usual way. The bundle turns its on-demand
// package loads into require() (scripts/bundle-cli.mjs); what is left is the custom matchers'
// worker source. JSDoc's `{import('x').T}` is no call.
const DYNAMIC_IMPORT = /(?<![\w$.])(?<!\{\s*)import\s*\(/;

function hookCompile(bundleDir: string, cacheDir: string): void {
  const prototype = Module.prototype as unknown as CompilingModule;
  const compile = prototype._compile;
  const toWrite: PendingCache[] = [];
  prototype._compile = function (this: CompilingModule, content, filename, ...rest) {
    if (path.dirname(filename) !== bundleDir || DYNAMIC_IMPORT.test(content)) {
      return compile.call(this, content, filename, ...rest);
    }
    const { size, mtimeMs } = statSync(filename);
    const file = path.join(cacheDir, `${path.basename(filename)}-${size}-${Math.trunc(mtimeMs)}`);
    const cachedData = readCache(file);
    const script = new vm.Script(Module.wrap(withoutHashbang(content)), { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected) toWrite.push({ file, script });
    debug('%s %s', cachedData === undefined ? 'miss' : script.cachedDataRejected ? 'rejected' : 'hit', filename);
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, createRequire(filename), this, filename, bundleDir);
  };
  // At exit the scripts hold the bytecode of every function that ran, not only the top level.
  process.once('exit', () => writeCaches(cacheDir, bundleDir, toWrite));
}

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Keeps line numbers (the wrapper adds no line) and drops `#!`, which is no JavaScript. */
function withoutHashbang(content: string): string {
  return content.startsWith('#!') ? `//${content}` : content;
}

function writeCaches(cacheDir: string, bundleDir: string, scripts: readonly PendingCache[]): void {
  if (scripts.length === 0) return;
  try {
    for (const { file, script } of scripts) {
      const partial = `${file}.${process.pid}.partial`;
      writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
      renameSync(partial, file); // atomic: a process reading it sees the old file or the whole new one
      debug('wrote %s', file);
    }
    dropStale(cacheDir, bundleDir);
  } catch (err) {
    debug('not written: %s', (err as Error).message);
  }
}

/** Removes the entries of files the bundle no longer has, or has in another version (an earlier build). */
function dropStale(cacheDir: string, bundleDir: string): void {
  for (const name of readdirSync(cacheDir)) {
    const entry = /^(.+)-(\d+)-(\d+)$/.exec(name);
    if (!entry) continue; // a .partial another process is writing
    const current = statOrUndefined(path.join(bundleDir, entry[1]!));
    if (current && `${current.size}-${Math.trunc(current.mtimeMs)}` === `${entry[2]}-${entry[3]}`) continue;
    rmSync(path.join(cacheDir, name), { force: true });
  }
}

function statOrUndefined(file: string): { size: number; mtimeMs: number } | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
