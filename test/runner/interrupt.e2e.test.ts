// Ctrl-C mid-run: the first SIGINT stops scheduling, lets running conversations finish, writes
// every report and exits 130 with every conversation accounted for.
import { afterAll, describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { readJson, startCli, tempProject } from '../helpers/cli.js';
import type { RunResult } from '../../src/model/result.js';
import { echoApp } from './apps.js';

describe('interrupt', async () => {
  const convs = Array.from({ length: 8 }, (_, i) => `  - name: slow ${i}\n    turns: [ { user: a }, { user: b } ]`).join('\n');
  const p = await tempProject({ 'app.yaml': echoApp({ latencyMs: 300 }), 'specs/s.yaml': `conversations:\n${convs}\n` });
  afterAll(() => p.cleanup());

  it('writes results for finished and unstarted conversations and exits 130', async () => {
    const { child, done } = startCli(['run', 'specs', '--emulator', 'app.yaml', '--concurrency', '2', '--reporter', 'json,junit,list', '--output-dir', 'out'], { cwd: p.dir });
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (/slow \d/.test(out) && !child.killed) child.kill('SIGINT');
    });
    const res = await done;
    expect(res.code, res.stderr).toBe(130);
    expect(res.stderr).toContain('Interrupted');
    const results = await readJson<RunResult>(path.join(p.dir, 'out/results.json'));
    expect(results.interrupted).toBe(true);
    expect(results.summary.total).toBe(8);
    const passed = results.conversations.filter((c) => c.status === 'passed').length;
    const interrupted = results.conversations.filter((c) => c.status === 'interrupted').length;
    expect(passed).toBeGreaterThanOrEqual(1);
    expect(interrupted).toBeGreaterThanOrEqual(1);
    expect(passed + interrupted).toBe(8);
  });

  it('exits at once on a second Ctrl-C, saving the conversations that finished', async () => {
    const { child, done } = startCli(['run', 'specs', '--emulator', 'app.yaml', '--concurrency', '2', '--reporter', 'json,list', '--output-dir', 'out2'], { cwd: p.dir });
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (/slow \d/.test(out) && !child.killed) {
        child.kill('SIGINT');
        setTimeout(() => child.kill('SIGINT'), 100);
      }
    });
    const res = await done;
    expect(res.code, res.stderr).toBe(130);
    expect(res.stderr).toContain('Exiting now');
    const partial = await readJson<{ partial: boolean; conversations: Array<{ status: string }> }>(path.join(p.dir, 'out2/results.partial.json'));
    expect(partial.partial).toBe(true);
    expect(partial.conversations.length).toBeGreaterThanOrEqual(1);
    expect(partial.conversations.every((c) => c.status === 'passed')).toBe(true);
  });
});
