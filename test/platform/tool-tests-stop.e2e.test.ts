// Tool tests in a run that stops early are planned runs like its conversations: every one gets a
// result (in the summary, a JUnit case each), and none starts after the stop — --max-failures,
// a first Ctrl-C, SIGTERM (the run cut short), the library's signal.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/library/index.js';
import type { RunResult } from '../../src/model/result.js';
import { readJson, runCli, startCli, tempProject } from '../helpers/cli.js';
import { findAll, parseXml } from '../reporters/xml.js';
import { echoApp } from '../runner/apps.js';

const TOOL_TESTS = `toolTests:
  - name: tool one
    tool: lookup
    expect: { response: [ { path: $.source, operator: equals, value: real } ] }
  - name: tool two
    tool: lookup
    expect: { response: [ { path: $.source, operator: equals, value: real } ] }
`;
const slow = (n: number) =>
  Array.from({ length: n }, (_, i) => `  - name: slow ${i}\n    turns: [ { user: a }, { user: b } ]\n`).join('');
const FAILS = '  - name: fails\n    turns: [ { user: a, expect: [ { text: nope } ] } ]\n';
const FAILING_FIRST = `conversations:\n${FAILS}${slow(2)}${TOOL_TESTS}`;
const SLOW = `conversations:\n${slow(4)}${TOOL_TESTS}`;

describe('tool tests of a run that stops early', async () => {
  const p = await tempProject({
    'app.yaml': echoApp({ latencyMs: 300 }),
    'fail/s.yaml': FAILING_FIRST,
    'slow/s.yaml': SLOW,
  });
  afterAll(() => p.cleanup());

  const statuses = (r: RunResult) =>
    r.conversations.map((c) => `${c.name}: ${c.status} ${c.skipReason ?? c.error?.message ?? ''}`.trim());
  /** The JUnit test cases of conversations and tool tests (not the run-level ones), by name: what they hold. */
  const junitCases = async (out: string) => {
    const xml = parseXml(await readFile(path.join(p.dir, out, 'junit.xml'), 'utf8'));
    const cases = findAll(xml, 'testcase').filter((c) => c.attrs.classname !== 'cxas-eval');
    return cases.map((c) => {
      const kind = ['skipped', 'error', 'failure'].find((k) => findAll(c, k).length > 0) ?? 'passed';
      return `${c.attrs.name}: ${kind}`;
    });
  };

  it('--max-failures: tool tests after the stop are skipped with the reason, counted as not started', async () => {
    const args = ['run', 'fail', '--emulator', 'app.yaml', '--max-failures', '1', '--concurrency', '1'];
    const res = await runCli([...args, '--reporter', 'json,junit', '--output-dir', 'out-max', '--no-history'], {
      cwd: p.dir,
    });
    expect(res.code, res.stderr).toBe(1);
    const result = await readJson<RunResult>(path.join(p.dir, 'out-max/results.json'));
    const reason = 'not started: --max-failures 1 reached';
    expect(statuses(result)).toEqual([
      'fails: failed',
      `slow 0: skipped ${reason}`,
      `slow 1: skipped ${reason}`,
      `tool one: skipped ${reason}`,
      `tool two: skipped ${reason}`,
    ]);
    expect(result.summary).toMatchObject({ total: 5, failed: 1, skipped: 4 });
    expect(result.errors).toContainEqual({
      code: 'MAX_FAILURES',
      message: '--max-failures 1 reached: 4 conversation run(s) not started',
    });
    expect(await junitCases('out-max')).toEqual([
      expect.stringMatching(/fails: failure$/),
      expect.stringMatching(/slow 0: skipped$/),
      expect.stringMatching(/slow 1: skipped$/),
      expect.stringMatching(/tool one: skipped$/),
      expect.stringMatching(/tool two: skipped$/),
    ]);
  });

  /** Runs the slow suite one conversation at a time, sending `signal` once the first has finished. */
  async function signalled(out: string, signal: NodeJS.Signals) {
    const { child, done } = startCli(
      [
        'run',
        'slow',
        '--emulator',
        'app.yaml',
        '--concurrency',
        '1',
        '--reporter',
        'list,json,junit',
        '--output-dir',
        out,
      ],
      { cwd: p.dir, env: { CI: '1' } },
    );
    let stdout = '';
    child.stdout!.on('data', (d) => {
      stdout += d;
      if (/slow 0/.test(stdout) && !child.killed) child.kill(signal);
    });
    return done;
  }

  it('a first Ctrl-C: tool tests not started are interrupted, in the summary and JUnit', async () => {
    const res = await signalled('out-int', 'SIGINT');
    expect(res.code, res.stderr).toBe(130);
    const result = await readJson<RunResult>(path.join(p.dir, 'out-int/results.json'));
    const tools = result.conversations.filter((c) => c.name.startsWith('tool'));
    expect(tools.map((c) => [c.name, c.status, c.error?.message])).toEqual([
      ['tool one', 'interrupted', 'not started: the run was interrupted'],
      ['tool two', 'interrupted', 'not started: the run was interrupted'],
    ]);
    expect(result.summary.total).toBe(6);
    expect((await junitCases('out-int')).filter((c) => c.startsWith('tool'))).toEqual([
      'tool one: error',
      'tool two: error',
    ]);
  });

  it('SIGTERM (the run cut short): tool tests are interrupted with the rest', async () => {
    const res = await signalled('out-term', 'SIGTERM');
    expect(res.code, res.stderr).toBe(143);
    const result = await readJson<RunResult>(path.join(p.dir, 'out-term/results.json'));
    expect(result.summary.total).toBe(6);
    expect(result.conversations.slice(4).map((c) => [c.name, c.status, c.error?.message])).toEqual([
      ['tool one', 'interrupted', 'stopped by SIGTERM before it finished'],
      ['tool two', 'interrupted', 'stopped by SIGTERM before it finished'],
    ]);
    expect(await junitCases('out-term')).toHaveLength(6);
  });

  it("the library's signal, aborted: every planned run is interrupted, tool tests too", async () => {
    const signal = AbortSignal.abort();
    const { result } = await run({
      cwd: p.dir,
      paths: ['slow'],
      emulator: 'app.yaml',
      reporters: ['json'],
      outputDir: 'out-lib',
      history: false,
      coverage: false,
      signal,
      io: { out: () => {}, warn: () => {} },
    });
    expect(result.summary).toMatchObject({ total: 6, interrupted: 6 });
    expect(result.conversations.map((c) => c.name).slice(4)).toEqual(['tool one', 'tool two']);
  });
});
