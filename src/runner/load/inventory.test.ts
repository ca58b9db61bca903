import { describe, expect, it } from 'vitest';
import type { AppInventory } from '../../model/inventory.js';
import { loadTree } from '../../../test/loader/helpers.js';
import { checkAgainstInventory } from './inventory.js';

const TOOLS = 'projects/p/locations/us/apps/a/tools';
const inventory: AppInventory = {
  app: 'projects/p/locations/us/apps/a',
  source: 'emulator-file',
  agents: [
    {
      id: 'root_agent',
      displayName: 'Root',
      resource: 'projects/p/locations/us/apps/a/agents/root_agent',
      transfersTo: [],
    },
  ],
  tools: [
    { id: 'lookup_account', displayName: 'Lookup account', resource: `${TOOLS}/lookup_account`, origin: 'server' },
    { id: 'log_event', resource: `${TOOLS}/log_event`, origin: 'server' },
  ],
  toolsets: [],
  variables: [],
  guardrails: [],
};

async function problems(expect: string, app: AppInventory = inventory): Promise<string[]> {
  const spec = `conversations:\n  - name: a\n    turns:\n      - user: hi\n        expect:\n${expect}`;
  const { files, errors } = await loadTree({ 's.yaml': spec });
  if (errors.length) throw new Error(errors.map((e) => e.message).join('\n'));
  return checkAgainstInventory(files, { inventory: app, source: 'emulator app app.yaml' }).map((e) => e.message);
}

describe('checkAgainstInventory', () => {
  it('takes a display name, or the id of a tool without one, as a toolCall displayName', async () => {
    expect(await problems('          - toolCall: { displayName: Lookup account }\n')).toEqual([]);
    expect(await problems('          - not: { toolCall: { displayName: log_event } }\n')).toEqual([]);
    expect(await problems('          - toolCall: { name: lookup_account }\n')).toEqual([]);
    expect(await problems('          - toolCall: { name: Lookup account }\n')).toEqual([]);
  });

  it("refuses a tool's id as a toolCall displayName (the matcher compares display names only)", async () => {
    expect(await problems('          - not: { toolCall: { displayName: lookup_account } }\n')).toEqual([
      's.yaml:6:13 toolCall: tool displayName "lookup_account": not a display name of emulator app app.yaml, ' +
        'and displayName is compared with display names only ' +
        '(did you mean name: "lookup_account", or displayName: "Lookup account"?)',
    ]);
    expect(await problems('          - toolCall: { displayName: Lookup acount }\n')).toEqual([
      's.yaml:6:13 toolCall: tool displayName "Lookup acount": emulator app app.yaml has no tool of that name ' +
        '(did you mean "Lookup account"?)',
    ]);
  });

  it('refuses a full resource name, which no call is compared with', async () => {
    expect(await problems(`          - toolCall: { name: ${TOOLS}/log_event }\n`)).toEqual([
      `s.yaml:6:13 toolCall: tool "${TOOLS}/log_event": a call is named by its tool's id or display name, ` +
        'not its resource (did you mean "log_event"?)',
    ]);
  });

  it('guesses an agent by its id too', async () => {
    expect(await problems('          - transfer: { to: root_agnt }\n')).toEqual([
      's.yaml:6:13 transfer: agent "root_agnt": emulator app app.yaml has no agent of that name ' +
        '(did you mean "root_agent"?)',
    ]);
  });

  it("refuses an agent's full resource name, which no transfer is compared with", async () => {
    const resource = 'projects/p/locations/us/apps/a/agents/root_agent';
    const problem =
      `transfer: agent "${resource}": a transfer is named by its agent's id or display name, ` +
      'not its resource (did you mean "root_agent"?)';
    expect(await problems(`          - not: { transfer: ${resource} }\n`)).toEqual([`s.yaml:6:13 ${problem}`]);
    expect(await problems(`          - transfer: { chain: [Root, ${resource}] }\n`)).toEqual([
      `s.yaml:6:13 ${problem}`,
    ]);
    expect(await problems('          - transfer: { to: Root }\n')).toEqual([]);
  });

  it('checks every tool of a toolSequence, negated too', async () => {
    expect(
      await problems(
        '          - toolSequence: { tools: [lookup_account, Lookup account, log_event] }\n' +
          '          - not: { toolSequence: { mode: inOrder, tools: [lookup_acount, log_evnt] } }\n',
      ),
    ).toEqual([
      's.yaml:7:13 toolSequence: tool "lookup_acount": emulator app app.yaml has no tool of that name ' +
        '(did you mean "lookup_account"?)',
      's.yaml:7:13 toolSequence: tool "log_evnt": emulator app app.yaml has no tool of that name ' +
        '(did you mean "log_event"?)',
    ]);
  });

  it("takes an unlisted called name as a toolset's tool when the app has toolsets (not listed)", async () => {
    const withToolset: AppInventory = {
      ...inventory,
      toolsets: [{ id: 'weather_api', resource: 'projects/p/locations/us/apps/a/toolsets/weather_api' }],
    };
    const expectations =
      '          - toolSequence: { tools: [lookup_account, get_forecast] }\n' +
      '          - toolCall: { name: get_forecast }\n' +
      '          - toolCall: { displayName: Get forecast }\n';
    expect(await problems(expectations, withToolset)).toEqual([]);
    // Without toolsets the same names are unknown.
    expect(await problems(expectations)).toHaveLength(3);
  });

  it('takes ids and resources as entryAgent and toolResponses tools; toolset tools by name or resource', async () => {
    const withToolset: AppInventory = {
      ...inventory,
      toolsets: [{ id: 'weather_api', resource: 'projects/p/locations/us/apps/a/toolsets/weather_api' }],
    };
    const spec = [
      'conversations:',
      '  - name: a',
      '    entryAgent: projects/p/locations/us/apps/a/agents/root_agent',
      '    turns:',
      `      - toolResponses: [{ tool: ${TOOLS}/log_event, response: {} }, { tool: get_forecast, response: {} }]`,
      '  - name: b',
      '    entryAgent: root_agent',
      '    turns:',
      '      - toolResponses: [{ tool: lookup_account, response: {} }]',
      'toolTests:',
      '  - name: by resource',
      '    tool: projects/p/locations/us/apps/a/toolsets/weather_api/tools/get_forecast',
      '  - name: by display name',
      '    tool: Lookup account',
      '  - name: not listed by name',
      '    tool: get_forecast',
    ].join('\n');
    const { files, errors } = await loadTree({ 's.yaml': spec });
    expect(errors).toEqual([]);
    const check = (app: AppInventory) =>
      checkAgainstInventory(files, { inventory: app, source: 'app A' }).map((e) => e.message);
    // The directory of a tool test lists tools, not a toolset's: by name, a toolset's tool is not found.
    expect(check(withToolset)).toEqual([
      's.yaml:16:11 tool: tool "get_forecast": app A has no tool of that name (tools: Lookup account, log_event)',
    ]);
    expect(check(inventory)).toEqual([
      's.yaml:5:105 toolResponses: tool "get_forecast": app A has no tool of that name ' +
        '(tools: lookup_account, log_event)',
      's.yaml:12:11 tool: tool "projects/p/locations/us/apps/a/toolsets/weather_api/tools/get_forecast": ' +
        'app A has no tool of that name (tools: Lookup account, log_event)',
      's.yaml:16:11 tool: tool "get_forecast": app A has no tool of that name (tools: Lookup account, log_event)',
    ]);
  });
});
