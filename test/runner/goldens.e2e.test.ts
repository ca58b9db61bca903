// Goldens: record → compare → a changed agent fails with a diff; updating is refused under CI.
import { afterAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { readJson, runCli, tempProject } from '../helpers/cli.js';
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
    runCli(['run', 'specs', '--emulator', 'app.yaml', '--reporter', 'json,list', '--output-dir', 'out', ...extra], { cwd: p.dir, env });

  it('records, matches, then fails with a readable diff when the agent changes', async () => {
    const recorded = await run(['--update-goldens']);
    expect(recorded.code, recorded.stderr).toBe(0);
    const golden = await readFile(path.join(p.dir, 'goldens/specs/g/lookup-flow.yaml'), 'utf8');
    expect(golden).toContain('lookup said real');
    expect(golden).not.toMatch(/sessions\/|turnIndex|\d{4}-\d\d-\d\dT/);   // volatile fields stripped

    const same = await run([]);
    expect(same.code, same.stdout).toBe(0);
    expect((await readJson<RunResult>(path.join(p.dir, 'out/results.json'))).conversations[0]!.golden).toMatchObject({ status: 'matched' });

    await p.write('app.yaml', echoApp().replace('lookup said', 'lookup now says'));
    const changed = await run([]);
    expect(changed.code).toBe(1);
    const result = (await readJson<RunResult>(path.join(p.dir, 'out/results.json'))).conversations[0]!;
    expect(result.status).toBe('failed');
    expect(result.golden!.status).toBe('mismatched');
    expect(result.golden!.diffs).toEqual([expect.objectContaining({ turn: 1, field: 'text', expected: 'lookup said real', actual: 'lookup now says real' })]);
    expect(result.golden!.diffs[0]!.diff).toMatch(/-lookup said real\n\+lookup now says real/);
    expect(changed.stdout).toContain('golden');
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
