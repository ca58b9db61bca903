// The bundled CLI's compile cache (src/cli/compile-cache.ts, issue 33): the first start writes V8's
// code cache of the files it loaded, the next start uses it, data V8 refuses is replaced, entries
// of files the bundle no longer has are dropped, and NODE_DISABLE_COMPILE_CACHE turns it off.
// Node 22.1+ caches by itself (module.enableCompileCache): there only "something was cached" is
// checked, the rest is Node's own.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TOOL_VERSION } from '../../src/package-root.js';
import { CLI, ROOT } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cxas-compile-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const nativeCache = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

/** `cxas-eval --version` with the cache in `cacheDir`; its debug lines as [event, file name]. */
function version(cacheDir: string, env: NodeJS.ProcessEnv = {}): Array<[string, string]> {
  const res = spawnSync(process.execPath, [CLI, '--version'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_COMPILE_CACHE: cacheDir, NODE_DEBUG: 'cxas-compile-cache', ...env },
  });
  expect(res.status, res.stderr).toBe(0);
  expect(res.stdout.trim()).toBe(TOOL_VERSION);
  return [...res.stderr.matchAll(/^CXAS-COMPILE-CACHE \d+: (\w+) (.+)$/gm)].map((m) => [m[1]!, path.basename(m[2]!)]);
}

/** The one directory the CLI keeps its entries in, under the cache root. */
function entriesDir(cacheDir: string): string {
  const [sub] = readdirSync(cacheDir);
  return path.join(cacheDir, sub!);
}

describe.skipIf(nativeCache)('compile cache (Node 20)', () => {
  const cacheDir = path.join(dir, 'cache');

  it('writes the cache of every bundle file it loaded, privately, then starts from it', () => {
    const first = version(cacheDir);
    const loaded = first.filter(([event]) => event === 'miss').map(([, file]) => file);
    expect(loaded.length).toBeGreaterThan(1);
    expect(first.filter(([event]) => event === 'wrote')).toHaveLength(loaded.length);
    const entries = entriesDir(cacheDir);
    expect(statSync(entries).mode & 0o777).toBe(0o700);
    expect(
      readdirSync(entries)
        .map((name) => name.replace(/-\d+-\d+$/, ''))
        .sort(),
    ).toEqual([...loaded].sort());

    const second = version(cacheDir);
    expect(second.filter(([event]) => event !== 'hit')).toEqual([]);
    expect(second.map(([, file]) => file).sort()).toEqual([...loaded].sort());
  });

  it('replaces data V8 refuses and drops entries of files the bundle no longer has', () => {
    const entries = entriesDir(cacheDir);
    const [damaged] = readdirSync(entries);
    writeFileSync(path.join(entries, damaged!), 'not a code cache');
    writeFileSync(path.join(entries, 'main-0ld.js-10-10'), 'an earlier build');
    const events = version(cacheDir);
    const chunk = damaged!.replace(/-\d+-\d+$/, '');
    expect(events).toContainEqual(['rejected', chunk]);
    expect(events.filter(([event]) => event === 'wrote')).toEqual([['wrote', damaged]]);
    expect(readdirSync(entries)).not.toContain('main-0ld.js-10-10');
    expect(version(cacheDir).filter(([event]) => event !== 'hit')).toEqual([]);
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
});
