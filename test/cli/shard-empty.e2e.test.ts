// `run --shard i/N` (the `init` workflow runs 2 shards): `--list` shows what that shard runs — tool
// tests all run on shard 1, and count with their files — and a shard that sharding alone leaves
// nothing (a suite of tool tests only, or of fewer conversations than shards) runs empty, says why
// on stderr and exits 0, writing its (empty) reports; a selection of nothing is still exit 2.
// Through the built CLI against the bundled demo emulator.
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';

const TOOLS = `toolTests:
  - name: balance comes back
    tool: lookup_account
    args: { account_id: ACC-1001 }
    expect:
      response:
        - { path: $.balance, operator: equals, value: 42.5 }
`;
const ONE = `conversations:
  - name: greet
    turns:
      - event: WELCOME
        expect: [ { text: { contains: Welcome } } ]
`;

describe('run --shard when sharding leaves a shard nothing', async () => {
  const p = await tempProject({ 'tools/t.yaml': TOOLS, 'one/c.yaml': ONE });
  afterAll(() => p.cleanup());
  const cli = (...args: string[]) => runCli(args, { cwd: p.dir });

  it('--list shows what each shard runs, tool tests and their files counted', async () => {
    const [first, second] = await Promise.all([
      cli('run', 'tools', '--list', '--shard', '1/2'),
      cli('run', 'tools', '--list', '--shard', '2/2'),
    ]);
    expect([first.code, first.stdout]).toEqual([
      0,
      '  tools/t.yaml:2:5 › balance comes back [tool test]\n0 conversations and 1 tool test in 1 file\n',
    ]);
    expect([second.code, second.stdout]).toEqual([
      0,
      '0 conversations in 0 files\nshard 2/2 has nothing to run: the 1 tool test selected goes to the other ' +
        'shards (tool tests all run on shard 1)\n',
    ]);
  });

  it.each([
    ['tools', 'the 1 tool test selected goes to the other shards (tool tests all run on shard 1)'],
    ['one', 'the 1 conversation selected goes to the other shards'],
  ])('%s: shard 2/2 runs empty, says why and exits 0', async (specs, why) => {
    const out = `out-${specs}`;
    const res = await cli(...runArgs({ specs, outputDir: out }, '--shard', '2/2'));
    expect([res.code, res.stderr]).toEqual([0, `cxas-eval: shard 2/2 has nothing to run: ${why}\n`]);
    const run = await readJson<RunResult>(path.join(p.dir, out, 'results.json'));
    expect([run.conversations, run.status]).toEqual([[], 'passed']);
  });

  it('shard 1/2 runs the tool tests; a selection of nothing is still exit 2', async () => {
    const first = await cli(...runArgs({ specs: 'tools', outputDir: 'first' }, '--shard', '1/2'));
    expect(first.code, first.stderr).toBe(0);
    const run = await readJson<RunResult>(path.join(p.dir, 'first', 'results.json'));
    expect(run.conversations.map((c) => [c.name, c.status])).toEqual([['balance comes back', 'passed']]);
    const none = await cli(...runArgs({ specs: 'one' }, '--shard', '2/2', '--grep', 'no-such'));
    expect([none.code, none.stderr]).toEqual([
      2,
      'cxas-eval: no conversations selected (check paths, --grep and --tag)\n',
    ]);
  });
});
