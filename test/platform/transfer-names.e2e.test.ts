// Agent transfers on the platform, against the emulator's EvaluationService over loopback gRPC: a
// golden agent transfer names its target by resource (AgentTransfer.display_name is output only), so
// the emulator scores it by that alone (and a golden tool call by its tool, ToolCall.display_name
// being output only too), and push turns the agent a spec names by id or display name
// into its resource (AgentService.ListAgents), refusing a name no agent or several agents have.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { JsonObject } from '../../src/model/json.js';
import type { RunResult } from '../../src/model/result.js';
import { PlatformClient, platformRun } from '../../src/platform/index.js';
import { DEMO_APP, runCli, tempProject } from '../helpers/cli.js';

const APP = 'projects/demo/locations/us/apps/cymbal-support';

let emulator: RunningEmulator;
let client: PlatformClient;

beforeAll(async () => {
  emulator = await startEmulator({ app: DEMO_APP, evaluationRuns: { pollsToFinish: 1 } });
  client = new PlatformClient({ app: APP, endpoint: emulator.address, insecure: true });
});
afterAll(async () => {
  client?.close();
  await emulator?.stop();
});

/** Runs every evaluation of the app and returns each one's status by display name. */
async function runAll(): Promise<Array<[string, string]>> {
  const outcome = await platformRun(client, {
    wait: true,
    timeoutMs: 30_000,
    intervalMs: 1,
    toolVersion: 'test',
    target: { app: APP, emulator: false, apiVersion: 'v1beta' },
  });
  if (outcome.kind !== 'finished') throw new Error(`platform run ${outcome.kind}`);
  return outcome.result.conversations.map((c) => [c.name, c.status]);
}

async function deleteAll(): Promise<void> {
  const list = await client.call('EvaluationService', 'ListEvaluations', { parent: APP }, 'parent');
  for (const e of (list['evaluations'] as Array<Record<string, unknown>> | undefined) ?? [])
    await client.call('EvaluationService', 'DeleteEvaluation', { name: e['name'] as string }, 'name');
}

describe("the emulator's agent_transfer scoring", () => {
  it('reads the target agent only: a display name does not stand in for a resource that does not exist', async () => {
    const golden = (targetAgent: string): JsonObject => ({
      turns: [
        {
          steps: [
            { userInput: { text: 'I want billing' } },
            { expectation: { agentTransfer: { targetAgent, displayName: 'Billing' } } },
          ],
        },
      ],
    });
    const targets: Array<[string, string]> = [
      ['by-resource', `${APP}/agents/billing_agent`],
      ['by-display-name', `${APP}/agents/Billing`],
    ];
    for (const [id, target] of targets)
      await client.call(
        'EvaluationService',
        'CreateEvaluation',
        { parent: APP, evaluationId: id, evaluation: { displayName: id, golden: golden(target) } },
        'parent',
      );
    expect(await runAll()).toEqual([
      ['by-resource', 'passed'],
      ['by-display-name', 'failed'],
    ]);
    await deleteAll();
  });
});

describe("the emulator's tool_call scoring", () => {
  it('reads the tool only: a display name does not stand in for a tool resource that does not exist', async () => {
    const golden = (tool: string): JsonObject => ({
      turns: [
        { steps: [{ userInput: { text: 'I want to talk to a human' } }] },
        {
          steps: [
            { userInput: { text: 'what is my balance' } },
            { expectation: { toolCall: { tool, displayName: 'Lookup account', args: {} } } },
          ],
        },
      ],
    });
    const tools: Array<[string, string]> = [
      ['tool-by-resource', `${APP}/tools/lookup_account`],
      ['tool-by-display-name', `${APP}/tools/Lookup account`],
    ];
    for (const [id, tool] of tools)
      await client.call(
        'EvaluationService',
        'CreateEvaluation',
        { parent: APP, evaluationId: id, evaluation: { displayName: id, golden: golden(tool) } },
        'parent',
      );
    expect(await runAll()).toEqual([
      ['tool-by-resource', 'passed'],
      ['tool-by-display-name', 'failed'],
    ]);
    await deleteAll();
  });
});

