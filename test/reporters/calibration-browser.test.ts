// The calibration page (`judge calibrate --reporter html`) in a real Chromium: the figures a person
// reads, every disagreement with the judge's reasoning, quoted text that stays text, nothing fetched.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalibrationReport } from '../../src/model/calibration.js';
import { calibrationHtml } from '../../src/reporters/index.js';
import { skipWithoutChromium } from '../helpers/system-tools.js';
import { launchChromium } from '../helpers/browser.js';

const XSS = '<img src=x onerror="window.__pwned=1">';

const REPORT: CalibrationReport = {
  kind: 'cxas-eval-calibration',
  version: 1,
  createdAt: '2026-12-06T23:00:00.000Z',
  toolVersion: '0.1.0',
  judge: { promptVersion: 'judge-v3', backend: 'gemini', model: 'gemini-2.5-flash', temperature: 0, samples: 1 },
  labels: ['labels.yaml'],
  confidence: 0.95,
  resamples: 2000,
  seed: 1,
  criteria: [
    {
      criterion: `The agent states the balance ${XSS}`,
      fingerprint: {
        criterion: `The agent states the balance ${XSS}`,
        promptVersion: 'judge-v3',
        backend: 'gemini',
        model: 'gemini-2.5-flash',
        temperature: 0,
        samples: 1,
      },
      fingerprintKey: 'a'.repeat(64),
      n: 40,
      errors: 1,
      agreement: 0.9,
      kappa: 0.8,
      kappaInterval: { low: 0.61, high: 0.94 },
      balancedAccuracy: 0.9,
      confusion: { passPass: 18, passFail: 2, failPass: 2, failFail: 18 },
      disagreements: [
        {
          label: 'labels.yaml:12:5',
          transcript: 'demo-run/results.json › demo 07',
          human: 'pass',
          judge: 'fail',
          reasoning: `No balance is given. ${XSS} So the criterion does not hold.`,
          note: 'turn 2 gives it',
        },
        {
          label: 'labels.yaml:20:5',
          transcript: 'inline transcript at labels.yaml:20:5',
          human: 'fail',
          judge: 'error',
          reasoning: 'JUDGE_HTTP: HTTP 500 after 4 attempts',
        },
      ],
      stability: { repeats: 4, transcripts: 40, unstable: 3, flipRate: 0.05, errors: 0, repeated: [] },
    },
  ],
};

let browser: Browser;
let dir: string;

describe.skipIf(skipWithoutChromium())('calibration page in Chromium', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cxas-calibration-'));
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });

  it('shows the figures and each disagreement, as text, fetching nothing', async () => {
    const file = join(dir, 'calibration.html');
    await writeFile(file, calibrationHtml(REPORT));
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) problems.push(`request: ${r.url()}`);
    });
    await page.goto(pathToFileURL(file).href);
    expect(await page.locator('h2').innerText()).toBe(`The agent states the balance ${XSS}`);
    const figures = await page.locator('table.figures tr').nth(1).locator('td').allInnerTexts();
    expect(figures).toEqual(['40', '1', '90.0%', '0.80', '0.61 to 0.94', '90.0%']);
    const confusion = await page.locator('table.confusion tr').allInnerTexts();
    expect(confusion.slice(1).map((row) => row.split('\t'))).toEqual([
      ['pass', '18', '2'],
      ['fail', '2', '18'],
    ]);
    const rows = page.locator('table.disagreements tr');
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(1).innerText()).toContain(`No balance is given. ${XSS} So the criterion does not hold.`);
    expect(await rows.nth(1).innerText()).toContain('note: turn 2 gives it');
    expect(await rows.nth(2).locator('td').nth(3).innerText()).toBe('error');
    expect(await page.locator('.stability').innerText()).toContain('flip rate 5.0%, 3 unstable');
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(problems).toEqual([]);
    await page.close();
  });
});
