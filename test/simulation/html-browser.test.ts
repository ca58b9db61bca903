// The goals section of a simulated conversation in the HTML report, in a real headless Chromium:
// stop reason, user-model usage, each goal's grade with reason, evidence and votes, and the simulator
// check, as text only.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationResult } from '../../src/model/result.js';
import { renderHtml } from '../../src/reporters/html/render.js';
import { buildConversations, buildRunResult, XSS_TEXT } from '../reporters/fixture.js';
import { skipWithoutChromium } from '../helpers/system-tools.js';
import { launchChromium } from '../helpers/browser.js';

let browser: Browser;

function simulated(): ConversationResult[] {
  const conversations = buildConversations();
  const c = conversations[0]!;
  c.status = 'failed';
  c.simulation = {
    userModel: 'gemini:user-sim-1',
    stopReason: 'max-turns',
    stopMessage: 'turn limit 2 reached with goal 2 ("balance") still open',
    turns: 2,
    userUsage: { calls: 3, cacheHits: 1, errors: 0, inputTokens: 200, outputTokens: 40 },
    goals: [
      {
        goal: 'Get verified',
        successCriteria: 'verified',
        status: 'met',
        reason: 'The agent verified the PIN',
        evidenceTurns: [2],
        votes: '2/3',
      },
      {
        goal: XSS_TEXT,
        successCriteria: 'balance',
        status: 'not-met',
        reason: 'No balance was stated',
        evidenceTurns: [],
      },
    ],
    check: { status: 'fault', reason: 'facts: the user invented order ORD-9', evidenceTurns: [2], votes: '1/1' },
  };
  return conversations;
}

describe.skipIf(skipWithoutChromium())('simulation goals in the html report', () => {
  beforeAll(async () => {
    browser = await launchChromium(['--no-first-run']);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the stop reason, usage and each goal; goal text stays text', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cxas-sim-html-'));
    const file = join(dir, 'report.html');
    await writeFile(file, renderHtml(buildRunResult(simulated())));
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href);
    await page.locator('.conv > .head', { hasText: 'balance lookup' }).first().click();
    const goals = page.locator('.goals');
    await expect.poll(() => goals.count()).toBe(1);
    const text = await goals.innerText();
    expect(text).toContain(
      'Simulation · stopped: max-turns · 2 turn(s) · user model gemini:user-sim-1 (3 call(s), 1 cached, 240 tokens)',
    );
    expect(text).toContain('turn limit 2 reached with goal 2 ("balance") still open');
    expect(text).toContain(
      '✓ met · goal 1: Get verified — The agent verified the PIN · ' + 'evidence turns 2 · votes 2/3',
    );
    expect(text).toContain(`✗ not met · goal 2: ${XSS_TEXT} — No balance was stated`);
    expect(await page.locator('.goals .a-failed').count()).toBe(1);
    expect(text).toContain(
      '! simulator fault · simulated user: facts: the user invented order ORD-9 · evidence turns 2 · votes 1/1',
    );
    expect(await page.locator('.goals .a-error').count()).toBe(1);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
    await page.close();
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });
});
