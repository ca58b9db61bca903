// Everything has a deadline: a custom matcher that never settles is an `error` after the turn's timeout
// (or its own timeoutMs) and SIGTERM still ends the run; every user pattern runs on a linear-time
// engine (patterns that backtrack exponentially in JavaScript finish at once), and one that engine
// cannot run is refused at load, at its line.
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

  it('refuses an emulator route regex the linear-time engine cannot run, at its line', async () => {
    await p.write(
      'lookahead.yaml',
      echoApp().replace(
        '- on: { default: true }',
        '- on: { text: "/^(?!x)a/" }\n        say: x\n      - on: { default: true }',
      ),
    );
    const res = await runCli(runArgs({ specs: 'specs/hung.yaml', app: 'lookahead.yaml', outputDir: 'out-la' }), {
      cwd: p.dir,
    });
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toMatch(/lookahead\.yaml:\d+:\d+ .*\/\^\(\?!x\)a\/ cannot run on the linear-time engine/);
  });

  it('patterns that backtrack exponentially in JavaScript run in linear time: routes, matches, redact', async () => {
    // Each of these takes about 2^40 steps on a backtracking engine against 40 a's and a "?".
    await p.write(
      'exponential.yaml',
      echoApp().replace(
        '- on: { default: true }',
        '- on: { text: "/^(a|a)*$/" }\n        say: x\n      - on: { default: true }',
      ),
    );
    await p.write('cxas-eval.config.yaml', 'redact: ["(a|a)*!"]\n');
    await p.write(
      'specs/exponential.yaml',
      `
conversations:
  - name: exponential
    turns:
      - user: ${'a'.repeat(40)}?
        timeoutMs: 2000
        expect:
          - text: { contains: echo }
          - not: { text: { matches: "/^echo: (a+)+$/" } }
`,
    );
    const t0 = Date.now();
    const res = await runCli(
      runArgs({ specs: 'specs/exponential.yaml', app: 'exponential.yaml', outputDir: 'out-exp' }, '--retries', '0'),
      { cwd: p.dir },
    );
    expect(res.code, res.stderr).toBe(0);
    expect(Date.now() - t0).toBeLessThan(15_000);
    const results = await readJson<RunResult>(path.join(p.dir, 'out-exp/results.json'));
    expect(results.conversations[0]!.turns[0]!.assertions.map((a) => a.status)).toEqual(['passed', 'passed']);
    await p.write('cxas-eval.config.yaml', '');
  }, 60_000);

  it('validate refuses patterns the linear-time engine cannot run, at file:line:col', async () => {
    await p.write('cxas-eval.config.yaml', 'redact: ["(a)\\\\1"]\n');
    await p.write(
      'specs/lookaround.yaml',
      `
conversations:
  - name: lookaround
    turns:
      - user: hi
        expect:
          - text: { matches: "/(?<=e)cho/" }
          - toolCall: { name: lookup, args: { q: { $regex: "/^(?=h)/" } } }
`,
    );
    const res = await runCli(['validate', 'specs/lookaround.yaml'], { cwd: p.dir });
    await p.write('cxas-eval.config.yaml', '');
    expect(res.code).toBe(2);
    const lines = res.stderr.split('\n').filter((l) => /cannot run on the linear-time engine/.test(l));
    expect(lines).toEqual([
      expect.stringMatching(/^cxas-eval\.config\.yaml:1:\d+ redact\[0\]: /),
      expect.stringMatching(/^specs\/lookaround\.yaml:7:\d+ .*matches: /),
      expect.stringMatching(/^specs\/lookaround\.yaml:8:\d+ .*\$regex: /),
    ]);
  });
});
