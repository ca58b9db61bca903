// The CLI's compile cache (src/cli/compile-cache.ts, issue 33): the first start writes V8's code
// cache of the files it compiled, the next start uses it, data V8 refuses is replaced, entries of
// earlier versions and old ones are dropped, and NODE_DISABLE_COMPILE_CACHE turns it off. The same
// on every Node; on Node 22.1+ with NODE_COMPILE_CACHE set, Node's own cache does the work.
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

/** The cache's base directory, as the CLI makes it in the temp directory `temp`. */
const baseIn = (temp: string): string => path.join(temp, `cxas-eval-compile-cache-${process.getuid!()}`);

/** A new temp directory for the CLI (TMPDIR), in which it makes the cache's base. */
function newTemp(name: string): string {
  const temp = path.join(dir, name);
  mkdirSync(temp);
  return temp;
}

/** `cxas-eval <flag>` with the temp directory `temp`; its debug lines as [event, file or entry path]. */
function version(temp: string, env: NodeJS.ProcessEnv = {}, flag = '--version'): Array<[string, string]> {
  const res = spawnSync(process.execPath, [CLI, flag], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, TMPDIR: temp, NODE_COMPILE_CACHE: undefined, NODE_DEBUG: 'cxas-compile-cache', ...env },
  });
  expect(res.status, res.stderr).toBe(0);
  expect(res.stdout.trim()).toEqual(flag === '--version' ? TOOL_VERSION : expect.stringContaining('Usage'));
  return [...res.stderr.matchAll(/^CXAS-COMPILE-CACHE \d+: (\w+) (.+)$/gm)].map((m) => [m[1]!, m[2]!]);
}

/** `cxas-eval <args>` with the temp directory `temp`, from the repository; its debug lines as in `version`. */
function cli(temp: string, args: string[]): Array<[string, string]> {
  const res = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, TMPDIR: temp, NODE_COMPILE_CACHE: undefined, NODE_DEBUG: 'cxas-compile-cache' },
  });
  expect(res.status, res.stderr).toBe(0);
  return [...res.stderr.matchAll(/^CXAS-COMPILE-CACHE \d+: (\w+) (.+)$/gm)].map((m) => [m[1]!, m[2]!]);
}

/** The entries in the directory (not the sweep's marker, src/cli/cache-dir.ts). */
const entryNames = (entries: string): string[] => readdirSync(entries).filter((name) => name !== '.swept');

/** Every entry in `entries` last written or checked two hours ago. */
function age(entries: string): void {
  const then = new Date(Date.now() - 2 * 3600 * 1000);
  for (const name of readdirSync(entries)) utimesSync(path.join(entries, name), then, then);
}

const only = (events: Array<[string, string]>, event: string): string[] =>
  events.filter(([e]) => e === event).map(([, file]) => file);
/** An entry's name starts with the hash of its command's set and file path (src/cli/compile-cache.ts). */
const entryId = (file: string, profile = 'version'): string =>
  createHash('sha256').update(`${profile}\0${file}`).digest('hex').slice(0, 32);

/** The id of the main chunk's entry in `profile`, from a start's misses. */
const mainEntryId = (events: Array<[string, string]>, profile: string): string =>
  entryId(
    only(events, 'miss').find((file) => /dist\/bin\/main-.*\.js$/.test(file))!,
    profile,
  );

/** The directory the CLI keeps its entries in, under the cache's base: one per Node version. */
const entriesDir = (base: string): string => path.join(base, `${process.version}-${process.arch}`);

