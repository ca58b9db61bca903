// Tool fakes that never fire are reported (issue 25 point 2): a misspelled fake and one for a
// server-side tool answered no call; each is a warning in the console, results.json, junit.xml's
// system-out and report.html (Chromium), and under match: strict a failed expectation. `rescore`
// derives them again from the recorded turns, under the current spec's `match`.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';
import { echoApp } from './apps.js';
import { skipWithoutChromium } from '../helpers/system-tools.js';
import { launchChromium } from '../helpers/browser.js';

const spec = (match: string) => `conversations:
  - name: client tool answered
    match: ${match}
    toolFakes:
      - tool: ask_client
        respond: { answer: yes }
      - tool: colect_payment
        respond: { ok: true }
      - tool: lookup
        respond: { source: faked }
    turns:
      - user: client please
        expect: [ { text: { contains: "client said yes" } } ]
      - user: lookup please
`;

describe('tool fakes that answer no call', async () => {
  const p = await tempProject({ 'app.yaml': echoApp(), 'specs/fakes.yaml': spec('lenient') });
  afterAll(() => p.cleanup());
  const run = () => runCli(runArgs({ app: 'app.yaml', reporter: 'list,json,junit,html' }), { cwd: p.dir });
  const results = (dir = 'out') => readJson<RunResult>(path.join(p.dir, dir, 'results.json'));
  const rescore = (from: string, to: string) =>
    runCli(['rescore', from, 'specs', '--reporter', 'json', '--output-dir', to], { cwd: p.dir });
  const unusedWarnings = (c: RunResult['conversations'][number]) =>
    c.warnings?.map((w) => [w.code, w.message.split(' answered')[0], w.loc?.line]);
  const unusedFailures = (c: RunResult['conversations'][number]) =>
    c.assertions.filter((a) => a.matcher === 'toolFakes').map((a) => [a.status, a.loc?.line]);
  const LENIENT_WARNINGS = [
    ['UNUSED_TOOL_FAKE', 'tool fake "colect_payment"', 7],
    ['UNUSED_TOOL_FAKE', 'tool fake "lookup"', 9],
  ];
  const STRICT_FAILURES = [
    ['failed', 7],
    ['failed', 9],
  ];

  it('are warnings in every report (lenient), and the conversation still passes', async () => {
    const res = await run();
    expect(res.code, res.stdout + res.stderr).toBe(0);
    const [c] = (await results()).conversations;
    expect(c!.status).toBe('passed');
    expect(unusedWarnings(c!)).toEqual(LENIENT_WARNINGS);
    expect(res.stdout).toContain('Warnings (2):');
    expect(res.stdout).toMatch(
      /⚠ specs\/fakes\.yaml › client tool answered: tool fake "colect_payment" answered no call.*fakes\.yaml:7:9/,
    );
    const junit = await readFile(path.join(p.dir, 'out/junit.xml'), 'utf8');
    expect(junit).toMatch(/<system-out>[^]*WARNING UNUSED_TOOL_FAKE: tool fake "lookup" answered no call/);
    if (skipWithoutChromium()) return;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(path.join(p.dir, 'out/report.html')).href);
      const warnings = page.locator('#warnings');
      expect(await warnings.isVisible()).toBe(true);
      expect(await warnings.innerText()).toContain('tool fake "colect_payment" answered no call');
    } finally {
      await browser.close();
    }
  });

  it('fail the conversation under match: strict', async () => {
    await p.write('specs/fakes.yaml', spec('strict'));
    const res = await run();
    expect(res.code).toBe(1);
    const [c] = (await results()).conversations;
    expect(c!.status).toBe('failed');
    expect(c!.warnings).toBeUndefined();
    expect(unusedFailures(c!)).toEqual(STRICT_FAILURES);
  });

  it('rescore keeps them: strict fails the conversation again, lenient warns again', async () => {
    // out/ holds the strict run (the test before); lenient/ a lenient one.
    const strict = await rescore('out/results.json', 'rescored-strict');
    expect(strict.code, strict.stdout + strict.stderr).toBe(1);
    const [s] = (await results('rescored-strict')).conversations;
    expect(s!.status).toBe('failed');
    expect(s!.warnings).toBeUndefined();
    expect(unusedFailures(s!)).toEqual(STRICT_FAILURES);

    await p.write('specs/fakes.yaml', spec('lenient'));
    expect((await runCli(runArgs({ app: 'app.yaml', outputDir: 'lenient' }), { cwd: p.dir })).code).toBe(0);
    const lenient = await rescore('lenient/results.json', 'rescored-lenient');
    expect(lenient.code, lenient.stdout + lenient.stderr).toBe(0);
    const [l] = (await results('rescored-lenient')).conversations;
    expect(l!.status).toBe('passed');
    expect(unusedWarnings(l!)).toEqual(LENIENT_WARNINGS);
    expect(unusedFailures(l!)).toEqual([]);
  });

  it("rescore judges them by the current spec's match, not the recording's", async () => {
    // The strict recording rescored under a lenient spec passes with warnings, and the other way round.
    const toLenient = await rescore('out/results.json', 'strict-to-lenient');
    expect(toLenient.code, toLenient.stdout + toLenient.stderr).toBe(0);
    const [l] = (await results('strict-to-lenient')).conversations;
    expect([l!.status, unusedWarnings(l!), unusedFailures(l!)]).toEqual(['passed', LENIENT_WARNINGS, []]);

    await p.write('specs/fakes.yaml', spec('strict'));
    const toStrict = await rescore('lenient/results.json', 'lenient-to-strict');
    expect(toStrict.code, toStrict.stdout + toStrict.stderr).toBe(1);
    const [s] = (await results('lenient-to-strict')).conversations;
    expect([s!.status, s!.warnings, unusedFailures(s!)]).toEqual(['failed', undefined, STRICT_FAILURES]);
  });
});
