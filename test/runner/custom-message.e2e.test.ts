// A custom matcher's message is user text of any length: it is cut to a few screens (saying so and
// how long it was) before the console, JUnit, HTML and JSON reports print it.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';
import type { RunResult } from '../../src/model/result.js';
import { echoApp } from './apps.js';

const HUGE = 5_000_000;

describe('a custom matcher message of 5 MB', async () => {
  const p = await tempProject({
    'app.yaml': echoApp(),
    'specs/checks/huge.mjs': `export default () => ({ pass: false, message: 'x'.repeat(${HUGE}) });\n`,
    'specs/checks/throws.mjs': `export default () => { throw new Error('y'.repeat(${HUGE})); };\n`,
    'specs/huge.yaml': `conversations:
  - name: says much
    turns: [ { user: hi, expect: [ { custom: { module: ./checks/huge.mjs } } ] } ]
  - name: throws much
    turns: [ { user: hi, expect: [ { custom: { module: ./checks/throws.mjs } } ] } ]
`,
  });
  afterAll(() => p.cleanup());

  it('is cut in every report, which says it was and how long it was', async () => {
    const args = runArgs({ app: path.join(p.dir, 'app.yaml'), reporter: 'list,json,junit,html' });
    const res = await runCli([...args, '--no-history'], { cwd: p.dir });
    expect(res.code, res.stderr).toBe(1);
    const cut = `… [cut: ${HUGE} characters in all]`;
    const results = await readJson<RunResult>(path.join(p.dir, 'out/results.json'));
    const messages = results.conversations.map((c) => c.turns[0]!.assertions[0]!.message);
    expect(messages.map((m) => [m.length < 2200, m.endsWith(cut)])).toEqual([
      [true, true],
      [true, true],
    ]);
    expect(messages[0]).toMatch(/^expected custom check specs\/checks\/huge\.mjs#default to pass; it failed: x{2000}…/);
    expect(messages[1]).toMatch(/^custom: specs\/checks\/throws\.mjs#default threw: y{2000}…/);
    expect(res.stdout.length).toBeLessThan(20_000);
    expect(res.stdout).toContain(cut);
    for (const report of ['junit.xml', 'report.html']) {
      const text = await readFile(path.join(p.dir, 'out', report), 'utf8');
      expect(text.length, report).toBeLessThan(HUGE / 10);
      expect(text, report).toContain(`[cut: ${HUGE} characters in all]`);
    }
  }, 60_000);
});
