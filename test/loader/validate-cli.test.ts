// `cxas-eval validate` in-process: output lines and exit code.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { writeTree } from './helpers.js';

async function validate(files: Record<string, string>, args: string[] = []) {
  const cwd = writeTree(files);
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process, 'cwd').mockReturnValue(cwd);
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  await buildProgram().parseAsync(['node', 'cxas-eval', 'validate', ...args]);
  const code = process.exitCode;
  vi.restoreAllMocks();
  return { code, stdout: out.join(''), stderr: err.join('') };
}

afterEach(() => {
  process.exitCode = undefined;
});

const good = 'conversations:\n  - name: a\n    turns: [{ user: hi }]\n  - name: b\n    turns: [{ event: WELCOME }]\n';

describe('cxas-eval validate', () => {
  it('prints a summary and exits 0 for valid specs (default folder specs/)', async () => {
    const r = await validate({ 'specs/a.yaml': good });
    expect(r).toEqual({ code: 0, stdout: '1 file, 2 conversations: valid\n', stderr: '' });
  });

  it('counts tool tests in the summary, as run --list does', async () => {
    const test = (name: string) =>
      `  - name: ${name}\n    tool: lookup_account\n    expect:\n` +
      '      response: [{ path: "$.ok", operator: equals, value: true }]\n';
    const only = await validate({ 'specs/tools.yaml': `toolTests:\n${test('t1')}${test('t2')}` });
    expect(only).toEqual({ code: 0, stdout: '1 file, 0 conversations and 2 tool tests: valid\n', stderr: '' });
    const both = await validate({ 'specs/a.yaml': `${good}toolTests:\n${test('t')}` });
    expect(both).toEqual({ code: 0, stdout: '1 file, 2 conversations and 1 tool test: valid\n', stderr: '' });
  });

  it('prints each error and a count, and exits 2', async () => {
    const r = await validate(
      { 'x/a.yaml': 'conversations:\n  - name: a\n    turns: [{ usr: hi }]\n', 'x/b.yaml': 'conversations: {}\n' },
      ['x'],
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      [
        'x/a.yaml:3:15 conversations[0].turns[0]: unknown key "usr" (did you mean "user"?)',
        'x/b.yaml:1:16 conversations: expected a list, got a map',
        '2 errors in 2 files',
        '',
      ].join('\n'),
    );
  });

  it('takes default paths from the config file and checks the config too', async () => {
    const r = await validate({ 'cxas-eval.config.yaml': 'specs: [suite]\nconcurency: 2\n', 'suite/a.yaml': good });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'cxas-eval.config.yaml:2:1: unknown key "concurency" (did you mean "concurrency"?)\n1 error in 1 file\n',
    );
  });
});