describe('compile cache', () => {
  const temp = newTemp('tmp');
  const cacheDir = baseIn(temp);
  let loaded: string[] = [];

  it('writes the cache of every file it compiled, privately, then starts from it', () => {
    const first = version(temp);
    loaded = only(first, 'miss');
    expect(loaded).toContainEqual(expect.stringMatching(/dist\/bin\/main-.*\.js$/));
    expect(
      only(first, 'wrote')
        .map((entry) => path.basename(entry).slice(0, 32))
        .sort(),
    ).toEqual(loaded.map((file) => entryId(file)).sort());
    const entries = entriesDir(cacheDir);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    expect(statSync(entries).mode & 0o777).toBe(0o700);
    expect(entryNames(entries)).toHaveLength(loaded.length);

    const second = version(temp);
    expect(second.filter(([event]) => event !== 'hit')).toEqual([]);
    expect(only(second, 'hit').sort()).toEqual([...loaded].sort());
  });

  it('replaces data V8 refuses; drops older versions of the file and, looking hourly, entries a week old', () => {
    const entries = entriesDir(cacheDir);
    const hoursAgo = new Date(Date.now() - 2 * 3600 * 1000);
    utimesSync(path.join(entries, '.swept'), hoursAgo, hoursAgo); // last looked at two hours ago
    const damaged = readdirSync(entries).find((name) => name.startsWith(entryId(loaded[0]!)))!;
    writeFileSync(path.join(entries, damaged), 'not a code cache');
    const olderVersion = `${entryId(loaded[0]!)}-10-10`;
    const [stale, kept] = [`${'a'.repeat(32)}-10-10`, `${'b'.repeat(32)}-10-10`];
    for (const name of [olderVersion, stale, kept]) writeFileSync(path.join(entries, name), 'an earlier build');
    const weekAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    utimesSync(path.join(entries, stale), weekAgo, weekAgo);

    const events = version(temp);
    expect(events.filter(([event]) => event !== 'hit')).toEqual([
      ['rejected', loaded[0]],
      ['wrote', path.join(entries, damaged)],
    ]);
    const left = readdirSync(entries);
    expect(left).toContain(kept);
    expect(left).not.toContain(olderVersion);
    expect(left).not.toContain(stale);
    expect(version(temp).filter(([event]) => event !== 'hit')).toEqual([]);
  });

  it('keeps a set per command: another command neither uses nor drops the entries of the first', () => {
    const entries = entriesDir(cacheDir);
    const before = readdirSync(entries).sort();
    const help = version(temp, {}, '--help');
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
    expect(version(temp).filter(([event]) => event !== 'hit')).toEqual([]);
  });

  it('replaces an entry an hour old when the process ran more of its file, else checks it again an hour later', () => {
    const fresh = newTemp('refresh');
    const entries = entriesDir(baseIn(fresh));
    // `validate --help` runs little of the main chunk; `validate specs/demo` (the same set) much more.
    const help = cli(fresh, ['validate', '--help']);
    const main = only(help, 'wrote').find((entry) => path.basename(entry).startsWith(mainEntryId(help, 'validate')))!;
    const helpSize = statSync(main).size;
    const validate = (): Array<[string, string]> => cli(fresh, ['validate', 'specs/demo']);

    expect(only(validate(), 'refreshed')).toEqual([]); // written a moment ago: taken as it is
    age(entries);
    const refreshed = validate();
    expect(only(refreshed, 'refreshed')).toContain(main);
    expect(statSync(main).size).toBeGreaterThan(helpSize * 1.02);

    age(entries);
    const checked = validate();
    expect(only(checked, 'refreshed')).toEqual([]);
    expect(only(checked, 'checked')).toContain(main);
    expect(Date.now() - statSync(main).mtimeMs).toBeLessThan(60_000);
    expect(validate().filter(([event]) => event !== 'hit')).toEqual([]);
  });

  it('is off in a directory others can write to (whoever can replace an entry chooses the code run)', () => {
    const shared = newTemp('shared');
    const base = baseIn(shared);
    mkdirSync(base);
    chmodSync(base, 0o777);
    expect(version(shared)).toEqual([['off', `${base} is not a private directory of this user`]]);
    expect(readdirSync(base)).toEqual([]);
  });

  it('is off with NODE_DISABLE_COMPILE_CACHE', () => {
    const off = newTemp('off');
    expect(version(off, { NODE_DISABLE_COMPILE_CACHE: '1' })).toEqual([]);
    expect(readdirSync(off)).toEqual([]);
  });
});

describe('compile cache in NODE_COMPILE_CACHE', () => {
  it.skipIf(nativeCache)('is the base of the cache on Node 20', () => {
    const chosen = path.join(dir, 'chosen');
    const events = version(newTemp('unused'), { NODE_COMPILE_CACHE: chosen });
    expect(only(events, 'miss')).toContainEqual(expect.stringMatching(/dist\/bin\/main-.*\.js$/));
    expect(entryNames(entriesDir(chosen)).length).toBe(only(events, 'wrote').length);
  });

  it.skipIf(!nativeCache)("is Node's own cache's directory on Node 22.1+", () => {
    const chosen = path.join(dir, 'native');
    const temp = newTemp('untouched');
    expect(version(temp, { NODE_COMPILE_CACHE: chosen })).toEqual([]);
    expect(readdirSync(chosen).length).toBeGreaterThan(0);
    expect(readdirSync(temp)).toEqual([]);
  });
});
