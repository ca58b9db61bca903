// `validate --repeat N` checks a suite as `run --repeat N` runs it: a `passRate` without `repeat:`
// means something under a run-wide repeat, so what run accepts validate accepts too (and without
// the flag, or with --repeat 1, it is still the error it is for a run of one). Through the built CLI.
import { afterAll, describe, expect, it } from 'vitest';
import { runArgs, runCli, tempProject } from '../helpers/cli.js';

const SPEC = `conversations:
  - name: greet
    passRate: 0.5
    turns:
      - event: WELCOME
        expect: [ { text: { contains: Welcome } } ]
`;

describe('validate --repeat', async () => {
  const p = await tempProject({ 'specs/p.yaml': SPEC });
  afterAll(() => p.cleanup());
  const cli = (...args: string[]) => runCli(args, { cwd: p.dir });

  it('accepts what run --repeat N runs, and still refuses a passRate with one run', async () => {
    const [ran, valid, once, unset, bad] = await Promise.all([
      cli(...runArgs({}, '--repeat', '3')),
      cli('validate', '--repeat', '3'),
      cli('validate', '--repeat', '1'),
      cli('validate'),
      cli('validate', '--repeat', '0'),
    ]);
    expect(ran.code, ran.stderr).toBe(0);
    expect([valid.code, valid.stdout, valid.stderr]).toEqual([0, '1 file, 1 conversation: valid\n', '']);
    for (const r of [once, unset]) {
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        'specs/p.yaml:2:5 passRate: passRate 0.5 with repeat 1: one run either passes or not, so a pass rate ' +
          'says nothing (set repeat: N on the conversation or in defaults:, run and validate with --repeat N, ' +
          'or drop passRate)',
      );
    }
    expect([bad.code, bad.stderr]).toEqual([2, 'cxas-eval: --repeat must be a whole number >= 1, got "0"\n']);
  });

  it('--repeat overrides the config repeat:, as for run', async () => {
    await p.write('cxas-eval.config.yaml', 'repeat: 3\n');
    const [config, flag] = await Promise.all([cli('validate'), cli('validate', '--repeat', '1')]);
    expect(config.code, config.stderr).toBe(0);
    expect([flag.code, flag.stderr]).toEqual([2, expect.stringContaining('passRate 0.5 with repeat 1')]);
  });
});
