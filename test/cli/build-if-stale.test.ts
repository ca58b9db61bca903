// `npm run demo` builds only when a build input changed (scripts/build-if-stale.mjs).
import { spawnSync } from 'node:child_process';
import { mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tempProject } from '../helpers/cli.js';

const check = (dir: string) =>
  spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-if-stale.mjs'), '--check'], {
    env: { ...process.env, CXAS_BUILD_ROOT: dir },
    encoding: 'utf8',
  });

describe('build freshness check', async () => {
  const project = await tempProject({ 'src/a.ts': 'export {};', 'schemas/s.json': '{}', 'package.json': '{}' });
  afterAll(() => project.cleanup());
  const output = path.join(project.dir, 'dist/bin/cxas-eval.js');
  const at = (file: string, seconds: number) => utimes(file, seconds, seconds);

  it('builds from a clean checkout (no dist), skips when nothing changed, rebuilds after an edit', async () => {
    expect(check(project.dir)).toMatchObject({
      status: 1,
      stdout: expect.stringContaining('stale: dist/bin is missing'),
    });
    await mkdir(path.dirname(output), { recursive: true });
    await writeFile(output, '');
    for (const f of ['src/a.ts', 'schemas/s.json', 'package.json']) await at(path.join(project.dir, f), 1_000);
    await at(output, 2_000);
    expect(check(project.dir)).toMatchObject({ status: 0, stdout: 'up to date\n' });
    await at(path.join(project.dir, 'schemas/s.json'), 3_000);
    expect(check(project.dir)).toMatchObject({
      status: 1,
      stdout: expect.stringContaining('stale: schemas/s.json changed'),
    });
    await rm(output);
  });
});
