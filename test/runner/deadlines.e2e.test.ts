// Everything has a deadline: a custom matcher that never settles is an `error` after the turn's timeout
// (or its own timeoutMs) and SIGTERM still ends the run; an emulator route regex that backtracks
// catastrophically is refused at load; a reply that blocked past the turn's timeout is not a pass.
import { afterAll, describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { readJson, runArgs, runCli, startCli, tempProject } from '../helpers/cli.js';
import type { RunResult } from '../../src/model/result.js';
import { echoApp } from './apps.js';

const HUNG = 'export default () => new Promise(() => {});\n';
// A synchronous loop: on the main thread it would block timers and signal handlers alike.
const LOOP = 'export default () => { for (;;) {} };\n';

describe('deadlines', async () => {
  const p = await tempProject({
    'app.yaml': echoApp(),
    'specs/checks/hung.mjs': HUNG,
    'specs/checks/loop.mjs': LOOP,
    'specs/hung.yaml': `
conversations:
  - name: hung under the turn timeout
    turns:
      - user: hi
        timeoutMs: 400
        expect: [ { custom: { module: ./checks/hung.mjs } } ]
  - name: hung under its own timeout
    timeoutMs: 60000
    turns:
      - user: hi
        expect: [ { custom: { module: ./checks/hung.mjs, timeoutMs: 300 } } ]
`,
  });
  afterAll(() => p.cleanup());

  it('a custom matcher that never settles is an error, not a hang', async () => {
    const t0 = Date.now();
    const res = await runCli(runArgs({ specs: 'specs/hung.yaml', app: 'app.yaml' }), { cwd: p.dir });
    expect(res.code, res.stderr).toBe(1);
    expect(Date.now() - t0).toBeLessThan(20_000);
    const results = await readJson<RunResult>(path.join(p.dir, 'out/results.json'));
    expect(results.conversations.map((c) => c.status)).toEqual(['error', 'error']);
    const messages = results.conversations.map((c) => c.turns[0]!.assertions[0]!);
    expect(messages.map((a) => a.status)).toEqual(['error', 'error']);
    expect(messages[0]!.message).toContain('did not settle within 400 ms');
    expect(messages[1]!.message).toContain('did not settle within 300 ms');
  }, 30_000);

  it('SIGTERM ends a run stuck in a synchronous loop of a custom matcher, with its reports', async () => {
    await p.write(
      'specs/stuck.yaml',
      `
conversations:
  - name: quick
    turns: [ { user: hi } ]
  - name: stuck
    timeoutMs: 120000
    turns:
      - user: hi
        expect: [ { custom: { module: ./checks/loop.mjs } } ]
`,
    );
    const args = [
      'run',
      'specs/stuck.yaml',
      '--emulator',
      'app.yaml',
      '--concurrency',
      '1',
      '--reporter',
      'json,junit,list',
      '--output-dir',
      'out-stuck',
    ];
    const { child, done } = startCli(args, { cwd: p.dir });
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      // the run is stuck by then
      if (out.includes('quick') && !child.killed) setTimeout(() => child.kill('SIGTERM'), 300);
    });
    const res = await done;
    expect(res.code, res.stderr).toBe(143);
    const results = await readJson<RunResult>(path.join(p.dir, 'out-stuck/results.json'));
    expect(results.conversations.map((c) => c.status)).toEqual(['passed', 'interrupted']);
  }, 30_000);

  it('refuses an emulator route regex that backtracks catastrophically, at its line', async () => {
    await p.write(
      'evil.yaml',
      echoApp().replace(
        '- on: { default: true }',
        '- on: { text: "/^(a+)+$/" }\n        say: x\n      - on: { default: true }',
      ),
    );
    const res = await runCli(runArgs({ specs: 'specs/hung.yaml', app: 'evil.yaml', outputDir: 'out-evil' }), {
      cwd: p.dir,
    });
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toMatch(/evil\.yaml:\d+:\d+.*\/\^\(a\+\)\+\$\/ can take exponential time/);
  });

  it('a reply that blocked the event loop past the turn timeout is a timeout, not a pass', async () => {
    // (a|a)* passes the star-height check but still backtracks exponentially: about 2 s here.
    await p.write(
      'slow.yaml',
      echoApp().replace(
        '- on: { default: true }',
        '- on: { text: "/^(a|a)*$/" }\n        say: x\n      - on: { default: true }',
      ),
    );
    await p.write(
      'specs/blocked.yaml',
      `
conversations:
  - name: blocked
    turns:
      - user: ${'a'.repeat(25)}!
        timeoutMs: 300
        expect: [ { text: { contains: echo } } ]
`,
    );
    const res = await runCli(
      runArgs({ specs: 'specs/blocked.yaml', app: 'slow.yaml', outputDir: 'out-blocked' }, '--retries', '0'),
      { cwd: p.dir },
    );
    const results = await readJson<RunResult>(path.join(p.dir, 'out-blocked/results.json'));
    const c = results.conversations[0]!;
    expect(c.status, res.stderr).toBe('error');
    expect(c.error!.code).toMatch(/DEADLINE_EXCEEDED|TIMEOUT/);
  }, 60_000);
});
