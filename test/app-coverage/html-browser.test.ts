// The report's Coverage panel in a real headless Chromium: uncovered items lead each table, every
// covered item links to the first conversation that exercised it (the link filters the list to it),
// and an inventory that could not be listed shows its reason and no figures.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/reporters/html/render.js';
import { computeCoverage } from '../../src/model/coverage.js';
import type { AppInventory } from '../../src/model/inventory.js';
import type { RunResult } from '../../src/model/result.js';
import { buildConversations, buildRunResult } from '../reporters/fixture.js';
import { skipWithoutChromium } from '../helpers/system-tools.js';
import { launchChromium } from '../helpers/browser.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tempDir = tempDirs('coverage-html');

const SHOTS = resolve('test-results');
const APP = 'projects/p/locations/us/apps/a';
let browser: Browser;

const inventory: AppInventory = {
  app: APP,
  source: 'agent-service',
  agents: [
    { id: 'root_agent', resource: `${APP}/agents/root_agent`, transfersTo: ['billing_agent'] },
    { id: 'billing_agent', resource: `${APP}/agents/billing_agent`, transfersTo: ['root_agent'] },
    { id: 'complaints', resource: `${APP}/agents/complaints`, transfersTo: [] },
  ],
  tools: [
    { id: 'lookup_account', displayName: 'Lookup', resource: `${APP}/tools/lookup_account`, origin: 'server' },
    { id: 'refund', resource: `${APP}/tools/refund`, origin: 'client' },
  ],
  toolsets: [],
  variables: ['tier', 'email'],
  guardrails: [{ id: 'safety', resource: `${APP}/guardrails/safety`, enabled: true }],
};

function withCoverage(): RunResult {
  const result = buildRunResult(buildConversations());
  result.coverage = computeCoverage(inventory, result.conversations);
  return result;
}

async function open(result: RunResult): Promise<{ page: Page; errors: string[] }> {
  const dir = tempDir('coverage-html');
  const file = join(dir, 'report.html');
  await writeFile(file, renderHtml(result));
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(pathToFileURL(file).href);
  return { page, errors };
}

const states = (page: Page, category: string): Promise<string[]> =>
  page
    .locator(`#coverage table[data-category="${category}"] tr:not(:first-child)`)
    .evaluateAll((rows) =>
      rows.map((r) => `${r.children[0]!.textContent} ${r.querySelector('.cov-name')!.textContent}`),
    );

describe.skipIf(skipWithoutChromium())('coverage panel in Chromium', () => {
  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lists what was never exercised first, and links each covered item to its first conversation', async () => {
    const result = withCoverage();
    const { page, errors } = await open(result);
    const headings = await page.locator('#coverage h3').allTextContents();
    expect(headings).toEqual(['agents 2/3 (67%)', 'tools 1/2 (50%)', 'transfers 1/2 (50%)', 'variables 1/2 (50%)']);
    expect(await states(page, 'agents')).toEqual([
      'not exercised complaints',
      'exercised root_agent',
      'exercised billing_agent',
    ]);
    expect(await states(page, 'tools')).toEqual(['not exercised refund', 'exercised lookup_account']);
    expect(await states(page, 'transfers')).toEqual([
      'not exercised billing_agent → root_agent',
      'exercised root_agent → billing_agent',
    ]);
    // Variables the run updated that the app does not declare come between the two.
    expect(await states(page, 'variables')).toEqual([
      'not exercised email',
      'not in the app api_token',
      'exercised tier',
    ]);
    expect(await page.locator('#coverage').textContent()).toContain('1 guardrail(s) in the app');

    // The first conversation (run order) that called lookup_account, and how many others did.
    const callers = result.conversations.filter((c) =>
      c.turns.some((t) => t.result?.toolCalls.some((call) => call.name === 'lookup_account')),
    );
    const first = callers[0]!;
    const link = page.locator('#coverage table[data-category="tools"] tr.cov-hit a');
    expect(callers.length).toBe(2);
    expect(await link.textContent()).toBe(first.name);
    expect(await link.locator('xpath=..').textContent()).toBe(`${first.name} (+1 more)`);
    await link.click();
    await expect.poll(() => page.locator('.conv').count()).toBe(1);
    expect(await page.locator('.conv .name').textContent()).toBe(first.name);
    await page.screenshot({ path: join(SHOTS, 'html-report-coverage.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows why coverage was not computed, with no figures', async () => {
    const result = buildRunResult(buildConversations());
    result.coverage = { app: APP, unavailable: "the app's inventory could not be listed: PERMISSION_DENIED" };
    const { page, errors } = await open(result);
    expect(await page.locator('#coverage').textContent()).toBe(
      "Coveragenot computed: the app's inventory could not be listed: PERMISSION_DENIED",
    );
    expect(await page.locator('#coverage table').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
