// `validate` is the whole check in one pass (issue 25 points 2 and 5): it loads the emulator app
// the config names and reports every problem of it (none elided; schema and cross-reference errors
// together), checks tool fakes, toolCall tools and transfer agents against the app (did-you-mean; a
// fake of a server-side tool never fires), and rejects contradictions (count min > max, passRate
// with repeat 1), all in one run.
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempProject } from '../helpers/cli.js';
import { startEmulator } from '../../src/emulator/index.js';

const APP = `app: projects/test/locations/us/apps/hotel
rootAgent: root_agent
tools:
  lookup:
    response: { source: real }
  collect_payment:
    client: true
agents:
  root_agent:
    routes:
      - on: { default: true }
        say: hi
  billing_agent:
    routes:
      - on: { default: true }
        say: billing
`;
const NAMES = `conversations:
  - name: pay
    toolFakes:
      - tool: colect_payment
        respond: { ok: true }
      - tool: lookup
        respond: { source: faked }
    turns:
      - user: pay please
        expect:
          - toolCall: lokup
          - transfer: bookings_agent
`;
const CONTRADICTIONS = `conversations:
  - name: counted
    passRate: 0.5
    turns:
      - user: hi
        expect:
          - toolCall: { name: lookup, count: { min: 3, max: 1 } }
`;

// The app with display names (as CES apps have): a display name is not what entryAgent or a tool
// response sends.
const NAMED_APP = APP.replace('  billing_agent:\n', '  billing_agent:\n    displayName: Billing\n').replace(
  '    client: true\n',
  '    client: true\n    displayName: Collect payment\n',
);
// Names the session is started with or sends, and the tool a tool test calls: unchecked, each
// failed every run (NOT_FOUND blaming the app, at the first turn).
const SENT = `conversations:
  - name: sent
    entryAgent: bililng_agent
    turns:
      - toolResponses: [{ tool: colect_payment, response: { ok: true } }]
  - name: by display name
    entryAgent: Billing
    turns:
      - toolResponses: [{ tool: Collect payment, response: { ok: true } }]
toolTests:
  - name: tt
    tool: lokup
  - name: by resource
    tool: projects/test/locations/us/apps/hotel/tools/lookup
`;

