// The console (`list`) through the built CLI: golden differences once per conversation as a
// unified diff, the --update-goldens summary, flaky conversations marked and counted, skip reasons,
// and (in a pseudo-terminal) per-turn progress and an interrupted run's pass rate.
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { CLI, readJson, runCli, tempProject } from '../helpers/cli.js';
import { echoApp } from '../runner/apps.js';

const conversation = (name: string, text: string, extra = '') =>
  `  - name: ${name}\n${extra}    turns:\n      - user: ${text}\n` +
  `        expect: [ { text: { contains: "${text}" } } ]\n      - user: ${text} again\n`;
const FLAKY = `conversations:\n${[1, 2, 3, 4, 5, 6].map((i) => conversation(`retried ${i}`, `hello ${i}`)).join('')}`;
// Only this conversation asks for its golden: the others have none, which would fail them.
const GOLDEN = `conversations:\n${conversation('golden talk', 'hi there', '    repeat: 2\n    golden: true\n')}`;
const LATER = `conversations:\n${conversation('never started', 'later')}`;

describe('console output', async () => {
  const project = await tempProject({
    'app.yaml': echoApp({ faults: '{ unavailable: 0.3 }', seed: 3 }),
    'calm.yaml': echoApp({ latencyMs: 150 }),
    'specs/a.yaml': FLAKY,
    'specs/b.yaml': GOLDEN,
    'specs/c.yaml': LATER,
  });
  afterAll(() => project.cleanup());
  const cli = (...args: string[]) =>
    runCli(['run', ...args, '--reporter', 'list,json', '--concurrency', '1'], { cwd: project.dir });

  it('summarises --update-goldens, then prints a golden diff once, flaky passes and skip reasons', async () => {
    const recorded = await cli('specs/b.yaml', '--emulator', 'calm.yaml', '--update-goldens');
    expect(recorded.stdout).toContain(
      'Goldens: 1 written, 0 updated, 0 unchanged\n  + goldens/specs/b/golden-talk.yaml (new)',
    );
    const golden = path.join(project.dir, 'goldens/specs/b/golden-talk.yaml');
    await writeFile(
      golden,
      (await readFile(golden, 'utf8')).replace('echo: hi there again', 'echo: hi there once more'),
    );

    const run = await cli('specs', '--emulator', 'app.yaml', '--retries', '6', '--max-failures', '2');
    const results = await readJson<RunResult>(path.join(project.dir, 'reports/results.json'));
    const retried = results.conversations.filter((c) => c.status === 'passed' && c.attempts.length > 1);
    expect(retried.length).toBeGreaterThan(0);
    for (const c of retried) expect(run.stdout).toContain(`✓ ${c.file} › ${c.name} (`);
    expect(run.stdout).toContain(`flaky: passed on attempt ${retried[0]!.attempts.length}`);
    expect(run.stdout).toContain(`Flaky (${retried.length}):`);
    expect(run.stdout).toContain(`, ${retried.length} flaky ·`);
    expect(run.stdout).toContain(
      [
        '     --- golden goldens/specs/b/golden-talk.yaml',
        '     +++ this run',
        '     @@ turn 2 text @@',
        '     - echo: hi there once more',
        '     + echo: hi there again',
      ].join('\n'),
    );
    expect(run.stdout.match(/\+\+\+ this run/g)).toHaveLength(1);
    expect(run.stdout).toContain(
      '✗ golden goldens/specs/b/golden-talk.yaml: the same difference as specs/b.yaml › golden talk [#',
    );
    expect(run.stdout).not.toContain('differs from golden');
    expect(run.stdout).toContain('Skipped:\n  - 1 × not started: --max-failures 2 reached');
  });

  it('ticks per turn in a terminal and rates an interrupted run over finished conversations only', async () => {
    const command = `${process.execPath} ${CLI} run specs/a.yaml --emulator calm.yaml --concurrency 1 --reporter list`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: project.dir,
      env: { ...process.env, CI: '', NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    while (!out.includes('turns 1/12')) await new Promise((r) => setTimeout(r, 20));
    child.stdin.write('\x03');
    expect(await exited).toBe(130);
    out = out.replace(new RegExp(`${String.fromCharCode(27)}\\[[\\d;]*[A-Za-z]`, 'g'), '');
    expect(out).toMatch(/\[0\/6\] turns 1\/12 · 0 passed, 0 failed, 0 error · elapsed \d+ms · ETA \d/);
    expect(out).toMatch(
      /6 conversations: 1 passed, 0 failed, 0 error, 0 skipped, 5 interrupted · pass rate 100\.0% of 1 finished/,
    );
  });
});
