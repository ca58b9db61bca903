// Agent transfers on the platform, against the emulator's EvaluationService over loopback gRPC: a
// golden agent transfer names its target by resource (AgentTransfer.display_name is output only), so
// the emulator scores it by that alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { JsonObject } from '../../src/model/json.js';
import { PlatformClient, platformRun } from '../../src/platform/index.js';
import { DEMO_APP } from '../helpers/cli.js';

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
