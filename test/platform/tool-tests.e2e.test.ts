// Tool tests end to end: the built CLI loads cxas-scrapi tool-test files unchanged (and the native
// `toolTests:` form), runs them through ToolService.ExecuteTool against the in-process emulator
// over loopback gRPC, and reports them with the same reporters and exit codes.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpecs } from '../../src/runner/load/index.js';
import type { RunResult } from '../../src/model/result.js';
import { runCli, tempProject } from '../helpers/cli.js';
import { startEmulator } from '../../src/emulator/index.js';

const DEMO_APP = path.resolve(import.meta.dirname, '../../specs/demo/app.yaml');

const SCRAPI = `tests:
  - name: balance is returned
    tool: Lookup account
    args: { account_id: "ACC-1001" }
    variables: { account_id: "ACC-9" }
    expectations:
      response:
        - { path: $.balance, operator: equals, value: 42.5 }
        - { path: $.account_id, operator: contains, value: "ACC-9" }
        - { path: $.currency, operator: length_equals, value: 3 }
        - { path: $.missing, operator: is_null }
      variables:
        - { path: $.customer_tier, operator: equals, value: standard }
  - name: balance above 100
    tool: lookup_account
    expectations:
      response:
        - { path: $.balance, operator: greater_than, value: 100 }
  - name: client function
    tool: Open ticket
    expectations:
      response: [{ path: $.ticket_id, operator: is_not_null }]
`;

const NATIVE = `conversations:
  - name: welcome
    turns:
      - event: WELCOME
        expect: [{ text: Welcome }]
toolTests:
  - name: native lookup
    tags: [tools]
    tool: projects/demo/locations/us/apps/cymbal-support/tools/lookup_account
    expect:
      response: [{ path: "$['status']", operator: equals, value: ok }]
`;

// A fragment's toolTests are the including file's (the fragment is not run on its own).
const INCLUDING = `include: [shared/tools.yaml]
conversations:
  - name: hi
    turns:
      - event: WELCOME
`;
const FRAGMENT = `toolTests:
  - name: shared lookup
    tool: lookup_account
    args: { account_id: ACC-1001 }
    expect:
      response: [{ path: $.balance, operator: equals, value: 999 }]
`;

let project: Awaited<ReturnType<typeof tempProject>>;

beforeAll(async () => {
  project = await tempProject({
    'tests/tool_tests.yaml': SCRAPI,
    'specs/mixed.yaml': NATIVE,
    'included/main.yaml': INCLUDING,
    'included/shared/tools.yaml': FRAGMENT,
  });
});
afterAll(() => project.cleanup());

const results = async (dir: string): Promise<RunResult> =>
  JSON.parse(await readFile(path.join(project.dir, dir, 'results.json'), 'utf8')) as RunResult;

