// Start-up (issue 33, docs/architecture.md "Start-up"): a command loads only the packages it needs.
// `validate` checks specs and the app file without the client or the emulator's servers (no gRPC,
// no protobufjs), and a run that compares with no baseline never loads the statistics libraries.
// The built CLI runs with a preload that lists, at exit, every CommonJS module Node loaded (the
// heavy packages are all CommonJS, so they show in that list if anything imports them).
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CLI, DEMO_APP, ROOT } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cxas-lazy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const preload = path.join(dir, 'list-modules.cjs');
writeFileSync(
  preload,
  `const Module = require('node:module');\n` +
    `process.on('exit', () => require('node:fs').writeFileSync(process.env.LOADED_LIST, ` +
    `Object.keys(Module._cache).join('\\n')));\n`,
);

/** The packages (under node_modules) the CLI loaded for these arguments; the command must succeed. */
function packagesLoadedBy(args: string[]): Set<string> {
  const list = path.join(dir, `loaded-${args[0]}.txt`);
  const res = spawnSync(process.execPath, ['--require', preload, CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, LOADED_LIST: list, CI: '', NO_COLOR: '1' },
  });
  expect(res.status, res.stderr).toBe(0);
  const names = readFileSync(list, 'utf8')
    .split('\n')
    .map((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1])
    .filter((name): name is string => name !== undefined);
  return new Set(names);
}

describe('packages loaded at start-up', () => {
  it('validate loads neither gRPC nor protobufjs nor ws', () => {
    const loaded = packagesLoadedBy(['validate', 'specs/demo']);
    expect(loaded.has('ajv')).toBe(true); // the preload sees CommonJS packages
    const heavy = ['@grpc/grpc-js', '@grpc/proto-loader', 'protobufjs', 'ws'];
    expect(heavy.filter((name) => loaded.has(name))).toEqual([]);
  });

  it('a run without --baseline loads no statistics library', () => {
    const out = path.join(dir, 'out');
    const args = ['run', 'specs/demo/support.yaml', '--emulator', DEMO_APP, '--no-judge', '--no-history'];
    const loaded = packagesLoadedBy([...args, '--output-dir', out, '--reporter', 'json']);
    expect(loaded.has('@grpc/grpc-js')).toBe(true); // the run itself went through gRPC
    expect([...loaded].filter((name) => name.startsWith('@stdlib/') || name === 'pure-rand')).toEqual([]);
  });
});
