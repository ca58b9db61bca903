// SIGTERM while a custom matcher is in flight: the run is reported from what finished, and the
// conversation that ends afterwards (its matcher's worker stopped) is no part of any report — the
// console says nothing after "Status: interrupted" and the report files, as results.json says interrupted.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJson, startCli, tempProject } from '../helpers/cli.js';
import type { RunResult } from '../../src/model/result.js';
import { echoApp } from './apps.js';

describe('SIGTERM with a custom matcher in flight', async () => {
  const p = await tempProject({
    'app.yaml': echoApp(),
    'specs/checks/slow.mjs': `import { writeFileSync } from 'node:fs';
export default () => {
  writeFileSync(new URL('./CALLED', import.meta.url), 'yes');
  return new Promise((r) => setTimeout(() => r(true), 20000));
};
`,
    'specs/slow.yaml': `conversations:
  - name: slow
    turns:
      - user: hi
        expect: [ { custom: { module: ./checks/slow.mjs, timeoutMs: 30000 } } ]
      - user: again
`,
  });
  afterAll(() => p.cleanup());

  it('prints nothing after the run was reported interrupted', async () => {
    const args = ['run', 'specs', '--emulator', 'app.yaml', '--reporter', 'list,json', '--output-dir', 'out'];
    const { child, done } = startCli([...args, '--no-history'], { cwd: p.dir });
    const called = path.join(p.dir, 'specs/checks/CALLED');
    const deadline = Date.now() + 20_000;
    while (!existsSync(called) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    child.kill('SIGTERM');
    const res = await done;
    expect(res.code, res.stderr).toBe(143);
    expect(res.stdout.trimEnd().split('\n').slice(-2)).toEqual(['Status: interrupted', 'Reports: out/results.json']);
    const results = await readJson<RunResult>(path.join(p.dir, 'out/results.json'));
    expect([results.status, results.conversations.map((c) => c.status)]).toEqual(['interrupted', ['interrupted']]);
  }, 40_000);
});
