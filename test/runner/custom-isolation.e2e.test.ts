// User code in isolation (issue 32, issue 25): custom matchers run in worker threads, so a module that
// exits the process, loops, throws or rejects outside the call, does not load, or lacks its export is
// that expectation's `error`; the other conversations run and every report is written. `validate`
// imports the modules too and names the expectation's file:line:col.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';
import type { RunResult } from '../../src/model/result.js';
import { echoApp } from './apps.js';

const CONVERSATIONS: Array<[name: string, module: string, extra?: string]> = [
  ['exits', './checks/exit.mjs'],
  ['loops', './checks/loop.mjs', 'timeoutMs: 500'],
  ['throws later', './checks/late-throw.mjs'],
  ['rejects unhandled', './checks/reject.mjs'],
  ['no function', './checks/none.mjs'],
  ['commonjs', './cjs/check.js'],
  ['good', './checks/good.mjs'],
];

const spec = `conversations:
${CONVERSATIONS.map(
  ([name, module, extra]) => `  - name: ${name}
    turns: [ { user: hi, expect: [ { custom: { module: ${module}${extra ? `, ${extra}` : ''} } } ] } ]`,
).join('\n')}
`;

describe('custom matchers in isolation', async () => {
  const p = await tempProject({
    'app.yaml': echoApp(),
    'specs/checks/exit.mjs': 'export default () => { process.exit(0); };\n',
    'specs/checks/loop.mjs': 'export default () => { for (;;) {} };\n',
    'specs/checks/late-throw.mjs': `export default () => {
  setTimeout(() => { throw new Error('late boom'); }, 0);
  return new Promise(() => {});
};
`,
    'specs/checks/reject.mjs': `export default () => {
  Promise.reject(new Error('nobody caught me'));
  return new Promise((r) => setTimeout(() => r(true), 300));
};
`,
    'specs/checks/none.mjs': 'export const limit = 3;\n',
    'specs/checks/good.mjs': "export default ({ turn }) => turn.text.startsWith('echo');\n",
    // What `npm init -y` then an ES module file gives.
    'specs/cjs/package.json': '{ "type": "commonjs" }\n',
    'specs/cjs/check.js': 'export default () => true;\n',
    'specs/iso.yaml': spec,
  });
  afterAll(() => p.cleanup());

  it('each failure of user code is its expectation’s error; the run goes on and writes every report', async () => {
    const res = await runCli(runArgs({ app: 'app.yaml', reporter: 'json,junit' }, '--timeout', '5000'), {
      cwd: p.dir,
    });
    expect(res.code, res.stderr).toBe(1);
    expect(existsSync(path.join(p.dir, 'out/junit.xml'))).toBe(true);
    const results = await readJson<RunResult>(path.join(p.dir, 'out/results.json'));
    const byName = new Map(results.conversations.map((c) => [c.name, c.turns[0]!.assertions[0]!]));
    const said = (name: string): string => `${byName.get(name)?.status}: ${byName.get(name)?.message}`;
    expect(said('exits')).toMatch(/^error: .*exit\.mjs#default ended its worker with process\.exit\(0\)/);
    expect(said('loops')).toMatch(/^error: .*loop\.mjs#default did not settle within 500 ms/);
    expect(said('throws later')).toMatch(/^error: .*threw outside the call \(uncaught Error: late boom\)/);
    expect(said('rejects unhandled')).toMatch(/^error: .*threw outside the call \(uncaught Error: nobody caught me\)/);
    expect(said('no function')).toMatch(/^error: .*none\.mjs has no function export "default" \(it exports no/);
    expect(said('commonjs')).toMatch(
      /^error: custom: module specs\/cjs\/check\.js could not be loaded: SyntaxError: Unexpected token 'export' \(/,
    );
    expect(said('commonjs')).toContain('name it .mjs, or set "type": "module" in its package.json');
    expect(said('good')).toMatch(/^passed/);
  }, 30_000);

  it('validate imports the modules and names each failing expectation at file:line:col', async () => {
    const res = await runCli(['validate', 'specs'], { cwd: p.dir });
    expect(res.code).toBe(2);
    const lines = res.stderr.split('\n').filter((l) => l.startsWith('specs/iso.yaml:'));
    expect(lines).toEqual([
      expect.stringMatching(/^specs\/iso\.yaml:11:\d+ custom\.module: module specs\/checks\/none\.mjs has no/),
      expect.stringMatching(/^specs\/iso\.yaml:13:\d+ custom\.module: module specs\/cjs\/check\.js could not be/),
    ]);
  }, 30_000);
});
