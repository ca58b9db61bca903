// Coverage through the built CLI against the emulator (its app file in-process, its real gRPC list
// methods at an endpoint, the same inventory either way): the run's console line, results.json
// block and HTML panel; the gate from the flag and the config; the offline
// `coverage` command on a stored run (stored inventory, an app file, an app that cannot be listed);
// merge-reports gating on the union of two shards, which neither shard reaches alone.
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunCoverage } from '../../src/model/coverage.js';
import type { RunResult } from '../../src/model/result.js';
import { DEMO_APP, NO_CREDENTIALS, readJson, ROOT, runArgs, runCli, tempProject } from '../helpers/cli.js';
import { startEmulator } from '../../src/emulator/index.js';
import { FIXTURE_APP, FIXTURE_SPECS } from './helpers.js';

const figures = (c: RunCoverage) =>
  Object.fromEntries(
    (['agents', 'tools', 'toolsets', 'transfers', 'variables', 'routes'] as const).map((k) => [
      k,
      c[k] ? `${c[k].covered}/${c[k].total}` : 'none',
    ]),
  );
const missing = (c: RunCoverage, k: 'agents' | 'tools' | 'transfers' | 'variables' | 'routes') =>
  c[k]!.items.filter((i) => !i.covered).map((i) => i.name);

/** What test/fixtures/coverage/specs.yaml exercises of its app.yaml (the app file's header explains each). */
const FIXTURE_FIGURES = {
  agents: '3/4',
  tools: '2/5',
  toolsets: '0/0',
  transfers: '3/5',
  variables: '2/5',
  routes: '5/13',
};

/** The routes of test/fixtures/coverage/app.yaml its specs never match (5 of 13 match). */
const NOT_MATCHED = [
  'front_desk#3',
  'front_desk#4',
  'front_desk#5',
  'flights#2',
  'flights#4',
  'hotels#2',
  'hotels#3',
  'complaints#1',
];

