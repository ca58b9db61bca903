// Goldens like snapshots (issue 25 point 1): with comparison on, a conversation without a golden
// fails; obsolete goldens are listed in the console summary, results.json and report.html (Chromium)
// and removed by --update-goldens; goldens nothing asked to compare are listed in the summary.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';
import { echoApp } from './apps.js';
import { skipWithoutChromium } from '../helpers/system-tools.js';
import { launchChromium } from '../helpers/browser.js';

const spec = (name: string) => `conversations:\n  - name: ${name}\n    turns:\n      - user: lookup please\n`;

describe('goldens are explicit and complete', async () => {
  const p = await tempProject({
    'app.yaml': echoApp(),
    'specs/g.yaml': spec('Lookup flow'),
    'cxas-eval.config.yaml': 'golden: { text: normalized }\n',
  });
  afterAll(() => p.cleanup());
  const run = (...extra: string[]) =>
    runCli(runArgs({ app: 'app.yaml', reporter: 'list,json,html' }, ...extra), { cwd: p.dir });
  const results = () => readJson<RunResult>(path.join(p.dir, 'out/results.json'));
  const oldGolden = 'goldens/specs/g/lookup-flow.yaml';

  it('fails a conversation that has no golden while comparison is on', async () => {
    const res = await run();
    expect(res.code, res.stderr).toBe(1);
    const [c] = (await results()).conversations;
    expect(c!.status).toBe('failed');
    expect(c!.golden).toMatchObject({ status: 'missing', file: oldGolden });
    expect(c!.assertions).toContainEqual(
      expect.objectContaining({
        matcher: 'golden',
        status: 'failed',
        message: expect.stringContaining('no golden recorded: run with --update-goldens'),
      }),
    );
    expect(res.stdout).toContain('no golden recorded: run with --update-goldens');
    expect((await run('--update-goldens')).code).toBe(0);
    expect((await run()).code).toBe(0);
  });

  it('lists the golden of a renamed conversation as obsolete everywhere, and --update-goldens removes it', async () => {
    await p.write('specs/g.yaml', spec('Lookup flow renamed'));
    const res = await run();
    expect(res.code).toBe(1); // the renamed conversation has no golden yet
    expect(res.stdout).toMatch(
      /Obsolete goldens, no conversation maps to them[^\n]*\(1\):\n {2}- goldens\/specs\/g\/lookup-flow\.yaml/,
    );
    expect((await results()).goldens).toEqual({ obsolete: [oldGolden], removed: [], notCompared: [] });
    if (!skipWithoutChromium()) {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        await page.goto(pathToFileURL(path.join(p.dir, 'out/report.html')).href);
        const notes = page.locator('#goldens-obsolete');
        expect(await notes.isVisible()).toBe(true);
        expect(await notes.innerText()).toContain(oldGolden);
      } finally {
        await browser.close();
      }
    }

    const updated = await run('--update-goldens');
    expect(updated.code, updated.stderr).toBe(0);
    expect(updated.stdout).toMatch(/Obsolete goldens removed \(1\):\n {2}- goldens\/specs\/g\/lookup-flow\.yaml/);
    expect(existsSync(path.join(p.dir, oldGolden))).toBe(false);
    expect(existsSync(path.join(p.dir, 'goldens/specs/g/lookup-flow-renamed.yaml'))).toBe(true);
    expect((await results()).goldens).toEqual({ obsolete: [], removed: [oldGolden], notCompared: [] });
  });

  it('lists goldens nothing asked to compare in the summary', async () => {
    await p.write('cxas-eval.config.yaml', '{}\n');
    const res = await run();
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(
      /Goldens not compared, nothing asked[^\n]*\(1\):\n {2}- goldens\/specs\/g\/lookup-flow-renamed\.yaml/,
    );
    expect((await results()).goldens?.notCompared).toEqual(['goldens/specs/g/lookup-flow-renamed.yaml']);
  });
});
