// ListConversations / GetConversation and a conversation's source: the sessions an evaluation run
// replays are EVAL, the others LIVE; a List without `source` or `sources` lists LIVE only (as CES
// does), so `import conversations` never takes evaluation replays for live traffic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { JsonObject } from '../../src/model/json.js';
import { PlatformClient, platformRun } from '../../src/platform/index.js';
import { agentCall, APP, connect, DEMO_APP, newSession, turn, type Clients } from './helpers.js';

let emulator: RunningEmulator;
let platform: PlatformClient;
let v1: Clients;
let live: string;

beforeAll(async () => {
  emulator = await startEmulator({ app: DEMO_APP, evaluationRuns: { pollsToFinish: 1 } });
  platform = new PlatformClient({ app: APP, endpoint: emulator.address, insecure: true });
  v1 = connect(emulator.address, 'v1');
  live = newSession('live');
  await turn(v1, live, [{ text: 'hi' }]);
  const golden = { turns: [{ steps: [{ userInput: { text: 'I want billing' } }] }] };
  await platform.call(
    'EvaluationService',
    'CreateEvaluation',
    { parent: APP, evaluationId: 'billing', evaluation: { displayName: 'billing', golden } },
    'parent',
  );
  const outcome = await platformRun(platform, {
    wait: true,
    timeoutMs: 30_000,
    intervalMs: 1,
    toolVersion: 'test',
    target: { app: APP, emulator: false, apiVersion: 'v1beta' },
  });
  if (outcome.kind !== 'finished') throw new Error(`platform run ${outcome.kind}`);
});
afterAll(async () => {
  v1?.close();
  platform?.close();
  await emulator?.stop();
});

/** [conversation id, source] of each listed conversation. */
async function list(request: JsonObject): Promise<Array<[string, string]>> {
  const page = await agentCall(v1, 'ListConversations', 'ListConversationsRequest', 'ListConversationsResponse', {
    parent: APP,
    ...request,
  });
  return ((page['conversations'] as JsonObject[] | undefined) ?? []).map((c) => [
    String(c['name']).slice(`${APP}/conversations/`.length),
    String(c['source']),
  ]);
}

const liveId = () => live.slice(`${APP}/sessions/`.length);
const isEval = ([id]: [string, string]) => id.startsWith('eval-');

describe('conversation sources', () => {
  it('lists LIVE conversations only when the request names no source', async () => {
    expect(await list({})).toEqual([[liveId(), 'LIVE']]);
    expect(await list({ source: 'LIVE' })).toEqual([[liveId(), 'LIVE']]);
  });

  it('serves evaluation replays as EVAL, listed when asked for by source or sources', async () => {
    const evals = await list({ source: 'EVAL' });
    expect(evals).toHaveLength(1);
    expect(evals.every((c) => isEval(c) && c[1] === 'EVAL')).toBe(true);
    const both = await list({ sources: ['LIVE', 'EVAL'] });
    expect(both.map((c) => c[1]).sort()).toEqual(['EVAL', 'LIVE']);
    expect(await list({ sources: ['SIMULATOR'] })).toEqual([]);
    const got = await agentCall(v1, 'GetConversation', 'GetConversationRequest', 'Conversation', {
      name: `${APP}/conversations/${evals[0]![0]}`,
    });
    expect(got['source']).toBe('EVAL');
  });
});