describe('coverage through the CLI', () => {
  let project: Awaited<ReturnType<typeof tempProject>>;
  const cli = (args: string[]) => runCli(args, { cwd: project.dir, env: NO_CREDENTIALS });
  const fixtureRun = (outputDir: string, ...extra: string[]) =>
    cli(runArgs({ specs: FIXTURE_SPECS, app: FIXTURE_APP, reporter: 'list,json,html', outputDir }, ...extra));

  beforeAll(async () => {
    // The demo specs' files live outside this temporary project.
    const config = `coverage:\n  min: { agents: 1, transfers: 0.5 }\nfiles:\n  allowRoots: [${JSON.stringify(ROOT)}]\n`;
    project = await tempProject({ 'cxas-eval.config.yaml': config });
  });
  afterAll(() => project?.cleanup());

  it('run: exact figures item by item, the console line, the HTML panel; the gate fails the run', async () => {
    const run = await fixtureRun('out', '--min-coverage', 'tools=0.9');
    // The flag adds tools; the config's agents (3/4) fails too; its transfers (3/5) passes.
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('coverage: agents 3/4 · tools 2/5 · transfers 3/5 · variables 2/5 · routes 5/13\n');
    // The list reporter's summary names each shortfall, a run error (stderr does without it).
    expect(run.stdout).toContain(
      '! COVERAGE_BELOW_MINIMUM: coverage of agents 75.0% (3/4) is below the minimum 100.0%; ' +
        'not exercised: complaints\n',
    );
    expect(run.stdout).toContain(
      '! COVERAGE_BELOW_MINIMUM: coverage of tools 40.0% (2/5) is below the minimum 90.0%; ' +
        'not exercised: book_flight, cancel_booking, get_weather\n',
    );
    expect(run.stdout).not.toContain('coverage of transfers');
    expect(run.stdout).toContain('Status: failed\n');
    const result = await readJson<RunResult>(path.join(project.dir, 'out/results.json'));
    // The gate's shortfalls are run errors: the run failed in every report (gate.e2e.test.ts).
    expect(result.status).toBe('failed');
    expect(result.errors.map((e) => e.code)).toEqual(['COVERAGE_BELOW_MINIMUM', 'COVERAGE_BELOW_MINIMUM']);
    const cov = result.coverage as RunCoverage;
    expect(figures(cov)).toEqual(FIXTURE_FIGURES);
    expect(missing(cov, 'agents')).toEqual(['complaints']);
    expect(missing(cov, 'tools')).toEqual(['book_flight', 'cancel_booking', 'get_weather']);
    expect(missing(cov, 'transfers')).toEqual(['front_desk → complaints', 'hotels → front_desk']);
    expect(missing(cov, 'variables')).toEqual(['traveler', 'loyalty_tier', 'booking_ref']);
    // Routes: the emulator names the one that matched each turn; the inventory is the app file's.
    expect(missing(cov, 'routes')).toEqual(NOT_MATCHED);
    expect(cov.routes!.items.filter((i) => i.covered).map((i) => `${i.name} (${i.displayName}) ×${i.hits}`)).toEqual([
      'front_desk#1 (text: /flight/i) ×1',
      'front_desk#2 (text: /hotel/i) ×1',
      'flights#1 (text: /search/i) ×1',
      'flights#3 (text: /back/i) ×1',
      'hotels#1 (text: /search/i) ×1',
    ]);
    expect(cov.inventory.routes).toHaveLength(13);
    const flights = cov.tools.items.find((i) => i.name === 'search_flights');
    expect(flights).toMatchObject({ covered: true, hits: 1, by: ['flights'] });
    expect(flights?.first).toMatch(/#search flights and come back#0$/);
    expect(cov.inventory.source).toBe('emulator-file');
    const html = await readFile(path.join(project.dir, 'out/report.html'), 'utf8');
    expect(html).toContain(
      '<div class="panel" id="coverage"><h2>Coverage of projects/test/locations/us/apps/travel-desk',
    );
    expect(html).toContain('<h3>routes 5/13 (38%)</h3><table class="golden cov" data-category="routes">');
  });

  it('coverage <run>: from the stored inventory, from an app file, and a warning without figures', async () => {
    const stored = await cli(['coverage', 'out', '--min-coverage', 'agents=0.5,tools=0']);
    expect(stored.code).toBe(0);
    expect(stored.stdout).toBe(
      [
        'coverage: agents 3/4 · tools 2/5 · transfers 3/5 · variables 2/5 · routes 5/13',
        '  not exercised agents: complaints',
        '  not exercised tools: book_flight, cancel_booking, get_weather',
        '  not exercised transfers: front_desk → complaints, hotels → front_desk',
        '  not exercised variables: traveler, loyalty_tier, booking_ref',
        `  not exercised routes: ${NOT_MATCHED.join(', ')}`,
        '',
      ].join('\n'),
    );
    const fromFile = await cli(['coverage', 'out/results.json', '--emulator', FIXTURE_APP, '--json']);
    // agents=1 comes from the config file.
    expect(fromFile.code).toBe(1);
    const block = JSON.parse(fromFile.stdout) as RunCoverage;
    expect(figures(block)).toEqual(FIXTURE_FIGURES);
    expect(block.inventory.source).toBe('emulator-file');

    const unreachable = await cli([
      'coverage',
      'out',
      '--app',
      'projects/p/locations/l/apps/a',
      '--endpoint',
      '127.0.0.1:1',
      '--insecure',
    ]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stdout).toBe('');
    expect(unreachable.stderr).toMatch(
      /^cxas-eval: warning: coverage not computed: the app's inventory could not be listed: .*UNAVAILABLE/m,
    );
  });

  it("the demo app: exact items through the emulator's list methods and offline from its file", async () => {
    const run = await cli(
      runArgs({ specs: path.join(ROOT, 'specs/demo/support.yaml'), outputDir: 'demo' }, '--no-judge'),
    );
    expect(run.code).toBe(0);
    const live = (await readJson<RunResult>(path.join(project.dir, 'demo/results.json'))).coverage as RunCoverage;
    expect(figures(live)).toEqual({
      agents: '2/2',
      tools: '2/2',
      toolsets: '0/0',
      transfers: '2/2',
      variables: '2/4',
      routes: '14/18',
    });
    // Unrecognized speech and goodbye in billing are voice.yaml's; no text goes unmatched (defaults).
    // root_agent#8 (the client tool open_ticket) counts from the round before the tool's answer.
    expect(missing(live, 'routes')).toEqual(['root_agent#13', 'root_agent#14', 'billing_agent#1', 'billing_agent#4']);
    const items = (c: RunCoverage) =>
      (['agents', 'tools', 'transfers', 'variables'] as const).map((k) =>
        c[k].items.map((i) => `${i.name}:${i.covered ? 'covered' : 'not'}${i.by ? ` by ${i.by.join('+')}` : ''}`),
      );
    const expected = [
      ['root_agent:covered', 'billing_agent:covered'],
      ['lookup_account:covered by billing_agent+root_agent', 'open_ticket:covered by root_agent'],
      ['root_agent → billing_agent:covered', 'billing_agent → root_agent:covered'],
      ['account_id:not', 'authenticated:covered', 'customer_tier:not', 'pin:covered'],
    ];
    expect(items(live)).toEqual(expected);
    const offline = await cli(['coverage', 'demo', '--emulator', DEMO_APP, '--json']);
    expect(offline.code).toBe(0);
    const fromFile = JSON.parse(offline.stdout) as RunCoverage;
    expect(items(fromFile)).toEqual(expected);
    expect(fromFile.inventory).toEqual(live.inventory);

    // At an endpoint the same app is listed through AgentService: the same inventory, but no
    // routes (no list method serves them, as on CES).
    const emulator = await startEmulator({ app: DEMO_APP });
    try {
      const endpoint = ['--app', emulator.appName, '--endpoint', emulator.address, '--insecure'];
      const overGrpc = await cli([
        'run',
        path.join(ROOT, 'specs/demo/support.yaml'),
        ...endpoint,
        '--no-judge',
        '--reporter',
        'json',
        '--output-dir',
        'listed',
      ]);
      expect(overGrpc.code, overGrpc.stderr).toBe(0);
      const listed = (await readJson<RunResult>(path.join(project.dir, 'listed/results.json'))).coverage as RunCoverage;
      expect(items(listed)).toEqual(expected);
      expect(listed.routes).toBeUndefined();
      const { routes, ...withoutRoutes } = live.inventory;
      expect(routes).toHaveLength(18);
      expect(listed.inventory).toEqual({ ...withoutRoutes, source: 'agent-service' });

      // A run that stores no inventory (its listing failed) is listed again where it ran, not at
      // ces.googleapis.com: its recorded endpoint (--insecure is still the user's to give).
      const results = path.join(project.dir, 'listed/results.json');
      const { coverage: _dropped, ...unlisted } = await readJson<RunResult>(results);
      await writeFile(results, JSON.stringify(unlisted));
      const relisted = await cli(['coverage', 'listed', '--insecure', '--json']);
      expect(relisted.code, relisted.stderr).toBe(0);
      expect(items(JSON.parse(relisted.stdout) as RunCoverage)).toEqual(expected);
    } finally {
      await emulator.stop();
    }
  });

  it("routes that call a client tool are exercised: the round before the tool's answer names them", async () => {
    // The route hands off, then calls a client tool: its answer comes in a second request, whose
    // span resumes the route without naming it. routes=1 could never pass when only that span counted.
    const app = [
      'app: projects/p/locations/us/apps/a',
      'rootAgent: root',
      'tools:',
      '  open_ticket: { client: true }',
      'agents:',
      '  root:',
      '    routes:',
      '      - on: { text: ticket }',
      '        do:',
      '          - set: { stage: opening }',
      '          - say: "Opening a ticket."',
      '          - transfer: other',
      '          - call: { tool: open_ticket, args: { p: high } }',
      '          - say: "Ticket ${tool.open_ticket.id} is open."',
      '  other:',
      '    routes:',
      '      - on: { default: true }',
      '        say: other',
      '',
    ].join('\n');
    const specs = [
      'conversations:',
      '  - name: ticket',
      '    toolFakes: [{ tool: open_ticket, respond: { id: T-1 } }]',
      '    turns:',
      '      - user: ticket',
      '        expect: [{ text: { contains: "Ticket T-1 is open." } }]',
      '      - user: thanks',
      '        expect: [{ text: other }]',
      '',
    ].join('\n');
    await project.write('client-tool/app.yaml', app);
    await project.write('client-tool/specs.yaml', specs);
    const run = await cli(
      runArgs(
        { specs: 'client-tool/specs.yaml', app: 'client-tool/app.yaml', reporter: 'list,json', outputDir: 'ct' },
        '--min-coverage',
        'routes=1',
      ),
    );
    expect(run.stderr).not.toContain('coverage of routes');
    expect(run.stdout).toContain('routes 2/2\n');
    expect(run.code).toBe(0);
    const result = await readJson<RunResult>(path.join(project.dir, 'ct/results.json'));
    const ticket = result.conversations[0]!.turns[0]!.result!;
    // Both rounds' spans are in results.json: the first names the route, the second the tool's answer.
    expect(ticket.earlierRootSpans?.[0]?.children?.at(-1)?.attributes).toMatchObject({ route: 'root#1' });
    expect(ticket.rootSpan?.children?.[0]?.attributes).toMatchObject({ name: 'open_ticket', agent: 'other' });
  });

  it('merge-reports gates on the union of the shards', async () => {
    const shards = await Promise.all([
      fixtureRun('shard-1', '--shard', '1/2'),
      fixtureRun('shard-2', '--shard', '2/2'),
    ]);
    const each = await Promise.all(
      ['shard-1', 'shard-2'].map((d) => readJson<RunResult>(path.join(project.dir, d, 'results.json'))),
    );
    // Each shard alone takes fewer hand-offs than the config's minimum of 50%.
    for (const [i, r] of each.entries()) {
      expect(shards[i]!.code).toBe(1);
      expect(r.errors.map((e) => e.code)).toContain('COVERAGE_BELOW_MINIMUM');
      expect((r.coverage as RunCoverage).transfers.covered).toBeLessThan(3);
    }
    const merged = await cli([
      'merge-reports',
      'shard-1',
      'shard-2',
      '-o',
      'merged',
      '--reporter',
      'json',
      '--min-coverage',
      'agents=0.75',
    ]);
    expect(merged.stdout).toContain('coverage: agents 3/4 · tools 2/5 · transfers 3/5 · variables 2/5 · routes 5/13\n');
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    const result = await readJson<RunResult>(path.join(project.dir, 'merged/results.json'));
    // The shards' own gates are not the merge's: their errors are dropped, the union passes.
    expect([result.status, result.errors]).toEqual(['passed', []]);
    expect(missing(result.coverage as RunCoverage, 'transfers')).toEqual([
      'front_desk → complaints',
      'hotels → front_desk',
    ]);
    // Each shard matches only some routes; the union is the whole run's.
    for (const r of each) expect((r.coverage as RunCoverage).routes!.covered).toBeLessThan(5);
    expect(missing(result.coverage as RunCoverage, 'routes')).toEqual(NOT_MATCHED);
  });
});
