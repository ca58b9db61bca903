// `cxas-eval platform push|run|pull` end to end: the built CLI against emulators over loopback gRPC
// (v1beta EvaluationService, Operations, AgentService), each emulator started here with the run
// behaviour a test needs.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EvaluationRunOptions, type RunningEmulator } from '../../src/emulator/index.js';
import type { RunResult } from '../../src/model/result.js';
import { PlatformClient } from '../../src/platform/grpc.js';
import { DEMO_APP, runCli, startCli, tempProject } from '../helpers/cli.js';
import { joinRegex } from '../helpers/regex.js';

const APP = 'projects/demo/locations/us/apps/cymbal-support';
const SPEC = `app: ${APP}
conversations:
  - name: welcome and pin
    tags: [ci]
    turns:
      - event: WELCOME
        expect: [{ text: Welcome }]
      - dtmf: "1234#"
        expect:
          - text: { equals: "Thank you, you are now verified." }
          - variables: { authenticated: true }
      - user: what is my balance
        expect:
          - toolCall: { name: lookup_account, args: { account_id: ACC-1001 } }
          - text: { contains: "$" }
    expect:
      - judge: { prompt: The agent states the balance from the tool }
  - name: billing
    tags: [ci, billing]
    turns:
      - user: I want billing
        expect: [{ transfer: billing_agent }]
`;
const WRONG = SPEC.replace('transfer: billing_agent', 'transfer: root_agent');
const REFUSED = `${SPEC}  - name: regex
    turns:
      - user: what is my balance
        expect: [{ text: { matches: "/\\\\$42/" } }]
`;

let project: Awaited<ReturnType<typeof tempProject>>;
const emulators: RunningEmulator[] = [];

async function emulator(evaluationRuns: EvaluationRunOptions = {}): Promise<RunningEmulator> {
  const e = await startEmulator({ app: DEMO_APP, evaluationRuns: { pollsToFinish: 2, ...evaluationRuns } });
  emulators.push(e);
  return e;
}

const cli = (e: RunningEmulator, args: string[], cwd = project.dir) =>
  runCli(['platform', ...args, '--endpoint', e.address, '--insecure'], { cwd });
const run = (e: RunningEmulator, args: string[], out: string) =>
  cli(e, [
    'run',
    ...args,
    '--app',
    APP,
    '--wait',
    '--poll-interval',
    '20',
    '--reporter',
    'json,junit',
    '--output-dir',
    out,
  ]);
const results = async (out: string): Promise<RunResult> =>
  JSON.parse(await readFile(path.join(project.dir, out, 'results.json'), 'utf8')) as RunResult;

beforeAll(async () => {
  project = await tempProject({ 'specs/a.yaml': SPEC, 'wrong/a.yaml': WRONG, 'refused/a.yaml': REFUSED });
});
afterAll(async () => {
  await Promise.all(emulators.map((e) => e.stop()));
  await project.cleanup();
});

