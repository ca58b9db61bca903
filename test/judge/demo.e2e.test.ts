// `npm run demo`'s run (specs/demo with --no-judge, no credentials): judge expectations are skipped and the
// reason is visible in the list output and, in a real headless Chromium, in report.html.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { NO_CREDENTIALS, readJson, ROOT, runCli, tempProject, type CliResult } from '../helpers/cli.js';
import { skipWithoutChromium } from '../helpers/system-tools.js';
import { launchChromium } from '../helpers/browser.js';

const REASON = 'judge disabled (--no-judge)';

let project: Awaited<ReturnType<typeof tempProject>>;
let cli: CliResult;
let results: RunResult;

beforeAll(async () => {
  // The demo's WAVs and blobs are outside this temp project: allowed explicitly (README "Files contained").
  project = await tempProject({
    'cxas-eval.config.yaml': `files: { allowRoots: [${JSON.stringify(path.join(ROOT, 'specs/demo'))}] }\n`,
  });
  cli = await runCli(
    ['run', path.join(ROOT, 'specs/demo'), '--no-judge', '--reporter', 'list,json,html', '--output-dir', 'out'],
    { cwd: project.dir, env: NO_CREDENTIALS },
  );
  results = await readJson<RunResult>(path.join(project.dir, 'out/results.json'));
});
afterAll(() => project?.cleanup());

describe('the demo without credentials', () => {
  it('passes, with its judge expectations skipped and the reason in the list output', () => {
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
    const judged = results.conversations
      .flatMap((c) => [...c.turns.flatMap((t) => t.assertions), ...c.assertions])
      .filter((a) => a.matcher === 'judge');
    expect(judged.length).toBeGreaterThanOrEqual(1);
    for (const a of judged) expect(a).toMatchObject({ status: 'skipped', message: REASON });
    expect(cli.stdout).toContain(
      `Judge expectations: 0 passed, 0 failed, 0 error, ${judged.length} skipped (${REASON})`,
    );
  });

  describe.skipIf(skipWithoutChromium())('report.html in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('shows the skip reason in the summary and on the expectation', async () => {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(path.join(project.dir, 'out/report.html')).href);
      expect(await page.locator('#llm-summary').isVisible()).toBe(true);
      expect(await page.locator('#llm-summary').innerText()).toContain(REASON);
      await page.locator('.conv > .head', { hasText: 'welcome and PIN authentication' }).first().click();
      const skipped = page.locator('.detail .a-skipped', { hasText: 'judge' }).first();
      await expect.poll(() => skipped.isVisible()).toBe(true);
      expect(await skipped.innerText()).toContain(`judge: ${REASON}`);
    });
  });
});
