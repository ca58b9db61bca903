// computeCoverage item by item on hand-built results: names recorded as ids, display names or
// resources; toolset tools; the client's unattributed `agent` role; hand-offs nobody declared;
// hits counted once per conversation; the gate's lines; the union of shards' inventories.
import { describe, expect, it } from 'vitest';
import { computeCoverage, coverageGateErrors, coverageShortfalls, unionInventories } from '../../src/model/coverage.js';
import { withCoverageGate } from '../../src/library/coverage-gate.js';
import type { AppInventory } from '../../src/model/inventory.js';
import type { ConversationResult } from '../../src/model/result.js';
import type { TranscriptEntry } from '../../src/model/turn.js';
import { buildRunResult, turnRecord } from '../reporters/fixture.js';

const APP = 'projects/p/locations/l/apps/a';
const inventory: AppInventory = {
  app: APP,
  source: 'agent-service',
  agents: [
    { id: 'root', displayName: 'Front door', resource: `${APP}/agents/root`, transfersTo: ['sales', 'support'] },
    { id: 'sales', displayName: 'Sales', resource: `${APP}/agents/sales`, transfersTo: ['root'] },
    { id: 'support', resource: `${APP}/agents/support`, transfersTo: [] },
  ],
  tools: [
    { id: 'quote', displayName: 'Get a quote', resource: `${APP}/tools/quote`, origin: 'server' },
    { id: 'sign', resource: `${APP}/tools/sign`, origin: 'client' },
  ],
  toolsets: [{ id: 'crm', displayName: 'CRM', resource: `${APP}/toolsets/crm` }],
  variables: ['plan', 'email'],
  guardrails: [{ id: 'safety', resource: `${APP}/guardrails/safety`, enabled: true }],
};

function conversation(id: string, turns: TranscriptEntry[][]): ConversationResult {
  const base = buildRunResult([]).conversations[0];
  return {
    ...(base ?? {}),
    id,
    specId: id,
    name: id,
    file: 'specs/x.yaml',
    tags: [],
    runIndex: 0,
    repeat: 1,
    modality: 'text',
    status: 'passed',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    attempts: [],
    assertions: [],
    turns: turns.map((entries, i) => turnRecord(i, [{ kind: 'text', text: 'hi' }], entries)),
  };
}

const say = (role: string): TranscriptEntry => ({ kind: 'agent', role, text: 'ok' });
const call = (
  role: string,
  name: string,
  resource?: string,
  origin: 'server' | 'client' = 'server',
): TranscriptEntry => ({
  kind: 'toolCall',
  role,
  call: { id: 'c', name, args: {}, origin, agent: role, ...(resource ? { resource } : {}) },
});
const transfer = (role: string, to: string, from?: string): TranscriptEntry => ({
  kind: 'transfer',
  role,
  transfer: { to, resource: `${APP}/agents/${to}`, ...(from ? { from } : {}) },
});

const conversations = [
  conversation('c1', [
    [say('Front door'), call('Front door', 'quote'), transfer('Front door', 'sales', 'Front door'), say('sales')],
    [say('sales'), { kind: 'variables', role: 'sales', variables: { plan: 'gold', coupon: 'X' } }],
  ]),
  conversation('c2', [
    [
      // The client's placeholder role for unattributed output, and a client's tool response: nobody.
      say('agent'),
      { kind: 'toolResponse', role: 'user', response: { id: 'c', name: 'sign', response: {} } },
      say('root'),
      call('root', 'lookup', `${APP}/toolsets/crm/tools/lookup`),
      call('root', 'quote'),
      call('root', 'refund'),
      transfer('root', 'support'),
      say('support'),
      transfer('support', 'billing', 'support'),
    ],
  ]),
];

