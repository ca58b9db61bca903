// The CLI's compile cache (src/cli/compile-cache.ts, issue 33): the first start writes V8's code
// cache of the files it compiled, the next start uses it, data V8 refuses is replaced, entries of
// earlier versions and old ones are dropped, and NODE_DISABLE_COMPILE_CACHE turns it off.
// Node 22.1+ caches by itself (module.enableCompileCache): there only "something was cached" is
// checked, the rest is Node's own.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TOOL_VERSION } from '../../src/package-root.js';
import { CLI, ROOT } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cxas-compile-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const nativeCache = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

/** `cxas-eval <flag>` with the cache in `cacheDir`; its debug lines as [event, file or entry path]. */
function version(cacheDir: string, env: NodeJS.ProcessEnv = {}, flag = '--version'): Array<[string, string]> {
  const res = spawnSync(process.execPath, [CLI, flag], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_COMPILE_CACHE: cacheDir, NODE_DEBUG: 'cxas-compile-cache', ...env },
  });
  expect(res.status, res.stderr).toBe(0);
  expect(res.stdout.trim()).toEqual(flag === '--version' ? TOOL_VERSION : expect.stringContaining('Usage'));
  return [...res.stderr.matchAll(/^CXAS-COMPILE-CACHE \d+: (\w+) (.+)$/gm)].map((m) => [m[1]!, m[2]!]);
}

const only = (events: Array<[string, string]>, event: string): string[] =>
  events.filter(([e]) => e === event).map(([, file]) => file);
/** An entry's name starts with the hash of its command's set and file path (src/cli/compile-cache.ts). */
const entryId = (file: string, profile = 'version'): string =>
  createHash('sha256').update(`${profile}\0${file}`).digest('hex').slice(0, 32);

/** The one directory the CLI keeps its entries in, under the cache root. */
function entriesDir(cacheDir: string): string {
  const [sub] = readdirSync(cacheDir);
  return path.join(cacheDir, sub!);
}

describe.skipIf(nativeCache)('compile cache (Node 20)', () => {
  const cacheDir = path.join(dir, 'cache');
  let loaded: string[] = [];

  it('writes the cache of every file it compiled, privately, then starts from it', () => {
    const first = version(cacheDir);
    loaded = only(first, 'miss');
    expect(loaded).toContainEqual(expect.stringMatching(/dist\/bin\/main-.*\.js$/));
    expect(
      only(first, 'wrote')
        .map((entry) => path.basename(entry).slice(0, 32))
        .sort(),
    ).toEqual(loaded.map((file) => entryId(file)).sort());
    const entries = entriesDir(cacheDir);
    expect(statSync(entries).mode & 0o777).toBe(0o700);
    expect(readdirSync(entries)).toHaveLength(loaded.length);

    const second = version(cacheDir);
    expect(second.filter(([event]) => event !== 'hit')).toEqual([]);
    expect(only(second, 'hit').sort()).toEqual([...loaded].sort());
  });

  it('replaces data V8 refuses; drops older versions of the file and entries a week old', () => {
    const entries = entriesDir(cacheDir);
    const damaged = readdirSync(entries).find((name) => name.startsWith(entryId(loaded[0]!)))!;
    writeFileSync(path.join(entries, damaged), 'not a code cache');
    const olderVersion = `${entryId(loaded[0]!)}-10-10`;
    const [stale, kept] = [`${'a'.repeat(32)}-10-10`, `${'b'.repeat(32)}-10-10`];
    for (const name of [olderVersion, stale, kept]) writeFileSync(path.join(entries, name), 'an earlier build');
    const weekAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    utimesSync(path.join(entries, stale), weekAgo, weekAgo);

    const events = version(cacheDir);
    expect(events.filter(([event]) => event !== 'hit')).toEqual([
      ['rejected', loaded[0]],
      ['wrote', path.join(entries, damaged)],
    ]);
    const left = readdirSync(entries);
    expect(left).toContain(kept);
    expect(left).not.toContain(olderVersion);
    expect(left).not.toContain(stale);
    expect(version(cacheDir).filter(([event]) => event !== 'hit')).toEqual([]);
  });

  it('keeps a set per command: another command neither uses nor drops the entries of the first', () => {
    const entries = entriesDir(cacheDir);
    const before = readdirSync(entries).sort();
    const help = version(cacheDir, {}, '--help');
    expect(only(help, 'hit')).toEqual([]);
    expect(
      only(help, 'wrote')
        .map((entry) => path.basename(entry).slice(0, 32))
        .sort(),
    ).toEqual(
      only(help, 'miss')
        .map((file) => entryId(file, 'help'))
        .sort(),
    );
    expect(readdirSync(entries)).toEqual(expect.arrayContaining(before));
    expect(version(cacheDir).filter(([event]) => event !== 'hit')).toEqual([]);
  });

  it('is off in a directory others can write to (whoever can replace an entry chooses the code run)', () => {
    const shared = path.join(dir, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    expect(version(shared)).toEqual([['off', `${shared} is not a private directory of this user`]]);
  });

  it('is off with NODE_DISABLE_COMPILE_CACHE', () => {
    const off = path.join(dir, 'off');
    expect(version(off, { NODE_DISABLE_COMPILE_CACHE: '1' })).toEqual([]);
    expect(() => readdirSync(off)).toThrow();
  });
});

describe.skipIf(!nativeCache)('compile cache (Node 22.1+)', () => {
  it("uses Node's own", () => {
    const cacheDir = path.join(dir, 'native');
    version(cacheDir);
    expect(readdirSync(cacheDir).length).toBeGreaterThan(0);
  });

  it('hands Node a private directory per command, and none that others can write to', () => {
    const temp = path.join(dir, 'tmp');
    mkdirSync(temp);
    // No NODE_COMPILE_CACHE: the CLI picks the directory, under the temp directory.
    const env = { NODE_COMPILE_CACHE: undefined, TMPDIR: temp };
    const base = path.join(temp, `cxas-eval-compile-cache-${process.getuid!()}`);
    expect(version('', env)).toEqual([]);
    expect(statSync(path.join(base, 'version')).mode & 0o777).toBe(0o700);
    expect(readdirSync(path.join(base, 'version')).length).toBeGreaterThan(0);
    rmSync(base, { recursive: true });
    mkdirSync(base, { mode: 0o777 });
    chmodSync(base, 0o777);
    expect(version('', env)).toEqual([['off', `${base} is not a private directory of this user`]]);
    expect(readdirSync(base)).toEqual([]);
  });
});
