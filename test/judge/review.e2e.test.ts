// Reviewing verdicts in the HTML report (issue 29 point 5), end to end: the CLI runs judge expectations
// and a simulation against the demo app with the fake LLM server as judge and user; the report opens in
// a real headless Chromium, where a reviewer agrees or disagrees with four verdicts (a turn-level
// judge, a conversation-level judge, a negated judge and a simulation goal) and exports the labels.
// The downloaded YAML is read back by the labels loader (schemas/labels.schema.json), in both
// transcript forms (a reference to this run, and transcripts written out), and `judge calibrate` runs
// on both files.
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLabels, type Label } from '../../src/judge/labels.js';
import { runCli, tempProject } from '../helpers/cli.js';
import { runDemoWithReports, type ReportedRun } from '../helpers/demo-run.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.mjs';
import { skipWithoutChromium } from '../helpers/system-tools.js';
import { launchChromium } from '../helpers/browser.js';

const GREETS = '[case:pass] the agent greets the caller';
const REFUND = '[case:fail] the agent promises a refund';
const GOODBYE = '[goal:bye] the agent says goodbye';

const SPEC = `conversations:
  - name: greets
    turns:
      - event: WELCOME
        expect:
          - judge: { prompt: "${GREETS}" }
      - user: goodbye
  - name: refund
    turns:
      - event: WELCOME
    expect:
      - judge: { prompt: "${REFUND}" }
  - name: no refund
    turns:
      - event: WELCOME
    expect:
      - not: { judge: { prompt: "${REFUND}" } }
  - name: simulated goodbye
    repeat: 1
    simulation:
      persona: "[sim:bye] a caller in a hurry"
      goals:
        - { goal: "Say goodbye", successCriteria: "${GOODBYE}" }
`;

const PASS = { json: { reason: 'The agent did it.', verdict: 'pass', evidenceTurns: [1] } };
const FAIL = { json: { reason: 'No refund was promised.', verdict: 'fail', evidenceTurns: [1] } };

function script(fake: FakeLlm): void {
  fake.on('[case:pass]', PASS);
  fake.on('[case:fail]', FAIL);
  fake.on('[goal:bye]', PASS);
  fake.on('Simulator check', PASS);
  fake.on((r) => r.system.includes('[sim:bye]'), { json: { action: 'say', text: 'bye', activeGoal: 1 } });
}

const CONFIG = (fake: FakeLlm) => `judge:
  backend: gemini
  baseUrl: ${fake.url}
  retries: { attempts: 1 }
  cache: { dir: .llm-cache }
simulation:
  userModel: user-sim-1
`;

let browser: Browser;

async function exportLabels(page: Page, dir: string, name: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#review-export')]);
  expect(download.suggestedFilename()).toMatch(/^labels-[0-9a-f]{8}\.yaml$/);
  const file = path.join(dir, name);
  await download.saveAs(file);
  return file;
}

/** The review controls of the judge line or goal line that contains `text`. */
function controlsOf(page: Page, text: string) {
  const line = page.locator('.detail .a', { hasText: text }).first();
  return {
    agree: () => line.locator('.rv button.agree').click(),
    disagree: () => line.locator('.rv button.disagree').click(),
    note: (value: string) => line.locator('.rv input').fill(value),
  };
}

