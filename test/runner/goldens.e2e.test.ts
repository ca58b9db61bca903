// Goldens: record → compare → a changed agent fails with a diff; updating is refused under CI.
import { afterAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';
import type { RunResult } from '../../src/model/result.js';
import { echoApp } from './apps.js';

const SPEC = `
conversations:
  - name: Lookup flow
    turns:
      - user: hello there
      - user: lookup please
`;

describe('goldens', async () => {
  const p = await tempProject({ 'app.yaml': echoApp(), 'specs/g.yaml': SPEC });
  afterAll(() => p.cleanup());
  const run = (extra: string[], env: NodeJS.ProcessEnv = {}) =>
    runCli(runArgs({ app: 'app.yaml', reporter: 'json,list' }, ...extra), {
      cwd: p.dir,
      env,
    });

  it('records, matches, then fails with a readable diff when the agent changes', async () => {
    const recorded = await run(['--update-goldens']);
    expect(recorded.code, recorded.stderr).toBe(0);
    const golden = await readFile(path.join(p.dir, 'goldens/specs/g/lookup-flow.yaml'), 'utf8');
    expect(golden).toContain('lookup said real');
    expect(golden).not.toMatch(/sessions\/|turnIndex|\d{4}-\d\d-\d\dT/); // volatile fields stripped

    const same = await run(['--goldens', 'goldens']);
    expect(same.code, same.stdout).toBe(0);
    expect((await readJson<RunResult>(path.join(p.dir, 'out/results.json'))).conversations[0]!.golden).toMatchObject({
      status: 'matched',
    });

    await p.write('app.yaml', echoApp().replace('lookup said', 'lookup now says'));
    const changed = await run(['--goldens', 'goldens']);
    expect(changed.code).toBe(1);
    const result = (await readJson<RunResult>(path.join(p.dir, 'out/results.json'))).conversations[0]!;
    expect(result.status).toBe('failed');
    expect(result.golden!.status).toBe('mismatched');
    expect(result.golden!.diffs).toEqual([
      expect.objectContaining({ turn: 1, field: 'text', expected: 'lookup said real', actual: 'lookup now says real' }),
    ]);
    expect(result.golden!.diffs[0]!.diff).toMatch(/-lookup said real\n\+lookup now says real/);
    expect(changed.stdout).toContain('golden');
  });

  it('compares only when asked: --goldens, config golden:, or golden: true on the conversation', async () => {
    // The agent still differs from the golden recorded above.
    const unasked = await run([]);
    expect(unasked.code, unasked.stderr).toBe(0);
    expect((await readJson<RunResult>(path.join(p.dir, 'out/results.json'))).conversations[0]!.golden).toBeUndefined();
    // Listed in the list reporter's summary (stdout), not only noted on stderr.
    expect(unasked.stdout).toMatch(
      /Goldens not compared, nothing asked[^\n]*\n {2}- goldens\/specs\/g\/lookup-flow\.yaml/,
    );
    expect(unasked.stdout).toContain('pass --goldens DIR');

    await p.write('specs/g.yaml', SPEC.replace('  - name: Lookup flow\n', '  - name: Lookup flow\n    golden: true\n'));
    const bySpec = await run([]);
    expect(bySpec.code).toBe(1);
    expect((await readJson<RunResult>(path.join(p.dir, 'out/results.json'))).conversations[0]!.golden!.status).toBe(
      'mismatched',
    );
    expect(bySpec.stdout).not.toContain('not compared');

    await p.write('specs/g.yaml', SPEC);
    await p.write('cxas-eval.config.yaml', 'golden: { text: normalized }\n');
    const byConfig = await run([]);
    expect(byConfig.code).toBe(1);
    expect((await readJson<RunResult>(path.join(p.dir, 'out/results.json'))).conversations[0]!.golden!.status).toBe(
      'mismatched',
    );
    await p.write('cxas-eval.config.yaml', '{}\n');
  });

  it('counts a conversation failed by its golden towards --max-failures', async () => {
    const two =
      'conversations:\n  - name: first\n    turns: [{ user: lookup please }]\n' +
      '  - name: second\n    turns: [{ user: lookup again }]\n';
    const q = await tempProject({ 'app.yaml': echoApp(), 'specs/two.yaml': two });
    try {
      const cli = (extra: string[]) =>
        runCli(runArgs({ app: 'app.yaml' }, '--concurrency', '1', ...extra), { cwd: q.dir });
      expect((await cli(['--update-goldens'])).code).toBe(0);
      await q.write('app.yaml', echoApp().replace('lookup said', 'lookup now says'));
      const res = await cli(['--goldens', 'goldens', '--max-failures', '1']);
      expect(res.code).toBe(1);
      const result = await readJson<RunResult>(path.join(q.dir, 'out/results.json'));
      expect(result.conversations.map((c) => [c.name, c.status, c.skipReason])).toEqual([
        ['first', 'failed', undefined],
        ['second', 'skipped', 'not started: --max-failures 1 reached'],
      ]);
    } finally {
      await q.cleanup();
    }
  });

  it('refuses to update goldens under CI unless forced', async () => {
    const refused = await run(['--update-goldens'], { CI: 'true' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('refusing to --update-goldens under CI');
    const forced = await run(['--update-goldens', '--force'], { CI: 'true' });
    expect(forced.code, forced.stderr).toBe(0);
    const result = (await readJson<RunResult>(path.join(p.dir, 'out/results.json'))).conversations[0]!;
    expect(result.golden).toMatchObject({ status: 'recorded', changes: [expect.stringContaining('turn 2 text')] });
  });
});