/** `billing_agent` is one agent's id and another's display name: locally a transfer to either matches. */
const NAMES_APP = `app: projects/p/locations/us/apps/names
rootAgent: front
agents:
  front:
    displayName: Front desk
    routes:
      - on: { text: billing }
        do: [{ transfer: billing_agent }, { say: Billing here. }]
      - on: { default: true }
        say: Hello.
  billing_agent:
    displayName: Billing
    routes: [{ on: { default: true }, say: Billing here. }]
  sales:
    displayName: billing_agent
    routes: [{ on: { default: true }, say: Sales here. }]
`;
const NAMES_SPEC = `app: projects/p/locations/us/apps/names
conversations:
  - name: by display name
    turns:
      - user: billing please
        expect: [{ transfer: Billing }, { transfer: { to: Billing, match: exact } }]
  - name: an agent nobody has
    turns:
      - user: billing please
        expect: [{ transfer: Accounts }, { text: Billing here. }]
  - name: an agent two answer to
    turns:
      - user: billing please
        expect: [{ transfer: { to: billing_agent } }, { text: Billing here. }]
`;

describe('platform push of a transfer', () => {
  it('pushes an agent named by display name as its resource; refuses a name no agent, or several, have', async () => {
    const project = await tempProject({ 'app.yaml': NAMES_APP, 'specs/a.yaml': NAMES_SPEC });
    const names = await startEmulator({
      app: path.join(project.dir, 'app.yaml'),
      evaluationRuns: { pollsToFinish: 1 },
    });
    const cli = (args: string[]) =>
      runCli(['platform', ...args, '--endpoint', names.address, '--insecure'], { cwd: project.dir });
    try {
      const push = await cli(['push', 'specs']);
      expect(push.code, push.stderr).toBe(0);
      expect(push.stdout).toMatch(/^create +specs\/a\.yaml › by display name$/m);
      expect(push.stdout).toMatch(/^refused +specs\/a\.yaml › an agent nobody has — 1 construct /m);
      expect(push.stdout).toContain(
        "refused: turns[0].expect[0] (transferMatcher.to@unknown): the app's agents could not be listed, " +
          'or none has this id or display name',
      );
      expect(push.stdout).toMatch(/^refused +specs\/a\.yaml › an agent two answer to — 1 construct /m);
      expect(push.stdout).toContain(
        "refused: turns[0].expect[0] (transferMatcher.to@ambiguous): several of the app's agents have this id " +
          'or display name',
      );
      const client = new PlatformClient({
        app: 'projects/p/locations/us/apps/names',
        endpoint: names.address,
        insecure: true,
      });
      const list = await client.call('EvaluationService', 'ListEvaluations', { parent: client.app }, 'parent');
      client.close();
      const golden = (list['evaluations'] as JsonObject[])[0]!['golden'] as { turns: Array<{ steps: JsonObject[] }> };
      const transfer = { targetAgent: `${client.app}/agents/billing_agent`, displayName: 'Billing' };
      expect(golden.turns[0]!.steps.slice(1)).toEqual([
        { expectation: { agentTransfer: transfer } },
        { expectation: { agentTransfer: transfer } },
      ]);
      const run = await cli([
        'run',
        'specs',
        '--wait',
        '--poll-interval',
        '20',
        '--reporter',
        'json',
        '--output-dir',
        'out',
      ]);
      // The refused ones were not evaluated: errors, so the run fails.
      expect(run.code, run.stderr).toBe(1);
      const result = JSON.parse(await readFile(path.join(project.dir, 'out/results.json'), 'utf8')) as RunResult;
      expect(result.conversations.map((c) => [c.name, c.status])).toEqual([
        ['by display name', 'passed'],
        ['an agent nobody has', 'error'],
        ['an agent two answer to', 'error'],
      ]);
    } finally {
      await names.stop();
      await project.cleanup();
    }
  });
});
