// Signals mid-run always leave a complete, current report set: the first SIGINT lets running
// conversations finish; SIGTERM or a second signal writes every configured report from what finished
// (the rest `interrupted`); a previous run's reports never survive; SIGTERM exits 143.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readJson, ROOT, startCli, tempProject } from '../helpers/cli.js';
import type { RunResult } from '../../src/model/result.js';
import { findAll, parseXml } from '../reporters/xml.js';
import { echoApp } from './apps.js';

describe('interrupt', async () => {
  const convs = Array.from(
    { length: 8 },
    (_, i) => `  - name: slow ${i}\n    turns: [ { user: a }, { user: b } ]`,
  ).join('\n');
  const p = await tempProject({
    'app.yaml': echoApp({ latencyMs: 300 }),
    'specs/s.yaml': `conversations:\n${convs}\n`,
  });
  afterAll(() => p.cleanup());

  /** Runs, sending `signals` (with `gapMs` between them) once the first conversation has finished. */
  async function interrupted(out: string, reporters: string, signals: NodeJS.Signals[], gapMs = 100) {
    const { child, done } = startCli(
      ['run', 'specs', '--emulator', 'app.yaml', '--concurrency', '2', '--reporter', reporters, '--output-dir', out],
      { cwd: p.dir },
    );
    let stdout = '';
    let sent = false;
    child.stdout!.on('data', (d) => {
      stdout += d;
      if (!sent && /slow \d/.test(stdout)) {
        sent = true;
        signals.forEach((s, i) => setTimeout(() => child.kill(s), i * gapMs));
      }
    });
    return done;
  }

  async function expectCompleteReports(out: string): Promise<RunResult> {
    const results = await readJson<RunResult>(path.join(p.dir, out, 'results.json'));
    expect(results.interrupted).toBe(true);
    expect(results.summary.total).toBe(8);
    const statuses = results.conversations.map((c) => c.status);
    expect(statuses.filter((s) => s === 'passed').length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s === 'interrupted').length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 'passed' || s === 'interrupted')).toBe(true);
    const all = findAll(parseXml(await readFile(path.join(p.dir, out, 'junit.xml'), 'utf8')), 'testcase');
    // One test case per conversation run, and the run-level INTERRUPTED error as a case of its own.
    const cases = all.filter((c) => c.attrs.classname !== 'cxas-eval');
    expect(cases).toHaveLength(8);
    expect(all.filter((c) => c.attrs.classname === 'cxas-eval').map((c) => c.attrs.name)).toEqual(['run: INTERRUPTED']);
    const interruptedCases = cases.filter((c) => findAll(c, 'error')[0]?.attrs.type === 'interrupted');
    expect(interruptedCases).toHaveLength(statuses.filter((s) => s === 'interrupted').length);
    expect(cases.some((c) => findAll(c, 'skipped').length > 0)).toBe(false);
    expect(await readFile(path.join(p.dir, out, 'report.html'), 'utf8')).toContain('slow 0');
    expect(existsSync(path.join(p.dir, out, 'results.partial.json'))).toBe(false);
    return results;
  }

  it('first SIGINT: running conversations finish, every report is written, exit 130', async () => {
    const res = await interrupted('out1', 'json,junit,html,list', ['SIGINT']);
    expect(res.code, res.stderr).toBe(130);
    expect(res.stderr).toContain('Interrupted (SIGINT)');
    await expectCompleteReports('out1');
  });

  it('second SIGINT: stops now and still writes every configured report, exit 130', async () => {
    const res = await interrupted('out2', 'json,junit,html,list', ['SIGINT', 'SIGINT']);
    expect(res.code, res.stderr).toBe(130);
    expect(res.stderr).toContain('Interrupted again (SIGINT)');
    await expectCompleteReports('out2');
  });

  it('SIGTERM: stops now, writes every report, says so and exits 143', async () => {
    const res = await interrupted('out3', 'json,junit,html,list', ['SIGTERM']);
    expect(res.code, res.stderr).toBe(143);
    expect(res.stderr).toContain('Terminated (SIGTERM)');
    const results = await expectCompleteReports('out3');
    expect(results.errors.map((e) => e.code)).toContain('INTERRUPTED');
  });

  it('SIGHUP (terminal closed): stops now, writes every report, says so and exits 129', async () => {
    const res = await interrupted('out5', 'json,junit,html,list', ['SIGHUP']);
    expect(res.code, res.stderr).toBe(129);
    expect(res.stderr).toContain('Hung up (SIGHUP)');
    const results = await expectCompleteReports('out5');
    expect(results.errors.map((e) => e.code)).toContain('INTERRUPTED');
  });

  it("GitHub's cancel sequence (SIGINT then SIGTERM) leaves no stale report behind", async () => {
    await mkdir(path.join(p.dir, 'out4'), { recursive: true });
    for (const name of ['junit.xml', 'report.html', 'results.json', 'results.partial.json']) {
      await writeFile(path.join(p.dir, 'out4', name), 'STALE from a previous run');
    }
    const res = await interrupted('out4', 'json,junit,html,list', ['SIGINT', 'SIGTERM'], 300);
    expect(res.code, res.stderr).toBe(143);
    await expectCompleteReports('out4');
    const onlyJson = await interrupted('out4', 'json,list', ['SIGTERM']);
    expect(onlyJson.code, onlyJson.stderr).toBe(143);
    expect(existsSync(path.join(p.dir, 'out4/junit.xml')), 'stale junit.xml removed').toBe(false);
    expect(existsSync(path.join(p.dir, 'out4/report.html')), 'stale report.html removed').toBe(false);
    expect((await readJson<RunResult>(path.join(p.dir, 'out4/results.json'))).summary.total).toBe(8);
  });

  it("a signal while loading ends with a message, not silently, and removes the previous run's reports", async () => {
    // The signal comes while the config that names the report directory is still being read.
    await writeFile(path.join(p.dir, 'slow.config.yaml'), 'concurrency: 2\noutputDir: old\n');
    const stale = ['results.json', 'junit.xml', 'report.html', 'base/results.json'];
    const preload = path.join(ROOT, 'test/fixtures/preload/slow-reads.mjs');
    for (const [signal, code] of [
      ['SIGINT', 130],
      ['SIGTERM', 143],
    ] as const) {
      // A previous green run's reports (and a --versions base side's results).
      await mkdir(path.join(p.dir, 'old/base'), { recursive: true });
      for (const f of stale) await writeFile(path.join(p.dir, 'old', f), 'from the previous run');
      const { child, done } = startCli(['run', 'specs', '-c', 'slow.config.yaml', '--emulator', 'app.yaml'], {
        cwd: p.dir,
        env: { NODE_OPTIONS: `--import=${pathToFileURL(preload).href}` },
      });
      let stderr = '';
      child.stderr!.on('data', (d) => {
        stderr += d;
        if (stderr.includes('(slow read of') && !child.killed) child.kill(signal);
      });
      const res = await done;
      expect(res.code, res.stderr).toBe(code);
      expect(res.stderr).toContain(`(${signal}) while loading the config and specs; nothing was run.`);
      expect(res.stderr).toContain("cxas-eval: removed the previous run's reports from old (they are not this run's).");
      for (const f of stale) expect(existsSync(path.join(p.dir, 'old', f)), `${f} of the previous run`).toBe(false);
    }
  });
});
