// The HTML report in a real headless Chromium (Debian's, via playwright-core): behaviour, safety, looks.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/reporters/html/render.js';
import type { RunResult } from '../../src/model/result.js';
import { joinRegex } from '../helpers/regex.js';
import { buildConversations, buildRunResult, XSS_TEXT } from './fixture.js';
import { skipWithoutChromium } from '../helpers/system-tools.js';
import { launchChromium } from '../helpers/browser.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tempDir = tempDirs('html');

const SHOTS = resolve('test-results');
let browser: Browser;

function fixtureWithAudio(): RunResult {
  const conversations = buildConversations();
  const turn = conversations[0]!.turns[1]!.result!;
  turn.audio = {
    userWav: 'audio/balance-1-user.wav',
    agentWav: 'javascript:window.__pwned=4',
    agentBytes: 10,
    sampleRateHertz: 16000,
  };
  return buildRunResult(conversations);
}

async function open(result: RunResult): Promise<{ page: Page; errors: string[] }> {
  const dir = tempDir('html');
  const file = join(dir, 'report.html');
  await writeFile(file, renderHtml(result));
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) errors.push(`request: ${r.url()}`);
  });
  await page.goto(pathToFileURL(file).href);
  return { page, errors };
}

const rowCount = (page: Page): Promise<number> => page.locator('.conv').count();

/**
 * The rows shown and the count line, read in one task of the page: the "more" marker still in view
 * may append a batch between two separate reads.
 */
const rowsAndCount = (page: Page): Promise<{ rows: number; count: string | null | undefined }> =>
  page.evaluate(() => {
    // The page's DOM, typed loosely: the tests are compiled without the DOM library.
    const doc = (globalThis as unknown as { document: PageDocument }).document;
    return { rows: doc.querySelectorAll('.conv').length, count: doc.querySelector('#count')?.textContent };
  });

interface PageDocument {
  querySelectorAll(selector: string): { length: number };
  querySelector(selector: string): { textContent: string | null } | null;
}

async function expand(page: Page, name: string): Promise<void> {
  await page.locator('.conv > .head', { hasText: name }).first().click();
}

