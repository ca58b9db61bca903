// `run --baseline <run>` end to end: a stored run of the demo app (base), then a run of a copy with
// one reply changed compared with it at its end: the console summary, results.json (valid against
// the report schema) and the HTML report's "Compared with" panel, checked in a real Chromium.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRunResult } from '../../src/reporters/index.js';
import { NO_CREDENTIALS, ROOT, runArgs, runCli, type tempProject } from '../helpers/cli.js';
import { skipWithoutChromium } from '../helpers/system-tools.js';
import { CHANGED_REPLY, comparisonProject, ORIGINAL_REPLY, SPECS } from './project.js';
import { launchChromium } from '../helpers/browser.js';
const GREP = ['--grep', '/PIN|goodbye/', '--repeat', '5', '--no-judge', '--no-history'];

let project: Awaited<ReturnType<typeof tempProject>>;
let browser: Browser | undefined;

beforeAll(async () => {
  project = await comparisonProject();
  const base = await runCli(runArgs({ specs: SPECS, outputDir: 'base' }, ...GREP), {
    cwd: project.dir,
    env: NO_CREDENTIALS,
  });
  expect(base.code, base.stderr).toBe(0);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await project?.cleanup();
});

describe('cxas-eval run --baseline', () => {
  it('compares at the end of the run: console, results.json, HTML in Chromium; --fail-on-regression', async () => {
    const args = runArgs(
      { specs: SPECS, app: 'mutated.yaml', outputDir: 'head', reporter: 'list,json,html' },
      ...GREP,
      '--baseline',
      'base',
      '--fail-on-regression',
    );
    const head = await runCli(args, { cwd: project.dir, env: NO_CREDENTIALS });
    expect(head.code, head.stdout + head.stderr).toBe(1);
    expect(head.stdout).toContain('Compared this run (head) with base (base): 3 conversations in both');
    expect(head.stdout).toMatch(/regressed\s+\S*support\.yaml#welcome and PIN authentication\s+5\/5/);

    const result = await loadRunResult(path.join(project.dir, 'head/results.json'));
    const row = result.comparison!.conversations[0]!;
    expect(row).toMatchObject({ verdict: 'regressed', flipped: true, base: { passed: 5 }, head: { passed: 0 } });
    expect(row.transcripts!.base).toContainEqual({ role: 'agent', text: ORIGINAL_REPLY });
    expect(row.transcripts!.head).toContainEqual({ role: 'agent', text: CHANGED_REPLY });

    if (skipWithoutChromium()) return;
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => (m.type() === 'error' ? errors.push(m.text()) : undefined));
    await page.goto(pathToFileURL(path.join(project.dir, 'head/report.html')).href);
    const panel = page.locator('#comparison');
    await expect.poll(() => panel.locator('h2').textContent()).toBe('Compared with base');
    expect(await panel.locator('tr.cmp-regressed td').nth(1).textContent()).toMatch(/welcome and PIN authentication$/);
    const flip = panel.locator('details.cmp-flip').first();
    expect(await flip.locator('summary').textContent()).toContain('passed→failed');
    // Word-level diff: the base's words struck out on the left, the head's marked on the right.
    const struck = await flip.locator('td del').allTextContents();
    const marked = await flip.locator('td ins').allTextContents();
    expect(struck.join(' ')).toContain('Thank');
    expect(marked.join(' ')).toContain('Thanks');
    expect(await flip.locator('tr', { hasText: '[dtmf 1234#]' }).count()).toBe(1);
    await page.screenshot({ path: path.join(ROOT, 'test-results/compare-baseline.png'), fullPage: false });
    expect(errors).toEqual([]);
  }, 60_000);
});