describe.skipIf(skipWithoutChromium())('reviewing verdicts in the html report', () => {
  let fake: FakeLlm;
  let project: Awaited<ReturnType<typeof tempProject>>;
  let run: ReportedRun;

  beforeAll(async () => {
    fake = await startFakeLlm();
    script(fake);
    project = await tempProject({ 'specs/review.yaml': SPEC, 'cxas-eval.config.yaml': CONFIG(fake) });
    run = await runDemoWithReports(project.dir, { GEMINI_API_KEY: 'test-key' });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await fake.close();
    await project.cleanup();
  });

  it('labels four verdicts, exports them disagreements first; the files load, judge calibrate reads them', async () => {
    expect(run.results.conversations.map((c) => `${c.name}:${c.status}`)).toEqual([
      'greets:passed',
      'refund:failed',
      'no refund:passed',
      'simulated goodbye:passed',
    ]);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => {
      if (!/^(file|data|blob):/.test(r.url())) errors.push(`request: ${r.url()}`);
    });
    await page.goto(pathToFileURL(path.join(project.dir, 'out/report.html')).href);
    expect(await page.locator('#review-export').isDisabled()).toBe(true);
    await page.click('#expand-all');
    // Only verdicts get controls: the three judge expectations and the goal.
    expect(await page.locator('.rv').count()).toBe(4);

    await controlsOf(page, GREETS).agree();
    await controlsOf(page, 'goal 1: Say goodbye').agree();
    const refund = controlsOf(page, `expected "${REFUND}"`);
    await refund.disagree();
    await refund.note('The agent did offer a refund in turn 1');
    const negated = controlsOf(page, `expected not: "${REFUND}"`);
    await negated.disagree();
    await negated.agree(); // changed its mind: the last choice counts
    await expect.poll(() => page.textContent('#review-count')).toMatch(/^4 reviewed \(1 disagreement\)/);
    // Labels survive collapsing and filtering (the rows are built again).
    await page.click('#collapse-all');
    await page.selectOption('#filter-status', 'failed');
    await page.selectOption('#filter-status', '');
    await page.click('#expand-all');
    expect(await page.locator('.rv button[aria-pressed="true"]').count()).toBe(4);

    const byRun = await exportLabels(page, project.dir, 'labels.yaml');
    const text = await readFile(byRun, 'utf8');
    expect(text.split('\n')[0]).toBe('# cxas-eval judge labels');
    const loaded = await loadLabels([byRun]);
    expect(loaded.errors.map((e) => e.message)).toEqual([]);
    const summary = (l: Label) => [l.criterion, l.verdict, l.note ?? '', l.source, l.transcript];
    const id = (name: string) => run.results.conversations.find((c) => c.name === name)!.id;
    const runId = run.results.runId;
    expect(loaded.labels.map(summary)).toEqual([
      // The disagreement first: the judge said fail, the reviewer says the criterion holds.
      [
        REFUND,
        'pass',
        'The agent did offer a refund in turn 1',
        'review',
        { kind: 'stored', run: runId, conversation: id('refund') },
      ],
      [GREETS, 'pass', '', 'review', { kind: 'stored', run: runId, conversation: id('greets'), turn: 1 }],
      [GOODBYE, 'pass', '', 'review', { kind: 'stored', run: runId, conversation: id('simulated goodbye') }],
      // not: judge passed, so the judge said the criterion does not hold, and the reviewer agrees.
      [REFUND, 'fail', '', 'review', { kind: 'stored', run: runId, conversation: id('no refund') }],
    ]);

    await page.check('#review-inline');
    const inlineFile = await exportLabels(page, project.dir, 'labels-inline.yaml');
    const inline = await loadLabels([inlineFile]);
    expect(inline.errors.map((e) => e.message)).toEqual([]);
    const greets = inline.labels.find((l) => l.criterion === GREETS)!.transcript;
    expect(greets).toMatchObject({ kind: 'inline', turns: [{ agent: expect.stringContaining('Welcome') }], turn: 1 });
    const bye = inline.labels.find((l) => l.criterion === GOODBYE)!.transcript;
    expect(bye).toMatchObject({ kind: 'inline', turns: [{ user: 'bye' }] });
    expect(errors).toEqual([]);
    await page.close();

    // judge calibrate reads both files: the run's conversations from the history, and the written-out ones.
    const cal = await runCli(['judge', 'calibrate', byRun, inlineFile, '--no-store'], {
      cwd: project.dir,
      env: { GEMINI_API_KEY: 'test-key' },
    });
    expect(cal.code, cal.stderr).toBe(1); // a few labels per criterion: none is calibrated
    // κ 1.0 from two examples is no calibration: the label floor says so, not only a low κ.
    expect(cal.stderr).toMatch(
      /"\[case:pass\] the agent greets the caller": κ \S+ \(.*n 2\): 2 labelled example\(s\), fewer than minLabels 30/,
    );
    expect(cal.stdout).toContain('3 criteria from');
    expect(cal.stdout).toMatch(/"\[case:fail\] the agent promises a refund"\n {2}n 4, agreement 50\.0%/);
    expect(cal.stdout).toMatch(/"\[case:pass\] the agent greets the caller"\n {2}n 2, agreement 100\.0%/);
    expect(cal.stdout).toMatch(/"\[goal:bye\] the agent says goodbye"\n {2}n 2, agreement 100\.0%/);
    expect(cal.stdout).toMatch(/labels\.yaml:4:5 .*› refund: human pass, judge fail: No refund was promised\./);
    expect(cal.stdout).toContain('note: The agent did offer a refund in turn 1');
  }, 60_000);

  it('a hostile criterion or note is data in the labels file, never YAML structure', async () => {
    const criterion = 'x"\n  - verdict: pass\n# </script><img src=x onerror=alert(1)>';
    const hostile = structuredClone(run.results);
    const judged = hostile.conversations.find((c) => c.name === 'refund')!;
    judged.assertions[0]!.expected = { prompt: criterion };
    const { renderHtml } = await import('../../src/reporters/html/render.js');
    const file = path.join(project.dir, 'hostile.html');
    await writeFile(file, renderHtml(hostile));
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    await page.click('#expand-all');
    const line = controlsOf(page, 'No refund was promised');
    await line.disagree();
    await line.note('note: "quoted" # - not a label');
    const loaded = await loadLabels([await exportLabels(page, project.dir, 'hostile.yaml')]);
    expect(loaded.errors).toEqual([]);
    expect(loaded.labels.map((l) => [l.criterion, l.verdict, l.note])).toEqual([
      [criterion, 'pass', 'note: "quoted" # - not a label'],
    ]);
    await page.close();
  });
});