describe.skipIf(skipWithoutChromium())('html report in Chromium', () => {
  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    browser = await launchChromium([
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ]);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('filters by status, tag and file, and searches transcripts', async () => {
    const { page, errors } = await open(fixtureWithAudio());
    expect(await rowCount(page)).toBe(8);
    await expect.poll(() => page.textContent('#count')).toBe('8 of 8 conversations');
    await page.selectOption('#filter-status', 'failed');
    expect(await rowCount(page)).toBe(2);
    await page.selectOption('#filter-status', '');
    await page.selectOption('#filter-tag', 'billing');
    expect(await rowCount(page)).toBe(2);
    await page.selectOption('#filter-tag', '');
    await page.selectOption('#filter-file', 'specs/repeat.yaml');
    expect(await rowCount(page)).toBe(3);
    await page.selectOption('#filter-file', '');
    await page.fill('#search', 'CANNOT HELP');
    await expect.poll(() => rowCount(page)).toBe(1);
    await expect.poll(() => page.textContent('#count')).toBe('1 of 8 conversations');
    await page.fill('#search', 'lookup_account');
    await expect.poll(() => rowCount(page)).toBe(2);
    await page.fill('#search', '');
    await expect.poll(() => rowCount(page)).toBe(8);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('expands a transcript with its tool call, assertions, golden diff and retries; charts render', async () => {
    const { page, errors } = await open(fixtureWithAudio());
    for (const id of ['#chart-pass', '#chart-latency']) {
      const box = await page.locator(id).boundingBox();
      expect(box!.width).toBeGreaterThan(100);
      expect(box!.height).toBeGreaterThan(20);
    }
    await page.screenshot({ path: join(SHOTS, 'html-report-summary.png'), fullPage: true });
    await expand(page, 'balance lookup');
    const call = page.locator('.detail .k-toolCall');
    await expect.poll(() => call.textContent()).toBe('TOOL CALL lookup_account -- Args: {"account_id":"123"}');
    expect(await call.isVisible()).toBe(true);
    expect(await page.locator('.detail .k-transfer').textContent()).toBe('AGENT TRANSFER root_agent -> billing_agent');
    expect(await page.locator('.detail .a-passed').count()).toBe(2);
    // The relative audio file is offered; the one with a scheme is refused.
    expect(await page.locator('.detail audio').evaluateAll((els) => els.map((e) => e.getAttribute('src')))).toEqual([
      'audio/balance-1-user.wav',
    ]);
    // Failures and errors are already open.
    expect(await page.locator('.detail .a-failed').first().textContent()).toMatch(
      joinRegex(
        /^✗ text: expected text to contain "refund issued"; got "I cannot help with that."/,
        /specs\/billing.yaml:21:11expected: /,
      ),
    );
    expect(await page.locator('table.golden td.exp pre').textContent()).toBe('Refund issued for order 77.');
    expect(await page.locator('table.golden td.act pre').textContent()).toBe('I cannot help with that.');
    expect(await page.locator('.detail', { hasText: 'Attempts' }).textContent()).toContain(
      '#1 error 1.0s session s-a1 · UNAVAILABLE: connection refused (127.0.0.1:50051) · retried after 500ms',
    );
    await page.screenshot({ path: join(SHOTS, 'html-report-expanded.png'), fullPage: true });
    await expand(page, 'balance lookup');
    expect(await call.isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('leads with open failures and their reasons, keeps filters in the URL, expands all, diffs words', async () => {
    const result = fixtureWithAudio();
    // Cut short by Ctrl-C: not passing, so open with its reason like a failure or an error.
    Object.assign(result.conversations[7]!, {
      status: 'interrupted',
      error: { code: 'INTERRUPTED', message: 'the run was interrupted (Ctrl-C) while this conversation was running' },
    });
    result.conversations[1]!.turns[1]!.assertions.push({
      matcher: 'text',
      negated: false,
      status: 'failed',
      message: 'expected text to contain "1.2345"; got: "ref 1.2346 from 192.168.100.1, v2.10.1000"',
      turn: 1,
    });
    const { page, errors } = await open(result);
    const heads = page.locator('.conv > .head');
    expect(await page.locator('.conv').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual([
      'failed',
      'error',
      'failed',
      'interrupted',
      'skipped',
      'passed',
      'passed',
      'passed',
    ]);
    expect(await heads.evaluateAll((els) => els.map((e) => e.getAttribute('aria-expanded')))).toEqual([
      'true',
      'true',
      'true',
      'true',
      'false',
      'false',
      'false',
      'false',
    ]);
    expect(await page.locator('.conv .reason').allTextContents()).toEqual([
      'expected text to contain "refund issued"; got "I cannot help with that." at specs/billing.yaml:21:11 (+2 more)',
      'UNAVAILABLE: connection refused (127.0.0.1:50051)',
      'expected text to contain "Hello"; got "Hi." at specs/repeat.yaml:8:11',
      'interrupted: the run was interrupted (Ctrl-C) while this conversation was running',
      'skipped: natural-language expectation needs an LLM judge',
    ]);
    // Messages and paths shown as written: numbers in quoted text untouched, no CSS case change.
    expect(await page.locator('.detail .a-failed', { hasText: '1.2345' }).textContent()).toBe(
      '✗ text: expected text to contain "1.2345"; got: "ref 1.2346 from 192.168.100.1, v2.10.1000"',
    );
    const section = page.locator('.section', { hasText: 'goldens/billing/refund-flow.json' });
    expect(
      await section.evaluate((e) => [
        e.textContent,
        (globalThis as unknown as { getComputedStyle(e: unknown): { textTransform: string } }).getComputedStyle(e)
          .textTransform,
      ]),
    ).toEqual(['Golden goldens/billing/refund-flow.json · mismatched', 'none']);
    // Word-level differences in the golden table and under a failed text check.
    expect(await page.locator('table.golden td.exp del').allTextContents()).toEqual([
      'Refund',
      'issued',
      'for',
      'order',
      '77',
    ]);
    expect(await page.locator('table.golden td.act ins').allTextContents()).toEqual([
      'I',
      'cannot',
      'help',
      'with',
      'that',
    ]);
    expect(await page.locator('.a-failed .words .exp del').first().textContent()).toBe('refund');
    expect(await page.locator('.a-failed .words .act ins').allTextContents()).toEqual(['I', 'cannot help with that.']);
    // Expand / collapse all.
    await page.click('#expand-all');
    expect(await heads.evaluateAll((els) => els.every((e) => e.getAttribute('aria-expanded') === 'true'))).toBe(true);
    await page.click('#collapse-all');
    expect(await page.locator('.detail:visible').count()).toBe(0);
    // Filters and search are in the URL hash, and a URL with a hash opens filtered.
    await page.selectOption('#filter-status', 'failed');
    await page.fill('#search', 'cannot');
    await expect.poll(() => new URL(page.url()).hash).toBe('#status=failed&q=cannot');
    expect(await rowCount(page)).toBe(1);
    const second = await browser.newPage();
    await second.goto(page.url().replace(/#.*$/, '#tag=billing&file=specs%2Fbilling.yaml'));
    await expect.poll(() => rowCount(second)).toBe(2);
    expect(await second.inputValue('#filter-tag')).toBe('billing');
    expect(errors).toEqual([]);
    await second.close();
    await page.close();
  });

  it('shows injected markup as text and never runs it', async () => {
    const { page, errors } = await open(fixtureWithAudio());
    await expand(page, 'hostile content');
    const agent = page.locator('.detail .k-agent').last();
    expect(await agent.textContent()).toBe(`AGENT RESPONSE [billing_agent]: ${XSS_TEXT}`);
    expect(await page.locator('.detail img, .detail script, .detail a').count()).toBe(0);
    await page.locator('.detail .k-agent', { hasText: 'javascript:' }).click();
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.screenshot({ path: join(SHOTS, 'html-report-hostile.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('renders a large run incrementally', async () => {
    const base = buildConversations()[0]!;
    const many = buildRunResult(
      Array.from({ length: 3000 }, (_, i) => ({
        ...base,
        id: `c${i}`,
        name: `conversation ${i}`,
        status: i % 7 === 0 ? ('failed' as const) : ('passed' as const),
      })),
    );
    const { page, errors } = await open(many);
    expect(await rowCount(page)).toBe(100);
    await expect.poll(() => page.textContent('#count')).toBe('3000 of 3000 conversations (showing 100)');
    // Clicking (or scrolling the button into view, which the click also does) appends batches of 100.
    await page.click('#more');
    const shown = await rowsAndCount(page);
    expect(shown.rows).toBeGreaterThanOrEqual(200);
    expect(shown.rows % 100).toBe(0);
    expect(shown.count).toBe(`3000 of 3000 conversations (showing ${shown.rows})`);
    await page.selectOption('#filter-status', 'failed');
    // A filter restarts at one batch; the marker may still be in view and append the next at once.
    await expect
      .poll(() => page.textContent('#count'))
      .toMatch(/^429 of 3000 conversations \(showing (100|200|300|400|429)\)$/);
    const filtered = await rowsAndCount(page);
    expect(filtered.count).toBe(`429 of 3000 conversations (showing ${filtered.rows})`);
    await page.fill('#search', 'conversation 2997'); // passed, so filtered out
    await expect.poll(() => rowCount(page)).toBe(0);
    await page.fill('#search', 'conversation 2996'); // 2996 % 7 === 0: failed
    await expect.poll(() => rowCount(page)).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
