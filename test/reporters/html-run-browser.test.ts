// The HTML report of a real run against the emulator, in a real headless Chromium: what the page shows
// is what the matchers recorded, in the shapes they record it (not a hand-built fixture's).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runArgs, runCli, tempProject } from '../helpers/cli.js';
import { launchChromium } from '../helpers/browser.js';
import { skipWithoutChromium } from '../helpers/system-tools.js';

const REPLY = 'Your reference is 1.2346, server 192.168.100.1, version 2.10.1000';

const APP = `app: projects/test/locations/us/apps/numbers
rootAgent: root_agent
tools:
  ask_client:
    client: true
agents:
  root_agent:
    routes:
      - on: { text: client }
        do:
          - call: { tool: ask_client, args: {} }
          - say: "client said \${tool.ask_client.answer}"
      - on: { default: true }
        say: "${REPLY}"
`;

const SPEC = `conversations:
  - name: contains check
    turns:
      - user: hi
        expect:
          - text: "Your reference is 1.2345"
  - name: strict check
    match: strict
    turns:
      - user: hi
        expect:
          - text: "Your reference is 1.2345, server 192.168.100.1, version 2.10.1000"
  - name: similar check
    turns:
      - user: hi
        expect:
          - text: { similar: "Your order number is 1.2345", threshold: 0.99 }
  - name: pattern check
    turns:
      - user: hi
        expect:
          - text: { matches: 'reference is 1\\.2345' }
`;

// The second turn calls a client tool nothing answers: the conversation errors in that turn.
const ERRS = `conversations:
  - name: errs in its second turn
    turns:
      - user: hi
      - user: client
`;

describe.skipIf(skipWithoutChromium())('html report of a real run, in Chromium', async () => {
  const p = await tempProject({ 'app.yaml': APP, 'specs/numbers.yaml': SPEC, 'specs/errs.yaml': ERRS });
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    const res = await runCli(runArgs({ app: 'app.yaml', reporter: 'html' }, '--no-history'), { cwd: p.dir });
    expect(res.code, res.stderr).toBe(1);
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(pathToFileURL(join(p.dir, 'out/report.html')).href);
  });
  afterAll(async () => {
    await browser?.close();
    await p.cleanup();
  });

  const failedLine = (name: string) => page.locator('.conv', { hasText: name }).locator('.detail .a-failed');

  it('shows messages as written: numbers in quoted text are not rounded', async () => {
    const message = `expected text to contain "Your reference is 1.2345"; got: "${REPLY}"`;
    expect(await page.locator('.conv', { hasText: 'contains check' }).locator('.reason').textContent()).toBe(
      `${message} at specs/numbers.yaml:6:13`,
    );
    expect(await failedLine('contains check').textContent()).toContain(`✗ text: ${message}`);
  });

  // text keeps its options in `expected` ({equals: …}, {contains: …}); the diff is against that string.
  it('diffs words against the expected string of equals, contains and similar, not of a pattern', async () => {
    const words = (name: string, side: 'exp del' | 'act ins') =>
      failedLine(name).locator(`.words .${side}`).allTextContents();
    expect(await words('strict check', 'exp del')).toEqual(['2345']);
    expect(await words('strict check', 'act ins')).toEqual(['2346']);
    expect(await failedLine('strict check').locator('.words .exp').textContent()).toBe(
      'expected: Your reference is 1.2345, server 192.168.100.1, version 2.10.1000',
    );
    expect(await words('contains check', 'exp del')).toEqual(['2345']);
    expect(await words('contains check', 'act ins')).toEqual(['2346, server 192.168.100.1, version 2.10.1000']);
    expect(await words('similar check', 'exp del')).toEqual(['order', 'number ', '2345']);
    expect(await failedLine('pattern check').locator('.words').count()).toBe(0);
  });

  it("points a conversation's error at the turn it happened in, as the console does", async () => {
    const conv = page.locator('.conv', { hasText: 'errs in its second turn' });
    const error = conv.locator('.detail > .err');
    expect(await error.textContent()).toMatch(/^! UNMATCHED_TOOL_CALL: .*ask_client.*specs\/errs\.yaml:5:9$/);
    expect(await error.locator('.loc').textContent()).toBe('specs/errs.yaml:5:9');
    // The conversation's own position still heads its details.
    expect(await conv.locator('.detail > .k-other').first().textContent()).toBe('specs/errs.yaml:2:5');
  });
});