describe('platform push', () => {
  it('creates once, then a no-op; refuses what it cannot carry; --strict; --dry-run writes nothing', async () => {
    const e = await emulator();
    const first = await cli(e, ['push', 'specs']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      joinRegex(/^create +specs\/a\.yaml › welcome and pin\n/, /create +specs\/a\.yaml › billing\n/),
    );
    expect(first.stdout).toContain(
      '2 created, 0 updated, 0 unchanged, 0 refused, 0 skipped; 1 LLM expectation(s) created',
    );
    const refused = await cli(e, ['push', 'refused', '--dry-run']);
    expect(refused.stdout).toMatch(/^refused +refused\/a\.yaml › regex — nothing the platform can check\n/m);
    expect(refused.stdout).toMatch(/^ {4}carried: turns\[0\] \(turn\.user\): userInput\.text$/m);
    expect(refused.stdout).toMatch(
      /^ {4}refused: turns\[0\]\.expect\[0\] \(textMatcher\.matches\): the platform has no regular expressions$/m,
    );
    const client = new PlatformClient({ app: APP, endpoint: e.address, insecure: true });
    const before = await client.call('EvaluationService', 'ListEvaluations', { parent: APP }, 'parent');
    const second = await cli(e, ['push', 'specs']);
    expect(second.stdout).toContain('0 created, 0 updated, 2 unchanged');
    expect(await client.call('EvaluationService', 'ListEvaluations', { parent: APP }, 'parent')).toEqual(before);
    const strict = await cli(e, ['push', 'refused', '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.stdout).toContain('--strict: nothing was pushed');
    // The same conversations from another spec path are other evaluations; their display names clash.
    const dry = await cli(e, ['push', 'wrong', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('dry run: 2 created');
    expect(await client.call('EvaluationService', 'ListEvaluations', { parent: APP }, 'parent')).toEqual(before);
    client.close();
  });

  it('updates only the changed fields, with an update mask', async () => {
    const e = await emulator();
    expect((await cli(e, ['push', 'specs'])).code).toBe(0);
    await project.write(
      'specs2/specs/a.yaml',
      SPEC.replace('tags: [ci, billing]', 'tags: [ci]').replace('I want billing', 'billing please'),
    );
    const r = await cli(e, ['push', 'specs'], path.join(project.dir, 'specs2'));
    expect(r.stdout).toMatch(/unchanged +specs\/a\.yaml › welcome and pin/);
    expect(r.stdout).toMatch(/update +specs\/a\.yaml › billing \(tags, golden\)/);
    const client = new PlatformClient({ app: APP, endpoint: e.address, insecure: true });
    const list = await client.call('EvaluationService', 'ListEvaluations', { parent: APP }, 'parent');
    const billing = (list['evaluations'] as Array<Record<string, unknown>>).find(
      (x) => x['displayName'] === 'billing',
    )!;
    expect(billing['tags']).toEqual(['ci']);
    expect(JSON.stringify(billing['golden'])).toContain('billing please');
    client.close();
  });
});

describe("the config's match: strict", () => {
  it('is read by push and run as by a local run: strict text is EQUALS, strict counts are refused', async () => {
    const e = await emulator();
    const cwd = path.join(project.dir, 'strict');
    await project.write('strict/cxas-eval.config.yaml', `app: ${APP}\nmatch: strict\n`);
    await project.write(
      'strict/specs/s.yaml',
      `conversations:
  - name: greeting
    turns:
      - user: hello there
        expect: [{ text: "Sorry, I didn't get that." }]
  - name: balance
    variables: { authenticated: true }
    turns:
      - user: what is my balance
        expect: [{ toolCall: lookup_account }]
`,
    );
    const push = await cli(e, ['push'], cwd);
    expect(push.stdout).toMatch(/^create +specs\/s\.yaml › greeting$/m);
    expect(push.stdout).toMatch(/^refused +specs\/s\.yaml › balance — /m);
    expect(push.stdout).toContain('refused: turns[0].expect[0] (expectation.toolCall@strict)');
    const client = new PlatformClient({ app: APP, endpoint: e.address, insecure: true });
    const list = await client.call('EvaluationService', 'ListEvaluations', { parent: APP }, 'parent');
    expect(JSON.stringify(list['evaluations'])).toContain('"comparisonType":"EQUALS"');
    client.close();
    const r = await cli(
      e,
      ['run', 'specs', '--wait', '--poll-interval', '20', '--reporter', 'json', '--output-dir', 'out'],
      cwd,
    );
    expect(r.stderr).toContain(
      'not run on the platform, refused by push: specs/s.yaml › balance (expectation.toolCall@strict, push.nothing)',
    );
    const res = JSON.parse(await readFile(path.join(cwd, 'out/results.json'), 'utf8')) as RunResult;
    // EQUALS, as a local strict run compares it: the reply says more than the spec, so it fails;
    // the refused one was not evaluated, an error.
    expect(res.conversations.map((c) => [c.name, c.status])).toEqual([
      ['greeting', 'failed'],
      ['balance', 'error'],
    ]);
    expect(res.conversations[0]!.turns[0]!.result!.text).toMatch(/^Sorry, I didn't get that\. You can ask/);
    expect(r.code).toBe(1);
  });
});

describe('toolCall names', () => {
  it('pushes a tool named by its display name as its resource; refuses a name no tool has', async () => {
    const e = await emulator();
    await project.write(
      'names/a.yaml',
      `app: ${APP}
conversations:
  - name: by display name
    variables: { authenticated: true }
    turns:
      - user: What is my balance?
        expect:
          - toolCall: Lookup account
          - toolCall: { name: Lookup account, args: { account_id: ACC-1001 } }
  - name: a misspelt tool
    variables: { authenticated: true }
    turns:
      - user: What is my balance?
        expect: [{ toolCall: lookup_acount }, { text: Your balance }]
`,
    );
    const push = await cli(e, ['push', 'names']);
    expect(push.stdout).toMatch(/^create +names\/a\.yaml › by display name$/m);
    expect(push.stdout).toMatch(/^refused +names\/a\.yaml › a misspelt tool — 1 construct /m);
    expect(push.stdout).toContain(
      "refused: turns[0].expect[0] (toolCallMatcher.name@unknown): the app's tools could not be listed, " +
        'or none has this id or display name',
    );
    const r = await run(e, ['names'], 'out-names');
    expect((await results('out-names')).conversations.map((c) => [c.name, c.status, c.error?.code])).toEqual([
      ['by display name', 'passed', undefined],
      ['a misspelt tool', 'error', 'PLATFORM_REFUSED'],
    ]);
    expect(r.code).toBe(1);
  });
});

describe('platform run', () => {
  it('reports PASS as passed, FAIL as failed with the turn outcome, transcripts and LLM criteria; exit 1', async () => {
    const e = await emulator({ queuedPolls: 1 });
    expect((await cli(e, ['push', 'wrong'])).code).toBe(0);
    const r = await run(
      e,
      ['wrong', '--run-count', '2', '--golden-run-method', 'stable', '--tool-calls', 'fake'],
      'out-fail',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/platform run \S+: QUEUED 0\/4/);
    expect(r.stderr).toContain(
      'cxas-eval: warning: wrong/a.yaml › billing runs with fake tool calls (the spec asks for real) ' +
        'and 2 runs (the spec asks for 1); its verdict may differ from a local run',
    );
    expect(r.stderr).toMatch(/platform run \S+: COMPLETED 4\/4 \(2 passed, 2 failed, 0 error\)/);
    const res = await results('out-fail');
    expect(res.conversations.map((c) => [c.name, c.runIndex, c.status])).toEqual([
      ['welcome and pin', 0, 'passed'],
      ['welcome and pin', 1, 'passed'],
      ['billing', 0, 'failed'],
      ['billing', 1, 'failed'],
    ]);
    const pin = res.conversations[0]!;
    expect(pin.file).toBe('wrong/a.yaml');
    expect(pin.loc).toMatchObject({ file: 'wrong/a.yaml', line: 3 });
    expect(pin.turns[2]!.result!.toolCalls[0]).toMatchObject({
      name: 'lookup_account',
      args: { account_id: 'ACC-1001' },
    });
    expect(pin.turns[2]!.result!.text).toBe('Your balance is $0.');
    expect(pin.assertions).toEqual([
      expect.objectContaining({ matcher: 'judge', status: 'skipped', message: expect.stringMatching(/no LLM judge/) }),
    ]);
    const billing = res.conversations[2]!;
    expect(billing.turns[0]!.assertions[0]).toMatchObject({
      matcher: 'transfer',
      status: 'failed',
      message: expect.stringMatching(/observed .*billing_agent/),
    });
    expect(res.repeats.map((x) => [x.name, x.status])).toEqual([
      ['welcome and pin', 'passed'],
      ['billing', 'failed'],
    ]);
    expect(await readFile(path.join(project.dir, 'out-fail/junit.xml'), 'utf8')).toContain('billing');
    const client = new PlatformClient({ app: APP, endpoint: e.address, insecure: true });
    const runs = (await client.call('EvaluationService', 'ListEvaluationRuns', { parent: APP }, 'parent'))[
      'evaluationRuns'
    ] as Array<Record<string, unknown>>;
    expect(runs[0]).toMatchObject({
      runCount: 2,
      goldenRunMethod: 'STABLE',
      config: { toolCallBehaviour: 'FAKE' },
      state: 'COMPLETED',
    });
    client.close();
  });

  it('passes with exit 0 when every result passes, selecting by --tag', async () => {
    const e = await emulator();
    await cli(e, ['push', 'specs']);
    const r = await run(e, ['--tag', 'billing'], 'out-pass');
    expect(r.code).toBe(0);
    expect((await results('out-pass')).conversations.map((c) => [c.name, c.status])).toEqual([['billing', 'passed']]);
  });

  it('writes the same HTML sections as a local run of the same specs, coverage included', async () => {
    const e = await emulator();
    await cli(e, ['push', 'specs']);
    const reported = ['--reporter', 'html', '--output-dir'];
    const platform = await cli(e, [
      'run',
      'specs',
      '--app',
      APP,
      '--wait',
      '--poll-interval',
      '20',
      ...reported,
      'h-p',
    ]);
    const local = await runCli(['run', 'specs', '--emulator', DEMO_APP, '--no-judge', ...reported, 'h-l'], {
      cwd: project.dir,
    });
    expect([platform.code, local.code]).toEqual([0, 0]);
    const sections = async (dir: string) =>
      [...(await readFile(path.join(project.dir, dir, 'report.html'), 'utf8')).matchAll(/<h2>([^<]*)/g)].map(
        (m) => m[1],
      );
    const localSections = await sections('h-l');
    expect(localSections).toContain(`Coverage of ${APP}`);
    expect(await sections('h-p')).toEqual(localSections);
  });

  it('a signal while waiting: reports say interrupted, none earlier is left, stderr names the operation', async () => {
    const e = await emulator({ pollsToFinish: 1_000 });
    await cli(e, ['push', 'specs']);
    // An earlier run's green reports, one of a reporter this run does not write.
    const out = path.join(project.dir, 'out-signal');
    await mkdir(out, { recursive: true });
    for (const file of ['results.json', 'report.html']) await writeFile(path.join(out, file), '{"status":"passed"}');
    const { child, done } = startCli(
      ['platform', 'run', 'specs', '--app', APP, '--endpoint', e.address, '--insecure', '--wait'].concat([
        '--poll-interval',
        '20',
        '--reporter',
        'json,junit',
        '--output-dir',
        'out-signal',
      ]),
      { cwd: project.dir },
    );
    let stderr = '';
    child.stderr!.on('data', (d) => {
      stderr += d;
      if (/platform run \S+: RUNNING/.test(stderr) && !child.killed) child.kill('SIGINT');
    });
    const r = await done;
    expect(r.code, r.stderr).toBe(130);
    const operation = /operations\/[\w-]+/.exec(r.stderr)?.[0];
    expect(r.stderr).toContain(
      'Interrupted (SIGINT) while waiting for the platform; ' +
        `still running on the platform (not cancelled): ${APP}/${operation}.\n`,
    );
    const res = await results('out-signal');
    expect([res.status, res.interrupted]).toEqual(['interrupted', true]);
    expect(res.conversations.map((c) => [c.name, c.status])).toEqual([
      ['welcome and pin', 'interrupted'],
      ['billing', 'interrupted'],
    ]);
    expect(res.errors[0]).toMatchObject({
      code: 'INTERRUPTED',
      message: expect.stringContaining(`${APP}/${operation}`),
    });
    expect(await readFile(path.join(out, 'junit.xml'), 'utf8')).toContain('type="interrupted"');
    expect(existsSync(path.join(out, 'report.html'))).toBe(false);
  });

  it("the config's failOnSkipped fails a run in which the platform skipped an evaluation, as a local run", async () => {
    const e = await emulator();
    await project.write(
      'skip/a.yaml',
      `app: ${APP}\nconversations:\n` +
        '  - name: skipped\n    tags: ["emulator:skipped"]\n    turns: [{ user: hi, expect: [noToolCalls: true] }]\n',
    );
    await project.write('skip-strict.config.yaml', 'failOnSkipped: true\n');
    const pushed = await cli(e, ['push', 'skip']);
    expect(pushed.code, pushed.stderr).toBe(0);
    const lenient = await run(e, ['skip'], 'out-skip');
    expect(lenient.code, lenient.stderr).toBe(0);
    expect((await results('out-skip')).status).toBe('skipped');
    const strict = await run(e, ['skip', '--config', 'skip-strict.config.yaml'], 'out-skip-strict');
    expect(strict.code).toBe(1);
    const res = await results('out-skip-strict');
    expect([res.status, res.conversations[0]!.status]).toEqual(['failed', 'skipped']);
    expect(res.errors.map((x) => x.code)).toEqual(['FAIL_ON_SKIPPED']);
  });

  it('turns ERROR and CANCELLED results, a failed run and a timeout into errors (exit 1)', async () => {
    const tagged = await emulator();
    const queued =
      '  - name: queued\n    tags: ["emulator:queued"]\n    turns: [{ user: hi, expect: [noToolCalls: true] }]\n' +
      '  - name: skipped\n    tags: ["emulator:skipped"]\n    turns: [{ user: hi, expect: [noToolCalls: true] }]\n';
    await project.write(
      'inject/a.yaml',
      SPEC.replace('tags: [ci]', 'tags: [ci, "emulator:error"]').replace(
        'tags: [ci, billing]',
        'tags: [ci, "emulator:cancelled"]',
      ) + queued,
    );
    await cli(tagged, ['push', 'inject']);
    const r = await run(tagged, ['inject'], 'out-inject');
    expect(r.code).toBe(1);
    const res = await results('out-inject');
    expect(res.conversations.map((c) => [c.status, c.error?.code])).toEqual([
      ['error', 'PLATFORM_ERROR'],
      ['error', 'PLATFORM_CANCELLED'],
      ['error', 'PLATFORM_QUEUED'],
      ['skipped', undefined],
    ]);
    expect(res.conversations[3]!.skipReason).toBe('the platform skipped this evaluation');
    expect(res.conversations[0]!.error!.message).toMatch(/the platform reports ERROR: injected ERROR/);

    const failing = await emulator({ runState: 'CANCELLED' });
    await cli(failing, ['push', 'specs']);
    const cancelled = await run(failing, ['specs'], 'out-cancelled');
    expect(cancelled.code).toBe(1);
    expect((await results('out-cancelled')).errors).toEqual([
      expect.objectContaining({ code: 'PLATFORM_RUN_CANCELLED' }),
    ]);
    // The results inside a cancelled run are errors, never passed.
    const inCancelled = (await results('out-cancelled')).conversations;
    expect(inCancelled.length).toBeGreaterThan(0);
    expect(inCancelled.filter((c) => c.status === 'passed')).toEqual([]);

    const slow = await emulator({ pollsToFinish: 1_000_000 });
    await cli(slow, ['push', 'specs']);
    // --timeout bounds every call too: long enough for the listing and the start, then the poll times out.
    const timeout = await run(slow, ['specs', '--timeout', '2s'], 'out-timeout');
    expect(timeout.code).toBe(1);
    const timedOut = await results('out-timeout');
    expect(timedOut.status).toBe('error');
    expect(timedOut.conversations.map((c) => [c.status, c.error?.code])).toEqual([
      ['error', 'TIMEOUT'],
      ['error', 'TIMEOUT'],
    ]);
    expect(timedOut.conversations[0]!.error!.message).toMatch(/still RUNNING after 2 s \(--timeout\)/);
  });

  it('does not run what push no longer carries as the verdict of the spec, unless --lossy', async () => {
    const e = await emulator();
    const cwd = path.join(project.dir, 'stale');
    const carried = `app: ${APP}
conversations:
  - name: billing
    turns:
      - user: I want billing
        expect: [{ transfer: billing_agent }]
  - name: balance
    variables: { authenticated: true }
    turns:
      - user: what is my balance
        expect: [{ text: Your balance }]
`;
    await project.write('stale/specs/a.yaml', carried);
    expect((await cli(e, ['push', 'specs'], cwd)).code).toBe(0);
    // The spec now asks what the platform cannot check (and the agent does not do): push refuses it.
    await project.write(
      'stale/specs/a.yaml',
      carried.replace('[{ text: Your balance }]', '[{ text: Your balance }, { text: { matches: "^Nope" } }]'),
    );
    const push = await cli(e, ['push', 'specs'], cwd);
    expect(push.stdout).toMatch(/^refused +specs\/a\.yaml › balance — 1 construct /m);
    expect(push.stdout).toContain('; the evaluation an earlier push made stays, and platform run leaves it out\n');
    const runIn = (args: string[], out: string) =>
      cli(e, ['run', ...args, '--wait', '--poll-interval', '20', '--reporter', 'json', '--output-dir', out], cwd);
    const statuses = async (out: string) =>
      (JSON.parse(await readFile(path.join(cwd, out, 'results.json'), 'utf8')) as RunResult).conversations.map((c) => [
        c.name,
        c.status,
      ]);
    const stale = await runIn(['specs'], 'out-stale');
    expect(stale.stderr).toContain(
      'cxas-eval: not run on the platform, refused by push: specs/a.yaml › balance (textMatcher.matches): ' +
        'its evaluation on the platform, from an earlier push, is not run (--lossy runs it)\n',
    );
    expect(await statuses('out-stale')).toEqual([
      ['billing', 'passed'],
      ['balance', 'error'],
    ]);
    const staleError = (JSON.parse(await readFile(path.join(cwd, 'out-stale/results.json'), 'utf8')) as RunResult)
      .conversations[1]!.error;
    expect(staleError).toEqual({
      code: 'PLATFORM_REFUSED',
      message:
        'not run on the platform: push refuses this conversation now (turns[0].expect[1] (textMatcher.matches): ' +
        'the platform has no regular expressions); its evaluation on the platform, from an earlier push, is not ' +
        'run (--lossy runs it)',
    });
    expect(stale.code).toBe(1);
    // Pushed with --lossy: every evaluation of the app runs, but not that one without --lossy.
    expect((await cli(e, ['push', 'specs', '--lossy'], cwd)).stdout).toMatch(/^update +specs\/a\.yaml › balance/m);
    const app = await runIn(['--app', APP], 'out-app');
    expect(app.stderr).toContain('refused by push: specs/a.yaml › balance (pushed with --lossy): its evaluation');
    expect(await statuses('out-app')).toEqual([
      ['billing', 'passed'],
      ['balance', 'error'],
    ]);
    expect(app.code).toBe(1);
    const lossy = await runIn(['specs', '--lossy'], 'out-lossy');
    expect(lossy.stderr).toContain(
      'cxas-eval: warning: specs/a.yaml › balance runs without what push could not carry (textMatcher.matches); ' +
        'its verdict may differ from a local run\n',
    );
    expect(await statuses('out-lossy')).toEqual([
      ['billing', 'passed'],
      ['balance', 'passed'],
    ]);
  });

  it('reports what it did not run: a refused conversation an error naming why, a skip: one skipped', async () => {
    const e = await emulator();
    const refusedAndSkipped = `  - name: regex refused
    turns:
      - user: what is my balance
        expect: [{ text: { matches: "/\\\\$99/" } }]
  - name: skipped one
    skip: flaky backend
    turns:
      - event: WELCOME
`;
    await project.write(
      'notrun/a.yaml',
      `app: ${APP}\nconversations:\n  - name: carried\n    turns: [{ event: WELCOME, expect: [{ text: Welcome }] }]\n` +
        refusedAndSkipped,
    );
    await project.write('notrun-only/a.yaml', `app: ${APP}\nconversations:\n${refusedAndSkipped}`);
    expect((await cli(e, ['push', 'notrun'])).code).toBe(0);
    const r = await run(e, ['notrun'], 'out-notrun');
    expect(r.code, r.stderr).toBe(1);
    const res = await results('out-notrun');
    expect(res.status).toBe('error');
    expect(res.conversations.map((c) => [c.name, c.status, c.loc?.line])).toEqual([
      ['carried', 'passed', 3],
      ['regex refused', 'error', 5],
      ['skipped one', 'skipped', 9],
    ]);
    expect(res.conversations[1]!.error).toEqual({
      code: 'PLATFORM_REFUSED',
      message:
        'not run on the platform: push refuses this conversation (turns[0].expect[0] (textMatcher.matches): ' +
        'the platform has no regular expressions; the conversation (push.nothing): nothing left that the ' +
        'platform can check (it would report SKIPPED))',
    });
    expect(res.conversations[2]!.skipReason).toBe('flaky backend');
    const junit = await readFile(path.join(project.dir, 'out-notrun/junit.xml'), 'utf8');
    expect(junit).toContain('tests="3" failures="0" errors="1" skipped="1"');
    expect(junit).toContain('<skipped message="flaky backend"/>');
    // Nothing the platform can run: no run is started, and the reports still say why (exit 1).
    const only = await run(e, ['notrun-only'], 'out-notrun-only');
    expect(only.code, only.stderr).toBe(1);
    expect(only.stderr).not.toMatch(/platform run \S+:/);
    expect((await results('out-notrun-only')).conversations.map((c) => [c.name, c.status])).toEqual([
      ['regex refused', 'error'],
      ['skipped one', 'skipped'],
    ]);
  });

  it('--lossy: a turn whose input was not carried has no reply, and the turns after it show their own', async () => {
    const e = await emulator();
    await project.write(
      'lossy-image/a.yaml',
      `app: ${APP}
conversations:
  - name: lossy image
    turns:
      - user: hello
        expect: [{ text: Sorry }]
      - image: { data: "iVBORw0KGgo=", mimeType: image/png }
        expect: [{ text: photo }]
      - user: I want billing
        expect: [{ transfer: billing_agent }]
`,
    );
    expect((await cli(e, ['push', 'lossy-image', '--lossy'])).code).toBe(0);
    await run(e, ['lossy-image', '--lossy'], 'out-lossy-image');
    const [c] = (await results('out-lossy-image')).conversations;
    expect(c!.turns.map((t) => [t.result?.text, t.error?.code])).toEqual([
      [expect.stringMatching(/^Sorry, I didn't get that/), undefined],
      [undefined, 'TURN_NOT_SENT'],
      ['Billing team here. How can I help with your bill?', undefined],
    ]);
    expect(c!.turns[1]!.error!.message).toMatch(/^this golden turn has no user input, so nothing was sent for it/);
    expect(c!.turns[2]!.result!.transfers.map((t) => t.to)).toEqual(['billing_agent']);
  });

  it('exits 2 when nothing is selected or the specs were never pushed', async () => {
    const e = await emulator();
    const none = await run(e, ['--tag', 'nope'], 'out-none');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no evaluations selected');
    const unpushed = await run(e, ['specs'], 'out-unpushed');
    expect(unpushed.code).toBe(2);
    expect(unpushed.stderr).toContain('run `cxas-eval platform push` first');
  });
});

describe('platform pull', () => {
  it('writes native specs that load, and pushing them from the pulled layout changes nothing', async () => {
    const e = await emulator();
    await cli(e, ['push', 'specs']);
    const pull = await cli(e, ['pull', '--app', APP, '--output-dir', 'pulled']);
    expect(pull.code).toBe(0);
    expect(pull.stdout).toContain('wrote pulled/specs/a.yaml (2 conversations)');
    const again = await cli(e, ['push', 'specs'], path.join(project.dir, 'pulled'));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 created, 0 updated, 2 unchanged');
    const validate = await runCli(['validate', 'pulled'], { cwd: project.dir });
    expect(validate.code).toBe(0);
  });

  it('never replaces a differing file silently: pulled into the project, it is refused unless --force', async () => {
    const e = await emulator();
    await cli(e, ['push', 'specs']);
    const spec = path.join(project.dir, 'specs/a.yaml');
    const before = await readFile(spec, 'utf8');
    // Into the project itself, one tag's conversations would replace the 2-conversation spec file.
    const refused = await cli(e, ['pull', '--app', APP, '--tag', 'billing', '--output-dir', '.']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'platform pull: a file already there would be replaced by the pulled conversations alone: specs/a.yaml; ' +
        'nothing was written (--force replaces them; or pull into another --output-dir)',
    );
    expect(await readFile(spec, 'utf8')).toBe(before);

    // A file with the same text is left alone and said so; --force replaces a differing one.
    await cli(e, ['pull', '--app', APP, '--output-dir', 'pulled-twice']);
    const again = await cli(e, ['pull', '--app', APP, '--output-dir', 'pulled-twice']);
    expect([again.code, again.stdout]).toEqual([0, 'unchanged pulled-twice/specs/a.yaml (2 conversations)\n']);
    const forced = await cli(e, ['pull', '--app', APP, '--tag', 'billing', '--output-dir', 'pulled-twice', '--force']);
    expect([forced.code, forced.stdout]).toEqual([0, 'wrote pulled-twice/specs/a.yaml (1 conversation)\n']);
  });

  it('writes nothing outside --output-dir, whatever spec path a description gives', async () => {
    const e = await emulator();
    await cli(e, ['push', 'specs']);
    const client = new PlatformClient({ app: APP, endpoint: e.address, insecure: true });
    const escaping = ['../../escaped.yaml', 'a/../../../escaped.yaml', '/tmp/absolute.yaml', '..\\..\\win.yaml'];
    for (const [i, file] of escaping.entries())
      await client.call(
        'EvaluationService',
        'CreateEvaluation',
        {
          parent: APP,
          evaluationId: `crafted${i}`,
          evaluation: {
            displayName: `crafted ${i}`,
            description: `cxas-eval spec: ${file} › crafted ${i}`,
            golden: { turns: [{ steps: [{ userInput: { text: 'hi' } }, { expectation: { noToolCalls: true } }] }] },
          },
        },
        'parent',
      );
    client.close();
    const cwd = path.join(project.dir, 'pull-out', 'deep');
    await project.write('pull-out/deep/.keep', '');
    const pull = await cli(e, ['pull', '--app', APP, '--output-dir', 'pulled'], cwd);
    expect(pull.code).toBe(0);
    expect(pull.stdout).toContain('wrote pulled/specs/a.yaml (2 conversations)');
    const notPulled = (i: number, why: string) =>
      `  not pulled: crafted ${i} (${APP}/evaluations/crafted${i}): its spec path ${escaping[i]} ${why}`;
    const out = 'leads out of the output directory';
    expect(pull.stdout.match(/^ {2}not pulled: crafted \d \(\S+\): its spec path .*$/gm)).toEqual([
      notPulled(0, out),
      notPulled(1, out),
      notPulled(2, 'is absolute (pushed from outside the project root?): pull writes only inside its output directory'),
      notPulled(3, out),
    ]);
    expect(pull.stdout).not.toMatch(/^wrote .*(escaped|absolute|win)/m);
    const written = await readdir(path.join(project.dir, 'pull-out'), { recursive: true });
    expect(written.sort()).toEqual([
      'deep',
      'deep/.keep',
      'deep/pulled',
      'deep/pulled/specs',
      'deep/pulled/specs/a.yaml',
    ]);
  });

  it('carries simulations as scenarios both ways; the emulator reports them as errors', async () => {
    const e = await emulator();
    await project.write(
      'sims/specs/s.yaml',
      `app: ${APP}
conversations:
  - name: simulated balance
    tags: [sim]
    variables: { customer_tier: gold }
    simulation:
      persona: A calm caller whose PIN is 1234.
      goals:
        - { goal: Get verified, successCriteria: The agent confirms verification }
        - { goal: Learn the balance, successCriteria: The agent states the balance }
      maxTurns: 8
    expect:
      - toolCall: { name: lookup_account }
      - judge: { prompt: The balance matches the tool }
`,
    );
    const cwd = path.join(project.dir, 'sims');
    const push = await cli(e, ['push', 'specs', '--lossy'], cwd);
    expect(push.stdout).toMatch(/^create +specs\/s\.yaml › simulated balance\n {4}lost: simulation /);
    const client = new PlatformClient({ app: APP, endpoint: e.address, insecure: true });
    const list = await client.call('EvaluationService', 'ListEvaluations', { parent: APP }, 'parent');
    const scenario = (list['evaluations'] as Array<Record<string, Record<string, unknown>>>)[0]!['scenario']!;
    expect(scenario).toMatchObject({
      task: '1. Get verified\n2. Learn the balance',
      rubrics: ['The agent confirms verification', 'The agent states the balance'],
      userFacts: [{ name: 'persona', value: 'A calm caller whose PIN is 1234.' }],
      maxTurns: 8,
      variableOverrides: { customer_tier: 'gold' },
      scenarioExpectations: [
        { toolExpectation: { expectedToolCall: { tool: `${APP}/tools/lookup_account`, args: {} } } },
      ],
    });
    client.close();
    const r = await cli(
      e,
      ['run', 'specs', '--lossy', '--wait', '--poll-interval', '20', '--reporter', 'json', '--output-dir', 'out-sim'],
      cwd,
    );
    expect(r.code).toBe(1);
    const res = JSON.parse(await readFile(path.join(cwd, 'out-sim/results.json'), 'utf8')) as RunResult;
    expect(res.conversations[0]!.error!.message).toMatch(/cannot simulate users/);
    expect((await cli(e, ['pull', '--app', APP, '--output-dir', 'pulled'], cwd)).code).toBe(0);
    const again = await cli(e, ['push', 'specs', '--lossy'], path.join(cwd, 'pulled'));
    expect(again.stdout).toContain('0 created, 0 updated, 1 unchanged');
  });
});