describe('tool tests', () => {
  it('run a cxas-scrapi file unchanged: pass, fail and error for the right reasons; exit 1', async () => {
    const r = await runCli(['run', 'tests/tool_tests.yaml', '--reporter', 'json,junit', '--output-dir', 'out1'], {
      cwd: project.dir,
    });
    expect(r.code).toBe(1);
    const res = await results('out1');
    const byName = Object.fromEntries(res.conversations.map((c) => [c.name, c]));
    expect(byName['balance is returned']!.status).toBe('passed');
    expect(byName['balance is returned']!.assertions.map((a) => a.status)).toEqual([
      'passed',
      'passed',
      'passed',
      'passed',
      'passed',
    ]);
    expect(byName['balance above 100']!.status).toBe('failed');
    expect(byName['balance above 100']!.assertions[0]!.message).toBe(
      '$.balance greaterThan 100: does not hold; got 42.5',
    );
    expect(byName['client function']!.status).toBe('error');
    expect(byName['client function']!.error).toMatchObject({ code: 'FAILED_PRECONDITION' });
    expect(res.summary).toMatchObject({ total: 3, passed: 1, failed: 1, error: 1 });
    const junit = await readFile(path.join(project.dir, 'out1/junit.xml'), 'utf8');
    expect(junit).toContain('balance above 100');
  });

  it('refuse a tool the app does not have before running anything (it failed every run, blaming the app)', async () => {
    await project.write('unknown/tool_tests.yaml', 'tests:\n  - name: unknown tool\n    tool: Lookup acount\n');
    const r = await runCli(['run', 'unknown', '--output-dir', 'out-unknown'], { cwd: project.dir });
    expect(r.stderr).toContain(
      'unknown/tool_tests.yaml:3:11 tool: tool "Lookup acount": emulator app the demo app has no tool of that name ' +
        '(did you mean "Lookup account"?)',
    );
    expect(r.code).toBe(2);
    // A live app is not listed before a run (validate --app does that): the tool directory reports it.
    const emulator = await startEmulator({ app: DEMO_APP, platform: true });
    try {
      const live = ['--app', emulator.appName, '--endpoint', emulator.address, '--insecure'];
      const res = await runCli(['run', 'unknown', ...live, '--reporter', 'json', '--output-dir', 'out-live'], {
        cwd: project.dir,
      });
      expect(res.code).toBe(1);
      const [unknown] = (await results('out-live')).conversations;
      expect(unknown!.status).toBe('error');
      expect(unknown!.error!.message).toMatch(/tool "Lookup acount" not found .*Lookup account, Open ticket/);
    } finally {
      await emulator.stop();
    }
  });

  it('run native toolTests next to conversations, filtered by --tag like conversations', async () => {
    const all = await runCli(['run', 'specs', '--reporter', 'json', '--output-dir', 'out2'], { cwd: project.dir });
    expect(all.code).toBe(0);
    expect((await results('out2')).conversations.map((c) => [c.name, c.status])).toEqual([
      ['welcome', 'passed'],
      ['native lookup', 'passed'],
    ]);
    const tagged = await runCli(['run', 'specs', '--tag', 'tools', '--reporter', 'json', '--output-dir', 'out3'], {
      cwd: project.dir,
    });
    expect(tagged.code).toBe(0);
    expect((await results('out3')).conversations.map((c) => c.name)).toEqual(['native lookup']);
    const listed = await runCli(['run', 'specs', '--list'], { cwd: project.dir });
    expect(listed.stdout).toMatch(
      /specs\/mixed\.yaml:7:5 › native lookup \[tool test; tools\]\n1 conversation and 1 tool test in 1 file/,
    );
  });

  it("run an included fragment's toolTests as the including file's: a failing one fails the run", async () => {
    const r = await runCli(['run', 'included', '--reporter', 'json', '--output-dir', 'out-included'], {
      cwd: project.dir,
    });
    expect(r.code).toBe(1);
    const res = await results('out-included');
    expect(res.conversations.map((c) => [c.name, c.file, c.status])).toEqual([
      ['hi', 'included/main.yaml', 'passed'],
      ['shared lookup', 'included/main.yaml', 'failed'],
    ]);
  });

  it('convert writes the native form, which loads to the same tool tests', async () => {
    const r = await runCli(['convert', 'tests/tool_tests.yaml', '-o', 'specs2/tools.yaml'], { cwd: project.dir });
    expect(r.code).toBe(0);
    const [scrapi, native] = await Promise.all([
      loadSpecs(['tests/tool_tests.yaml'], { cwd: project.dir }),
      loadSpecs(['specs2/tools.yaml'], { cwd: project.dir }),
    ]);
    expect(native.errors).toEqual([]);
    const strip = (f: typeof scrapi) =>
      f.files[0]!.toolTests!.map(({ id: _i, file: _f, loc: _l, toolLoc: _t, ...t }) => ({
        ...t,
        expectResponse: t.expectResponse.map(({ loc: _x, ...c }) => c),
        expectVariables: t.expectVariables.map(({ loc: _x, ...c }) => c),
      }));
    expect(strip(native)).toEqual(strip(scrapi));
    expect(native.files[0]!.format).toBe('native');
  });

  it('reject bad tool tests at file:line:col (unknown keys, bad JSONPath, missing value)', async () => {
    await project.write('bad/a.yaml', 'tests:\n  - name: a\n    tool: t\n    expectation: {}\n');
    await project.write(
      'bad/b.yaml',
      'toolTests:\n  - name: b\n    tool: t\n    expect:\n      response:\n' +
        '        - { path: "$.a b", operator: isNull }\n        - { path: $.c, operator: equals }\n',
    );
    const r = await runCli(['validate', 'bad'], { cwd: project.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /bad\/a\.yaml:4:5 tests\[0\]: unknown key "expectation" \(did you mean "expectations"\?\)/,
    );
    expect(r.stderr).toMatch(
      /bad\/b\.yaml:6:\d+ toolTests\[0\]\.expect\.response\[0\]\.path: JSONPath "\$\.a b": cannot read " b"/,
    );
    expect(r.stderr).toMatch(/bad\/b\.yaml:7:\d+ toolTests\[0\]\.expect\.response\[1\]: operator equals needs a value/);
  });

  it('reject an operand the operator cannot compare with at its value, in both forms', async () => {
    const check = (operator: string, value: string) =>
      `        - { path: $.a, operator: ${operator}, value: ${value} }\n`;
    await project.write(
      'operands/native.yaml',
      'toolTests:\n  - name: n\n    tool: lookup_account\n    expect:\n      response:\n' +
        check('lengthEquals', '"3"') +
        check('greaterThan', '[1]') +
        check('lengthLessThan', '2.5') +
        check('lessThan', '"b"') +
        check('contains', '[1]'),
    );
    await project.write(
      'operands/scrapi.yaml',
      'tests:\n  - name: s\n    tool: lookup_account\n    expectations:\n      response:\n' +
        check('length_greater_than', '{ n: 1 }') +
        check('less_than', 'true'),
    );
    const r = await runCli(['validate', 'operands'], { cwd: project.dir });
    expect(r.code).toBe(2);
    const length = 'takes a length, a whole number of at least 0; got';
    expect(r.stderr.split('\n').filter((line) => line.startsWith('operands/'))).toEqual([
      `operands/native.yaml:6:55 toolTests[0].expect.response[0].value: lengthEquals ${length} ` +
        'the string "3" (write 3 without quotes)',
      'operands/native.yaml:7:54 toolTests[0].expect.response[1].value: greaterThan compares with a number or ' +
        'a string; got a list',
      `operands/native.yaml:8:57 toolTests[0].expect.response[2].value: lengthLessThan ${length} 2.5`,
      `operands/scrapi.yaml:6:62 tests[0].expectations.response[0].value: length_greater_than ${length} a map`,
      'operands/scrapi.yaml:7:52 tests[0].expectations.response[1].value: less_than compares with a number or ' +
        'a string; got true',
    ]);
  });
});
