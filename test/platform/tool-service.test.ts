// ToolService.ExecuteTool, AgentService.ListTools and EvaluationService's List paging of the
// emulator, over loopback gRPC with the platform client (requests and responses converted against
// the v1beta protos).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { PlatformClient } from '../../src/platform/grpc.js';
import { DEMO_APP } from '../helpers/cli.js';

let emulator: RunningEmulator;
let client: PlatformClient;

beforeAll(async () => {
  emulator = await startEmulator({ app: DEMO_APP, platform: true });
  client = new PlatformClient({ app: emulator.appName, endpoint: emulator.address, insecure: true });
});
afterAll(async () => {
  client.close();
  await emulator.stop();
});

describe('emulator ToolService', () => {
  it('executes a server tool with the app variables overlaid by the request', async () => {
    const res = await client.call(
      'ToolService',
      'ExecuteTool',
      {
        parent: emulator.appName,
        tool: `${emulator.appName}/tools/lookup_account`,
        args: { account_id: 'X' },
        variables: { account_id: 'ACC-7' },
      },
      'parent',
    );
    expect(res).toEqual({
      tool: `${emulator.appName}/tools/lookup_account`,
      response: { status: 'ok', account_id: 'ACC-7', balance: 42.5, currency: 'USD' },
      variables: { account_id: 'ACC-7', authenticated: false, customer_tier: 'standard' },
    });
  });

  it('answers NOT_FOUND for an unknown tool and FAILED_PRECONDITION for a client function', async () => {
    await expect(
      client.call(
        'ToolService',
        'ExecuteTool',
        { parent: emulator.appName, tool: `${emulator.appName}/tools/nope` },
        'parent',
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      client.call(
        'ToolService',
        'ExecuteTool',
        { parent: emulator.appName, tool: `${emulator.appName}/tools/open_ticket` },
        'parent',
      ),
    ).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', message: expect.stringMatching(/client function/) });
  });

  it('lists tools with display names', async () => {
    const res = await client.call('AgentService', 'ListTools', { parent: emulator.appName }, 'parent');
    expect(res['tools']).toEqual([
      { name: `${emulator.appName}/tools/lookup_account`, displayName: 'Lookup account' },
      {
        name: `${emulator.appName}/tools/open_ticket`,
        displayName: 'Open ticket',
        clientFunction: { name: 'open_ticket' },
      },
    ]);
  });

  it('answers per argument and reports a tool failure as the response {error}, as in a session', async () => {
    const app = {
      app: 'projects/t/locations/us/apps/answers',
      rootAgent: 'root',
      tools: {
        lookup: { response: { balance: 1 }, answers: [{ whenArgs: { id: 'missing' }, error: 'account not found' }] },
      },
      agents: { root: { routes: [{ on: { default: true as const }, say: 'hi' }] } },
    };
    const e = await startEmulator({ app, platform: true });
    const c = new PlatformClient({ app: e.appName, endpoint: e.address, insecure: true });
    const call = (args: Record<string, string>) =>
      c.call('ToolService', 'ExecuteTool', { parent: e.appName, tool: `${e.appName}/tools/lookup`, args }, 'parent');
    expect((await call({ id: 'x' }))['response']).toEqual({ balance: 1 });
    expect((await call({ id: 'missing' }))['response']).toEqual({ error: 'account not found' });
    c.close();
    await e.stop();
  });
});

describe('emulator EvaluationService paging', () => {
  it('answers INVALID_ARGUMENT to a negative pageSize or a pageToken it did not issue', async () => {
    const app = emulator.appName;
    const lists: Array<[string, string]> = [
      ['ListEvaluations', app],
      ['ListEvaluationExpectations', app],
      ['ListEvaluationRuns', app],
      ['ListEvaluationResults', `${app}/evaluations/-`],
    ];
    for (const [method, parent] of lists) {
      await expect(client.call('EvaluationService', method, { parent, pageSize: 1 }, 'parent')).resolves.toBeDefined();
      await expect(client.call('EvaluationService', method, { parent, pageSize: -5 }, 'parent')).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('pageSize must not be negative (got -5)'),
      });
      await expect(
        client.call('EvaluationService', method, { parent, pageToken: 'bm9wZQ' }, 'parent'),
      ).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('pageToken "bm9wZQ" is not a token this emulator issued'),
      });
    }
  });
});
