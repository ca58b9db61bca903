// A run against the in-process emulator checks the tool and agent names its expectations give
// against the app, as `validate` does: a misspelt name in a negation could never fail (nothing can
// call `lookup_acount`). The same messages as validate, exit 2, nothing run and no report touched.
// Tool fakes are left to the run (a fake that answers no call is a warning; test/runner/tool-fakes-unused).
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type * as Api from '../../src/index.js';
import { ROOT, runArgs, runCli, tempProject } from '../helpers/cli.js';

const api = (await import(pathToFileURL(path.join(ROOT, 'dist/index.js')).href)) as typeof Api;

const SPEC = `conversations:
  - name: negated typo
    toolFakes: [ { tool: open_tickt, respond: { ok: true } } ]
    turns:
      - user: I want to talk to a human
        expect:
          - not: { transfer: biling_agent }
          - not: { toolCall: { name: lookup_acount } }
          - not: { toolSequence: { tools: [open_ticket] } }
`;

const PROBLEMS = [
  'specs/neg.yaml:7:13 transfer: agent "biling_agent": emulator app the demo app has no agent of that name ' +
    '(did you mean "billing_agent"?)',
  'specs/neg.yaml:8:13 toolCall: tool "lookup_acount": emulator app the demo app has no tool of that name ' +
    '(did you mean "lookup_account"?)',
];

describe('run checks expectation names against the emulator app', async () => {
  const p = await tempProject({ 'specs/neg.yaml': SPEC, 'out/results.json': '{"kept": true}\n' });
  afterAll(() => p.cleanup());

  it('a misspelt tool or agent is a load error with validate’s message: exit 2, nothing run', async () => {
    // Without --emulator and with no app configured, a run serves the demo app.
    const args = ['run', 'specs/neg.yaml', '--reporter', 'json', '--output-dir', 'out', '--no-history'];
    const res = await runCli(args, { cwd: p.dir, env: { CXAS_APP: '' } });
    expect(res.code, res.stdout).toBe(2);
    expect(res.stderr).toBe(`${PROBLEMS.join('\n')}\n2 errors; nothing was run.\n`);
    expect(res.stdout).toBe('');
    // The previous reports are not touched.
    expect(existsSync(path.join(p.dir, 'out/results.json'))).toBe(true);
    const validated = await runCli(['validate', 'specs/neg.yaml'], { cwd: p.dir });
    expect(validated.code).toBe(2);
    // validate says the same, and the tool fake too (a run reports that one itself).
    for (const line of PROBLEMS) expect(validated.stderr).toContain(line);
    expect(validated.stderr).toContain('tool fake "open_tickt"');
  });

  it('the library run throws RunLoadError with the same problems', async () => {
    const quiet = { io: { out: () => {}, warn: () => {}, env: {} }, history: false, coverage: false } as const;
    const running = api.run({ ...quiet, cwd: p.dir, paths: ['specs/neg.yaml'], outputDir: 'lib-out' });
    await expect(running).rejects.toBeInstanceOf(api.RunLoadError);
    await expect(running).rejects.toMatchObject({ problems: PROBLEMS });
    expect(existsSync(path.join(p.dir, 'lib-out'))).toBe(false);
  });

  it('names the app has: the run goes on (a fake that answers no call stays the run’s warning)', async () => {
    await p.write(
      'specs/neg.yaml',
      SPEC.replace('biling_agent', 'root_agent').replace('lookup_acount', 'lookup_account'),
    );
    const res = await runCli(runArgs({ specs: 'specs/neg.yaml', reporter: 'list' }, '--no-history'), { cwd: p.dir });
    expect(res.code, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toContain('tool fake "open_tickt" answered no call');
  });

  it("refuses an agent's full resource name (a transfer answers to id and display name): run, validate", async () => {
    // The transfer happens; compared by resource it would not match, and the negation would pass.
    const resource = 'projects/demo/locations/us/apps/cymbal-support/agents/billing_agent';
    await p.write(
      'specs/res.yaml',
      `conversations:\n  - name: by resource\n    turns:\n      - user: I want to talk to a human\n` +
        `        expect:\n          - not: { transfer: ${resource} }\n`,
    );
    const problem =
      `specs/res.yaml:6:13 transfer: agent "${resource}": a transfer is named by its agent's id or display name, ` +
      'not its resource (did you mean "billing_agent"?)';
    const args = ['run', 'specs/res.yaml', '--reporter', 'json', '--output-dir', 'out', '--no-history'];
    const res = await runCli(args, { cwd: p.dir, env: { CXAS_APP: '' } });
    expect(res.code, res.stdout).toBe(2);
    expect(res.stderr).toBe(`${problem}\n1 error; nothing was run.\n`);
    const validated = await runCli(['validate', 'specs/res.yaml'], { cwd: p.dir, env: { CXAS_APP: '' } });
    expect(validated.code).toBe(2);
    expect(validated.stderr).toContain(problem);
  });
});