describe('validate checks specs against the emulator app, in one pass', async () => {
  const p = await tempProject({
    'cxas-eval.config.yaml': 'emulator: app.yaml\n',
    'app.yaml': APP,
    'specs/names.yaml': NAMES,
    'specs/contradictions.yaml': CONTRADICTIONS,
  });
  afterAll(() => p.cleanup());
  const validate = () => runCli(['validate'], { cwd: p.dir });

  it('reports names unknown to the app, server-side fakes and contradictions, every file at once', async () => {
    const res = await validate();
    expect(res.code).toBe(2);
    expect(res.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^specs\/contradictions\.yaml:2:5 passRate: passRate 0\.5 with repeat 1/),
      'specs/contradictions.yaml:7:13 toolCall.count: count min 3 is greater than max 1: ' +
        'no number of calls can satisfy it',
      'specs/names.yaml:4:9 toolFakes: tool fake "colect_payment": emulator app app.yaml has no tool of that name ' +
        '(did you mean "collect_payment"?)',
      expect.stringMatching(
        /^specs\/names\.yaml:6:9 toolFakes: tool fake "lookup": a server-side tool of emulator app .*never fires/,
      ),
      'specs/names.yaml:11:13 toolCall: tool "lokup": emulator app app.yaml has no tool of that name ' +
        '(did you mean "lookup"?)',
      expect.stringMatching(
        /^specs\/names\.yaml:12:13 transfer: agent "bookings_agent": emulator app app\.yaml has no agent/,
      ),
      '6 errors in 2 files',
    ]);
  });

  it('checks the names against a live app with --app (AgentService lists, here the emulator)', async () => {
    const emulator = await startEmulator({ app: path.join(p.dir, 'app.yaml') });
    try {
      const res = await runCli(
        ['validate', 'specs/names.yaml', '--app', emulator.appName, '--endpoint', emulator.address, '--insecure'],
        { cwd: p.dir },
      );
      expect(res.code).toBe(2);
      expect(res.stderr).toContain(
        `specs/names.yaml:4:9 toolFakes: tool fake "colect_payment": app ${emulator.appName} has no tool ` +
          'of that name (did you mean "collect_payment"?)',
      );
      expect(res.stderr).toMatch(/specs\/names\.yaml:6:9 toolFakes: tool fake "lookup": a server-side tool/);
      expect(res.stderr).toContain('4 errors in 1 file');
    } finally {
      await emulator.stop();
    }
  });

  it('checks entryAgent, toolResponses and tool test tools too; run refuses them before any turn', async () => {
    await p.write('sent/sent.yaml', SENT);
    await p.write('app2.yaml', NAMED_APP);
    const expected = [
      'sent/sent.yaml:3:17 entryAgent: agent "bililng_agent": emulator app app2.yaml has no agent of that name ' +
        '(did you mean "billing_agent"?)',
      'sent/sent.yaml:5:33 toolResponses: tool "colect_payment": emulator app app2.yaml has no tool of that name ' +
        '(did you mean "collect_payment"?)',
      'sent/sent.yaml:7:17 entryAgent: agent "Billing": entryAgent names its agent by id, not display name ' +
        '(did you mean "billing_agent"?)',
      'sent/sent.yaml:9:33 toolResponses: tool "Collect payment": a tool response names its tool by id, ' +
        'not display name (did you mean "collect_payment"?)',
      'sent/sent.yaml:12:11 tool: tool "lokup": emulator app app2.yaml has no tool of that name ' +
        '(did you mean "lookup"?)',
    ];
    const res = await runCli(['validate', 'sent', '--emulator', 'app2.yaml'], { cwd: p.dir });
    expect(res.stderr.split('\n').filter(Boolean)).toEqual([...expected, '5 errors in 1 file']);
    expect(res.code).toBe(2);
    const run = await runCli(['run', 'sent', '--emulator', 'app2.yaml', '--no-history', '--output-dir', 'out-sent'], {
      cwd: p.dir,
    });
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([...expected, '5 errors; nothing was run.']);
    expect(run.code).toBe(2);
  });

  it('lists every problem of the app itself, none elided, with the specs', async () => {
    await p.write('app.yaml', APP.replace('say: hi', 'do: [ { transfer: a1 }, { transfer: a2 }, { transfer: a3 } ]'));
    await p.write('specs/names.yaml', 'conversations:\n  - name: fine\n    turns: [ { user: hi } ]\n');
    const res = await validate();
    expect(res.code).toBe(2);
    for (const agent of ['a1', 'a2', 'a3'])
      expect(res.stderr).toMatch(new RegExp(`app\\.yaml:\\d+:\\d+ .*agent "${agent}" is not defined`));
    expect(res.stderr).not.toContain('more)');
    expect(res.stderr).toContain('specs/contradictions.yaml:2:5 passRate');
    expect(res.stderr).toContain('5 errors in 2 files');
  });

  it("reports the app's schema errors and its other references in one pass, none a schema error causes", async () => {
    const broken = APP.replace('say: hi', 'do: [ { transfer: 42 }, { transfer: bookings_agent } ]').replace(
      'say: billing',
      'sai: billing',
    );
    await p.write('app.yaml', broken);
    const res = await validate();
    expect(res.code).toBe(2);
    // Schema errors first (they are the cause), then the references the schema errors leave meaningful,
    // each at its place relative to the working directory, as spec errors are.
    const appLines = res.stderr.split('\n').filter((l) => l.includes('app.yaml:'));
    expect(appLines).toEqual([
      'app.yaml:12:27 agents.root_agent.routes[0].do[0].transfer: expected a string, got a number',
      'app.yaml:16:9 agents.billing_agent.routes[0]: unknown key "sai" (did you mean "say"?)',
      'app.yaml:12:45 agents.root_agent.routes[0].do[1].transfer: agent "bookings_agent" is not defined ' +
        '(defined: root_agent, billing_agent)',
    ]);
    expect(res.stderr).not.toContain('agent "42"');
  });
});
