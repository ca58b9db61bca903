// A run killed while writing a report leaves `.results.json.<pid>.<n>.tmp` (issue 32: 160 MB after a
// third signal): the next run removes the temporary files of processes that are gone, and only those.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { runArgs, runCli, tempProject } from '../helpers/cli.js';
import { echoApp } from '../runner/apps.js';

const DEAD = '.results.json.2147483646.1.tmp';
const LIVE = `.junit.xml.${process.pid}.1.tmp`;

describe('stale report temp files', async () => {
  const p = await tempProject({
    'app.yaml': echoApp(),
    'specs/one.yaml': 'conversations:\n  - name: one\n    turns: [ { user: hi } ]\n',
    [`out/${DEAD}`]: 'half a report',
    [`out/${LIVE}`]: 'being written by a live process',
    'out/.notes.1.tmp': 'not ours',
  });
  afterAll(() => p.cleanup());

  it('are removed at the next run when their process is gone', async () => {
    const res = await runCli(runArgs({ app: 'app.yaml' }), { cwd: p.dir });
    expect(res.code, res.stderr).toBe(0);
    expect(existsSync(path.join(p.dir, 'out', DEAD))).toBe(false);
    expect(existsSync(path.join(p.dir, 'out', LIVE))).toBe(true);
    expect(existsSync(path.join(p.dir, 'out/.notes.1.tmp'))).toBe(true);
    expect(existsSync(path.join(p.dir, 'out/results.json'))).toBe(true);
  }, 30_000);
});
