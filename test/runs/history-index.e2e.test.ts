// A history index that cannot be read (truncated, edited into something else) loses no run: `runs`
// says what is wrong (exit 2), and the next run rebuilds the index from the stored runs, keeps the
// bad index aside and says so in one warning on stderr. Only a missing index starts a new one.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';

const SPEC = `conversations:
  - name: greeting
    turns:
      - event: WELCOME
        expect:
          - text: { contains: Welcome }
`;

describe('a history index that cannot be read', async () => {
  const p = await tempProject({ 'specs/a.yaml': SPEC });
  afterAll(() => p.cleanup());
  const dir = path.join(p.dir, '.cxas-eval/runs');
  const index = path.join(dir, 'index.json');
  const listed = async () =>
    (JSON.parse(await readFile(index, 'utf8')) as { runs: Array<{ runId: string; file: string }> }).runs;
  const run = async () => {
    const res = await runCli(runArgs(), { cwd: p.dir });
    expect(res.code, res.stderr).toBe(0);
    return { res, runId: (await readJson<RunResult>(path.join(p.dir, 'out/results.json'))).runId };
  };

  it('is rebuilt from the stored runs by the next run, with one warning; the bad index is kept aside', async () => {
    const earlier = [(await run()).runId, (await run()).runId];
    const before = await listed();
    expect(before.map((r) => r.runId)).toEqual(earlier);
    await writeFile(index, (await readFile(index, 'utf8')).slice(0, 200));

    const runs = await runCli(['runs'], { cwd: p.dir });
    expect(runs.code).toBe(2);
    expect(runs.stderr).toMatch(/index\.json: invalid JSON/);

    const { res, runId } = await run();
    const warnings = res.stderr.trim().split('\n');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^cxas-eval: warning: .*index\.json: invalid JSON .*; rebuilt it from the 2 stored runs; /,
    );
    expect(warnings[0]).toMatch(/; the bad index is kept as index\.json\.bad-[\dTZ-]+$/);
    const after = await listed();
    expect(after.map((r) => r.runId)).toEqual([...earlier, runId]);
    expect(after.slice(0, 2).map((r) => r.file)).toEqual(before.map((r) => r.file));
    const aside = (await readdir(dir)).filter((f) => f.startsWith('index.json.bad-'));
    expect(aside).toHaveLength(1);
    expect(await readFile(path.join(dir, aside[0]!), 'utf8')).toHaveLength(200);
    const listing = await runCli(['runs'], { cwd: p.dir });
    expect(listing.code, listing.stderr).toBe(0);
    expect(listing.stdout.trim().split('\n')).toHaveLength(4);
  });

  it('an index that is JSON but not an index is rebuilt alike; a stored run it cannot read is named', async () => {
    const before = (await listed()).map((r) => r.runId);
    await writeFile(index, JSON.stringify({ hello: 'world' }));
    const broken = '2000-01-01T00-00-00-000Z-broken.json.gz';
    await writeFile(path.join(dir, broken), 'not gzip');
    const { res, runId } = await run();
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/index\.json: not a cxas-eval run history index; rebuilt it from the 3 stored runs /);
    expect(res.stderr).toContain(`(left out, unreadable: ${broken})`);
    expect((await listed()).map((r) => r.runId)).toEqual([...before, runId]);
  });

  it('a missing index starts a new one, silently', async () => {
    await rm(index);
    const { res, runId } = await run();
    expect(res.stderr).toBe('');
    expect((await listed()).map((r) => r.runId)).toEqual([runId]);
  });
});