describe('computeCoverage', () => {
  const cov = computeCoverage(inventory, conversations);

  it('counts agents that answered, by id or display name, once per conversation', () => {
    expect(cov.agents.items).toEqual([
      { name: 'root', displayName: 'Front door', covered: true, hits: 2, first: 'c1' },
      { name: 'sales', displayName: 'Sales', covered: true, hits: 1, first: 'c1' },
      { name: 'support', covered: true, hits: 1, first: 'c2' },
    ]);
    expect(cov.agents.unlisted).toEqual([]);
    expect([cov.agents.covered, cov.agents.total]).toEqual([3, 3]);
  });

  it('counts tools with their callers, toolset tools under their toolset, unknown tools apart', () => {
    expect(cov.tools.items).toEqual([
      {
        name: 'quote',
        displayName: 'Get a quote',
        origin: 'server',
        covered: true,
        hits: 2,
        first: 'c1',
        by: ['root'],
      },
      { name: 'sign', origin: 'client', covered: false, hits: 0 },
    ]);
    expect(cov.tools.unlisted).toEqual([{ name: 'refund', covered: true, hits: 1, first: 'c2', by: ['root'] }]);
    expect(cov.toolsets.items).toEqual([
      { name: 'crm', displayName: 'CRM', covered: true, hits: 1, first: 'c2', by: ['root'] },
    ]);
  });

  it('counts transfers as edges against the declared ones; the sender defaults to the agent speaking', () => {
    expect(cov.transfers.items.map((i) => [i.name, i.covered, i.first])).toEqual([
      ['root → sales', true, 'c1'],
      ['root → support', true, 'c2'],
      ['sales → root', false, undefined],
    ]);
    expect(cov.transfers.unlisted.map((i) => i.name)).toEqual(['support → billing']);
    expect([cov.transfers.covered, cov.transfers.total]).toEqual([2, 3]);
  });

  it('counts updated variables; undeclared ones are unlisted', () => {
    expect(cov.variables.items.map((i) => [i.name, i.covered])).toEqual([
      ['plan', true],
      ['email', false],
    ]);
    expect(cov.variables.unlisted.map((i) => i.name)).toEqual(['coupon']);
  });

  it('gates per category with one line naming what was not exercised; an empty category never fails', () => {
    expect(coverageShortfalls(cov, { agents: 1, tools: 0.9, transfers: 0.5 })).toEqual([
      'coverage of tools 50.0% (1/2) is below the minimum 90.0%; not exercised: sign',
    ]);
    const empty = computeCoverage({ ...inventory, variables: [] }, []);
    expect(coverageShortfalls(empty, { variables: 1 })).toEqual([]);
  });

  it('the gate is a run error: below a minimum fails the run, a gate not evaluated makes it an error', () => {
    expect(coverageGateErrors(cov, {})).toEqual([]);
    expect(coverageGateErrors(cov, { tools: 0.9 })).toEqual([
      {
        code: 'COVERAGE_BELOW_MINIMUM',
        message: 'coverage of tools 50.0% (1/2) is below the minimum 90.0%; not exercised: sign',
      },
    ]);
    expect(coverageGateErrors({ unavailable: 'PERMISSION_DENIED' }, { tools: 0.9 })).toEqual([
      { code: 'COVERAGE_GATE_NOT_EVALUATED', message: 'coverage gate not evaluated: PERMISSION_DENIED' },
    ]);
    expect(coverageGateErrors(undefined, { tools: 0.9 })[0]?.code).toBe('COVERAGE_GATE_NOT_EVALUATED');

    const passed = buildRunResult([]);
    const lines: string[] = [];
    const below = withCoverageGate(Object.assign(passed, { coverage: cov }), { tools: 0.9 }, (l) => lines.push(l));
    expect([below.status, below.errors.map((e) => e.code)]).toEqual(['failed', ['COVERAGE_BELOW_MINIMUM']]);
    expect(below.coverage).toBe(cov);
    expect(lines).toEqual([
      'cxas-eval: coverage of tools 50.0% (1/2) is below the minimum 90.0%; not exercised: sign\n',
    ]);
    // Any other run error beside it is infrastructure: the run is an error.
    const reporter = buildRunResult([], { errors: [{ code: 'REPORTER_FAILED', message: 'disk full' }] });
    expect(withCoverageGate(Object.assign(reporter, { coverage: cov }), { tools: 0.9 }).status).toBe('error');
    const unlisted = Object.assign(buildRunResult([]), { coverage: { unavailable: 'no network' } });
    expect(withCoverageGate(unlisted, { agents: 1 }).status).toBe('error');
    // Met, or not asked for: the same result.
    expect(withCoverageGate(below, {})).toBe(below);
    const met = Object.assign(buildRunResult([]), { coverage: cov });
    expect(withCoverageGate(met, { tools: 0.5 })).toBe(met);
  });

  it("counts an emulator app's routes from the spans that name them; none without a route inventory", () => {
    const routes = [
      { id: 'root#1', agent: 'root', on: 'text: /hi/' },
      { id: 'root#2', agent: 'root', on: 'default: true' },
      { id: 'sales#1', agent: 'sales', on: 'default: true' },
    ];
    // The emulator's LLM span (a child of the root span) names the route; a turn without one names none.
    const span = (route?: string) => ({
      name: 'root',
      children: [{ name: 'LLM', attributes: { agent: 'root', model: 'emulator', ...(route ? { route } : {}) } }],
    });
    const matched = (id: string, ...names: string[]): ConversationResult => {
      const c = conversation(id, [[say('root')], [say('root')]]);
      return { ...c, turns: c.turns.map((t, i) => ({ ...t, result: { ...t.result!, rootSpan: span(names[i]) } })) };
    };
    // A turn with a client tool round trip: the route is named in its first round's span only.
    const resumed = conversation('c4', [[say('root')]]);
    resumed.turns[0]!.result = {
      ...resumed.turns[0]!.result!,
      earlierRootSpans: [span('sales#1')],
      rootSpan: { name: 'root', children: [{ name: 'LLM', attributes: { agent: 'sales', model: 'emulator' } }] },
    };
    const runs = [matched('c1', 'root#1', 'root#1'), matched('c2', 'root#1', 'gone#9'), matched('c3'), resumed];
    const withRoutes = computeCoverage({ ...inventory, routes }, runs);
    expect(withRoutes.routes).toEqual({
      covered: 2,
      total: 3,
      items: [
        { name: 'root#1', displayName: 'text: /hi/', covered: true, hits: 2, first: 'c1' },
        { name: 'root#2', displayName: 'default: true', covered: false, hits: 0 },
        { name: 'sales#1', displayName: 'default: true', covered: true, hits: 1, first: 'c4' },
      ],
      unlisted: [{ name: 'gone#9', covered: true, hits: 1, first: 'c2' }],
    });
    expect(coverageShortfalls(withRoutes, { routes: 0.9 })).toEqual([
      'coverage of routes 66.7% (2/3) is below the minimum 90.0%; not exercised: root#2',
    ]);
    // CES lists no routes: no figure, and a routes minimum cannot fail.
    expect(computeCoverage(inventory, runs).routes).toBeUndefined();
    expect(coverageShortfalls(computeCoverage(inventory, runs), { routes: 1 })).toEqual([]);
    expect(
      unionInventories([
        { ...inventory, routes: routes.slice(0, 1) },
        { ...inventory, routes },
      ]).routes,
    ).toEqual(routes);
  });

  it('unions inventories of shards: every item and every declared hand-off either lists', () => {
    const other: AppInventory = {
      ...inventory,
      agents: [{ id: 'sales', resource: `${APP}/agents/sales`, transfersTo: ['support'] }],
      variables: ['email', 'zip'],
    };
    const union = unionInventories([inventory, other]);
    expect(union.agents.map((a) => [a.id, a.transfersTo])).toEqual([
      ['root', ['sales', 'support']],
      ['sales', ['root', 'support']],
      ['support', []],
    ]);
    expect(union.variables).toEqual(['plan', 'email', 'zip']);
  });
});
