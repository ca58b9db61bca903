// Golden file names: each conversation has its own. Names keep the letters and digits of every
// script (東京 and 大阪 used to share `greet-city.yaml`, each compared with the other's transcript);
// two conversations that would still share a file are a load error naming both; a golden found
// only under its old (ASCII) name is named, to be renamed, and --update-goldens renames it.
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';
import type { RunResult } from '../../src/model/result.js';
import { echoApp } from './apps.js';

const CITIES = `conversations:
  - name: greet
    golden: true
    each: [{ city: 東京 }, { city: 大阪 }]
    turns:
      - user: "\${each.city}"
`;

const CLASH = `conversations:
  - name: Balance check
    golden: true
    turns: [ { user: balance } ]
  - name: balance check!
    golden: true
    turns: [ { user: bye } ]
`;

describe('golden file names', async () => {
  const p = await tempProject({ 'app.yaml': echoApp(), 'specs/cities.yaml': CITIES });
  afterAll(() => p.cleanup());
  const runOf = (specs: string, ...extra: string[]) =>
    runCli(runArgs({ specs, app: 'app.yaml', reporter: 'json,list' }, '--no-history', ...extra), { cwd: p.dir });
  const statuses = async () =>
    (await readJson<RunResult>(path.join(p.dir, 'out/results.json'))).conversations.map((c) => [
      c.name,
      c.golden?.status,
    ]);

  it('keep letters of every script: each row has its own golden, compared with its own', async () => {
    const recorded = await runOf('specs/cities.yaml', '--update-goldens');
    expect(recorded.code, recorded.stderr).toBe(0);
    const dir = path.join(p.dir, 'goldens/specs/cities');
    expect((await readdir(dir)).sort()).toEqual(['greet-city-大阪.yaml', 'greet-city-東京.yaml']);
    expect(await readFile(path.join(dir, 'greet-city-東京.yaml'), 'utf8')).toContain('echo: 東京');
    expect((await runOf('specs/cities.yaml')).code).toBe(0);
    // Each golden swapped for the other's: both now differ.
    const [tokyo, osaka] = ['東京', '大阪'].map((c) => path.join(dir, `greet-city-${c}.yaml`)) as [string, string];
    const tokyoText = await readFile(tokyo, 'utf8');
    await writeFile(tokyo, await readFile(osaka, 'utf8'));
    await writeFile(osaka, tokyoText);
    expect((await runOf('specs/cities.yaml')).code).toBe(1);
    expect(await statuses()).toEqual([
      ['greet [city=東京]', 'mismatched'],
      ['greet [city=大阪]', 'mismatched'],
    ]);
  });

  it('two conversations that would share a golden file are a load error naming both', async () => {
    await p.write('specs/names.yaml', CLASH);
    const line =
      'specs/names.yaml:5:5 conversations[1].name: conversation "balance check!" would have the same golden file ' +
      'goldens/specs/names/balance-check.yaml as "Balance check" at specs/names.yaml:2:5';
    for (const res of [
      await runOf('specs/names.yaml'),
      await runCli(['validate', 'specs/names.yaml'], { cwd: p.dir }),
    ]) {
      expect(res.code, res.stdout).toBe(2);
      expect(res.stderr).toContain(line);
    }
    // Without golden: true neither uses a golden, unless the run records or compares them all.
    await p.write('specs/names.yaml', CLASH.replaceAll('    golden: true\n', ''));
    expect((await runOf('specs/names.yaml')).code).toBe(0);
    for (const extra of [['--update-goldens'], ['--goldens', 'goldens']]) {
      const res = await runOf('specs/names.yaml', ...extra);
      expect(res.code, extra.join(' ')).toBe(2);
      expect(res.stderr).toContain(line.replace(':5:5', ':4:5'));
    }
  });

  it('a clash shows in the same pass as another mistake of its file', async () => {
    // The third conversation has a schema error: the file gives no spec, but its clean
    // conversations are still checked against each other, so both mistakes show at once.
    await p.write('specs/both.yaml', `${CLASH}  - name: broken\n    turns: [ { user: 5 } ]\n`);
    const res = await runCli(['validate', 'specs/both.yaml'], { cwd: p.dir });
    expect(res.code, res.stdout).toBe(2);
    expect(res.stderr).toContain('specs/both.yaml:9:22 conversations[2].turns[0].user: expected a string');
    expect(res.stderr).toContain(
      'specs/both.yaml:5:5 conversations[1].name: conversation "balance check!" would have the same golden file',
    );
  });

  it('a golden only under its old file name is named for renaming; --update-goldens renames it', async () => {
    await p.write(
      'specs/cafe.yaml',
      'conversations:\n  - name: Café au lait\n    golden: true\n    turns: [ { user: hi } ]\n',
    );
    expect((await runOf('specs/cafe.yaml', '--update-goldens')).code).toBe(0);
    const dir = path.join(p.dir, 'goldens/specs/cafe');
    await rename(path.join(dir, 'café-au-lait.yaml'), path.join(dir, 'cafe-au-lait.yaml'));
    const compared = await runOf('specs/cafe.yaml');
    expect(compared.code).toBe(1);
    const result = (await readJson<RunResult>(path.join(p.dir, 'out/results.json'))).conversations[0]!;
    expect(result.assertions.at(-1)!.message).toBe(
      'no golden at goldens/specs/cafe/café-au-lait.yaml; goldens/specs/cafe/cafe-au-lait.yaml is its golden under ' +
        'its older file name (before golden names kept the letters of every script): rename it to ' +
        'goldens/specs/cafe/café-au-lait.yaml, or run with --update-goldens',
    );
    // Not obsolete: it is to be renamed.
    expect(compared.stdout).not.toContain('Obsolete');
    const updated = await runOf('specs/cafe.yaml', '--update-goldens');
    expect(updated.stdout).toContain('renamed from goldens/specs/cafe/cafe-au-lait.yaml');
    expect(await readdir(dir)).toEqual(['café-au-lait.yaml']);
    expect((await runOf('specs/cafe.yaml')).code).toBe(0);
  });
});
