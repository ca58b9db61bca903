// An invalid emulator app is a load problem like an invalid spec or config (README "Library"): the
// library's run throws a RunLoadError with every problem in `problems`, one `file:line:col` line
// each, before any report is touched; `cxas-eval run` prints them as it prints spec problems, with
// their count, and exits 2 (src/library/run-target.ts, src/cli/run-command.ts).
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type * as Api from '../../src/index.js';
import { ROOT, runCli, tempProject } from '../helpers/cli.js';
import { echoApp } from '../runner/apps.js';

const api = (await import(pathToFileURL(path.join(ROOT, 'dist/index.js')).href)) as typeof Api;

const SPEC = 'conversations:\n  - name: hello\n    turns: [ { user: hi } ]\n';
const PREVIOUS = '{"previous": true}\n';
/** Two mistakes: a misspelt key, and an `on.text` pattern that does not compile. */
const BAD_APP = echoApp()
  .replace('say: "lookup said', 'sai: "lookup said')
  .replace('on: { text: client }', 'on: { text: "/(a|b/" }');

describe('an invalid emulator app', async () => {
  const p = await tempProject({ 'app.yaml': BAD_APP, 'specs/s.yaml': SPEC, 'out/results.json': PREVIOUS });
  afterAll(() => p.cleanup());
  const problems = [
    expect.stringMatching(/^app\.yaml:\d+:\d+ agents\.root_agent\.routes\[0\]\.do\[1\]: unknown key "sai"/),
    expect.stringMatching(/^app\.yaml:\d+:\d+ agents\.root_agent\.routes\[1\]\.on\.text: invalid regular expression/),
  ];

  it('run(): a RunLoadError listing every problem in `problems`, nothing written', async () => {
    const error = await api
      .run({
        cwd: p.dir,
        paths: ['specs/s.yaml'],
        emulator: 'app.yaml',
        judge: false,
        reporters: ['json'],
        outputDir: 'out',
        history: false,
        io: { out: () => {}, warn: () => {} },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(api.RunLoadError);
    const load = error as Api.RunLoadError;
    expect([...load.problems].sort()).toEqual(problems);
    expect(load.message.split('\n').at(-1)).toBe('2 errors; nothing was run.');
    expect(load.exitCode).toBe(2);
    expect(await readFile(path.join(p.dir, 'out/results.json'), 'utf8')).toBe(PREVIOUS);
  });

  it('cxas-eval run: every problem, one a line, and their count, as for specs; exit 2', async () => {
    const args = ['run', 'specs/s.yaml', '--emulator', 'app.yaml', '--reporter', 'json', '--output-dir', 'out'];
    const res = await runCli([...args, '--no-history', '--no-judge'], { cwd: p.dir });
    expect(res.code, res.stderr).toBe(2);
    const lines = res.stderr.trimEnd().split('\n');
    expect(lines.slice(0, -1).sort()).toEqual(problems);
    expect(lines.at(-1)).toBe('2 errors; nothing was run.');
    expect(await readFile(path.join(p.dir, 'out/results.json'), 'utf8')).toBe(PREVIOUS);
  });
});
