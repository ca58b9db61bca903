// Start-up (issue 33, docs/architecture.md "Start-up"): a command loads only the packages it needs.
// `validate` checks specs and the app file without the client or the emulator's servers (no gRPC,
// no protobufjs), and a run that compares with no baseline never loads the statistics libraries.
// The built CLI runs with two preloads: one lists, at exit, every CommonJS module Node loaded from
// node_modules; a module hook lists every ES module, so the bundle's chunks that were loaded are
// known, and with them the packages inlined into them (scripts/bundle-cli.mjs inlines gRPC,
// protobufjs and ws; rolldown marks each inlined module with a `// node_modules/<path>` line).
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CLI, DEMO_APP, ROOT } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cxas-lazy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const preload = path.join(dir, 'list-modules.cjs');
writeFileSync(
  preload,
  `const Module = require('node:module');\n` +
    `process.on('exit', () => require('node:fs').appendFileSync(process.env.LOADED_LIST, ` +
    `Object.keys(Module._cache).join('\\n') + '\\n'));\n`,
);
const hooks = path.join(dir, 'list-hooks.mjs');
writeFileSync(
  hooks,
  `import { appendFileSync } from 'node:fs';\n` +
    `export async function load(url, context, next) {\n` +
    `  appendFileSync(process.env.LOADED_LIST, url + '\\n');\n` +
    `  return next(url, context);\n}\n`,
);
const register = path.join(dir, 'register-hooks.mjs');
writeFileSync(
  register,
  `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
);

const PACKAGE_IN_PATH = /node_modules\/((?:@[^/]+\/)?[^/]+)\//;
const INLINED_MODULE = /^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm;

/** Packages a loaded file is or holds: its own when under node_modules, those inlined in a bundle chunk. */
function packagesOf(file: string): string[] {
  const own = PACKAGE_IN_PATH.exec(file)?.[1];
  if (own !== undefined) return [own];
  if (!file.startsWith(path.join(ROOT, 'dist/bin/'))) return [];
  return [...readFileSync(file, 'utf8').matchAll(INLINED_MODULE)].map((m) => m[1]!);
}

/**
 * The packages (under node_modules or inlined) the CLI loaded for these arguments, at a first start
 * (caches of its own: a file that passed its checks before is not validated again, and ajv not
 * loaded); the command must succeed.
 */
function packagesLoadedBy(args: string[]): Set<string> {
  return new Set(filesLoadedBy(args).flatMap(packagesOf));
}

/** The files the CLI loaded for these arguments, as packagesLoadedBy starts it. */
function filesLoadedBy(args: string[]): string[] {
  const list = path.join(dir, `loaded-${args[0]}-${Math.random().toString(36).slice(2)}.txt`);
  const temp = mkdtempSync(path.join(dir, 'tmp-'));
  const res = spawnSync(process.execPath, ['--require', preload, '--import', register, CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, LOADED_LIST: list, CI: '', NO_COLOR: '1', TMPDIR: temp, NODE_COMPILE_CACHE: undefined },
  });
  expect(res.status, res.stderr).toBe(0);
  const files = readFileSync(list, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (line.startsWith('file:') ? fileURLToPath(line) : line));
  return files;
}

describe('packages loaded at start-up', () => {
  it('validate loads neither gRPC nor protobufjs nor ws', () => {
    const loaded = packagesLoadedBy(['validate', 'specs/demo']);
    expect(loaded.has('ajv')).toBe(true); // the preload sees CommonJS packages
    expect(loaded.has('yaml')).toBe(true); // and the packages inlined in the chunks loaded
    const heavy = ['@grpc/grpc-js', '@grpc/proto-loader', 'protobufjs', 'ws'];
    expect(heavy.filter((name) => loaded.has(name))).toEqual([]);
  });

  it('a text run without --baseline loads neither a statistics library nor ws', () => {
    const out = path.join(dir, 'out');
    const args = ['run', 'specs/demo/support.yaml', '--emulator', DEMO_APP, '--no-judge', '--no-history'];
    const loaded = packagesLoadedBy([...args, '--output-dir', out, '--reporter', 'json']);
    expect(loaded.has('@grpc/grpc-js')).toBe(true); // the run itself went through gRPC
    expect([...loaded].filter((name) => name.startsWith('@stdlib/') || name === 'pure-rand')).toEqual([]);
    // The emulator's WebSocket server is made by the first upgrade (src/emulator/ws-bridge.ts).
    expect(loaded.has('ws')).toBe(false);
  });

  it('an audio run loads ws, for the client and the emulator', () => {
    const out = path.join(dir, 'out-voice');
    const args = ['run', 'specs/demo/voice.yaml', '--emulator', DEMO_APP, '--no-judge', '--no-history'];
    expect(packagesLoadedBy([...args, '--output-dir', out, '--reporter', 'json']).has('ws')).toBe(true);
  });

  it("valid each: rows and with: values are checked by the precompiled validator: ajv's compiler is not loaded", () => {
    const spec = path.join(dir, 'rows.yaml');
    writeFileSync(
      spec,
      [
        'conversations:',
        '  - name: rows',
        '    each: [{ q: hello }, { q: hi there }]',
        '    turns:',
        '      - user: "${each.q}"',
        '        expect: [{ text: { contains: "${each.q}" } }]',
        '      - use: ask',
        '        with: { q: bye }',
        'steps:',
        '  ask:',
        '    - user: "${with.q}"',
        '',
      ].join('\n'),
    );
    const ajv = filesLoadedBy(['run', spec, '--list']).filter((f) => f.includes(`${path.sep}ajv${path.sep}`));
    // Only the helpers the precompiled validators call (ajv/dist/runtime/*): no compiler.
    expect(ajv.filter((f) => !f.includes(`${path.sep}runtime${path.sep}`))).toEqual([]);
  });
});
