// `cxas-eval convert` in-process: stdout or -o, and errors with exit 2.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { loadSpecs } from '../../src/runner/load/index.js';
import { writeTree } from './helpers.js';

async function cli(cwd: string, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process, 'cwd').mockReturnValue(cwd);
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  await buildProgram().parseAsync(['node', 'cxas-eval', ...args]);
  const code = process.exitCode;
  vi.restoreAllMocks();
  return { code, stdout: out.join(''), stderr: err.join('') };
}

afterEach(() => {
  process.exitCode = undefined;
});

const TURN_EVAL =
  'tests:\n  - name: hello\n    user: hi\n    expectations:\n' +
  '      - { type: contains, value: Hello }\n      - The agent is friendly\n';

describe('cxas-eval convert', () => {
  it('prints native YAML that loads to the same conversation', async () => {
    const cwd = writeTree({ 'evals/t.yaml': TURN_EVAL });
    const r = await cli(cwd, ['convert', 'evals/t.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '# Converted by cxas-eval from evals/t.yaml (scrapi-turn-eval); edit this file, not the source.',
    );
    expect(r.stdout).toContain('conversations:\n  - name: hello\n    turns:\n      - user: hi\n');
  });

  it('writes -o and the result validates', async () => {
    const cwd = writeTree({ 'evals/t.yaml': TURN_EVAL });
    const r = await cli(cwd, ['convert', 'evals/t.yaml', '-o', 'specs/t.yaml']);
    expect(r).toMatchObject({ code: 0, stdout: 'wrote specs/t.yaml: 1 conversation from evals/t.yaml\n' });
    expect(readFileSync(path.join(cwd, 'specs/t.yaml'), 'utf8')).toContain('judge:');
    const loaded = await loadSpecs(['specs'], { cwd });
    expect(loaded.errors).toEqual([]);
    expect(loaded.files[0]!.conversations[0]!.turns[0]!.expect.map((e) => e.matcher)).toEqual(['text', 'judge']);
  });

  it('reports errors and exits 2 without writing', async () => {
    const cwd = writeTree({ 't.yaml': 'tests:\n  - name: a\n    usr: hi\n' });
    const r = await cli(cwd, ['convert', 't.yaml']);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        't.yaml:3:5 tests[0]: unknown key "usr" (did you mean "user"?) ' +
        '[read as cxas-scrapi turn evals, recognised by "tests" at 1:1]\n1 error; nothing was converted.\n',
    });
  });

  it('refuses an empty user text rather than write a native file that validate refuses', async () => {
    const cwd = writeTree({ 't.yaml': 'tests:\n  - name: a\n    user: ""\n' });
    const r = await cli(cwd, ['convert', 't.yaml', '-o', 'specs/t.yaml']);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        't.yaml:3:11 tests[0].user: must not be empty ' +
        '[read as cxas-scrapi turn evals, recognised by "tests" at 1:1]\n1 error; nothing was converted.\n',
    });
    expect(existsSync(path.join(cwd, 'specs/t.yaml'))).toBe(false);
  });

  it('--check exits 0 if the converted file is current, 1 if it differs or is missing; writes nothing', async () => {
    const cwd = writeTree({ 'evals/t.yaml': TURN_EVAL });
    expect(await cli(cwd, ['convert', 'evals/t.yaml', '--check', '-o', 'specs/t.yaml'])).toEqual({
      code: 1,
      stderr: '',
      stdout: 'specs/t.yaml does not exist; run `cxas-eval convert evals/t.yaml -o specs/t.yaml` to update it\n',
    });
    await cli(cwd, ['convert', 'evals/t.yaml', '-o', 'specs/t.yaml']);
    expect(await cli(cwd, ['convert', 'evals/t.yaml', '--check', '-o', 'specs/t.yaml'])).toEqual({
      code: 0,
      stderr: '',
      stdout: 'specs/t.yaml is up to date: 1 conversation from evals/t.yaml\n',
    });
    writeFileSync(path.join(cwd, 'evals/t.yaml'), TURN_EVAL.replace('Hello', 'Hi'));
    const drift = await cli(cwd, ['convert', 'evals/t.yaml', '--check', '-o', 'specs/t.yaml']);
    expect(drift).toMatchObject({
      code: 1,
      stdout: expect.stringContaining('specs/t.yaml differs from the conversion of evals/t.yaml'),
    });
    expect(readFileSync(path.join(cwd, 'specs/t.yaml'), 'utf8')).toContain('contains: Hello');
  });

  it('--check needs -o', async () => {
    const cwd = writeTree({ 'evals/t.yaml': TURN_EVAL });
    expect(await cli(cwd, ['convert', 'evals/t.yaml', '--check'])).toEqual({
      code: 2,
      stdout: '',
      stderr: '--check compares with an existing file: give it with -o <file>\n',
    });
  });
});
