// platform pull is the inverse of push: specs pushed to the emulator's EvaluationService and pulled
// back through the built CLI mean what they meant (they pass locally as the originals do), and
// pushing them from the pulled layout changes nothing. Conversation variables came back only when a
// tool fake followed them; with turn variables of the first turn they were dropped. Evaluations made
// on the platform come back with their platform verdict too: an expectation it skips is not pulled
// as a check, and its default of failing extra tool calls is kept where a spec can say it.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { JsonObject } from '../../src/model/json.js';
import type { RunResult } from '../../src/model/result.js';
import { PlatformClient } from '../../src/platform/grpc.js';
import { DEMO_APP, readJson, runCli, tempProject } from '../helpers/cli.js';

const APP = 'projects/demo/locations/us/apps/cymbal-support';
const ACC_404 = '{ toolCall: { name: lookup_account, args: { account_id: ACC-404 } } }';
const SPEC = `app: ${APP}
conversations:
  - name: conversation and first-turn variables
    variables: { account_id: ACC-404 }
    turns:
      - user: hello
        variables: { authenticated: true }
        expect: [{ text: Sorry }]
      - user: what is my balance
        expect: [${ACC_404}]
  - name: conversation variables and a variables turn
    variables: { account_id: ACC-404 }
    turns:
      - variables: { authenticated: true }
      - user: what is my balance
        expect: [${ACC_404}]
  - name: conversation variables, a fake and first-turn variables
    variables: { account_id: ACC-404 }
    toolFakes: [{ tool: open_ticket, respond: { ticket_id: T-9 } }]
    turns:
      - user: hello
        variables: { authenticated: true }
        expect: [{ text: Sorry }]
      - user: what is my balance
        expect: [${ACC_404}]
`;

type Conversation = { name: string; variables?: unknown; turns: Array<Record<string, unknown>> };

let project: Awaited<ReturnType<typeof tempProject>>;
let emulator: RunningEmulator;
const platform = (args: string[], cwd = project.dir) =>
  runCli(['platform', ...args, '--endpoint', emulator.address, '--insecure'], { cwd });
const local = (cwd: string, specs = 'specs') =>
  runCli(['run', specs, '--emulator', DEMO_APP, '--reporter', 'json', '--output-dir', 'out'], { cwd });
const statuses = async (file: string) => (await readJson<RunResult>(file)).conversations.map((c) => [c.name, c.status]);

beforeAll(async () => {
  project = await tempProject({ 'specs/v.yaml': SPEC });
  emulator = await startEmulator({ app: DEMO_APP, evaluationRuns: { pollsToFinish: 1 } });
});
afterAll(async () => {
  await emulator.stop();
  await project.cleanup();
});

describe('platform push, then pull', () => {
  it('keeps conversation variables beside the first turn’s, and the pulled specs mean the same', async () => {
    const original = await local(project.dir);
    expect(original.code, original.stderr).toBe(0);
    expect((await platform(['push', 'specs'])).code).toBe(0);
    const pull = await platform(['pull', '--app', APP, '--output-dir', 'pulled']);
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.stdout).not.toContain('note:');
    const pulledDir = path.join(project.dir, 'pulled');
    const pulled = parse(await readFile(path.join(pulledDir, 'specs/v.yaml'), 'utf8')) as {
      conversations: Conversation[];
    };
    expect(pulled.conversations.map((c) => [c.name, c.variables, c.turns[0]])).toEqual([
      [
        'conversation and first-turn variables',
        { account_id: 'ACC-404' },
        { variables: { authenticated: true }, user: 'hello', expect: [{ text: 'Sorry' }] },
      ],
      [
        'conversation variables and a variables turn',
        { account_id: 'ACC-404' },
        { variables: { authenticated: true } },
      ],
      [
        'conversation variables, a fake and first-turn variables',
        { account_id: 'ACC-404' },
        { variables: { authenticated: true }, user: 'hello', expect: [{ text: 'Sorry' }] },
      ],
    ]);
    const again = await platform(['push', 'specs', '--dry-run'], pulledDir);
    expect(again.stdout).toContain('dry run: 0 created, 0 updated, 3 unchanged');
    const pulledRun = await local(pulledDir);
    expect(pulledRun.code, pulledRun.stdout).toBe(0);
  });

  it('of evaluations made on the platform: skipped expectations left out, extra calls failing as there', async () => {
    const client = new PlatformClient({ app: APP, endpoint: emulator.address, insecure: true });
    const said = (text: string, comparisonType: string, skip = false): JsonObject => ({
      expectation: {
        agentResponse: { role: 'agent', chunks: [{ text }] },
        comparisonType,
        ...(skip ? { skipEvaluation: true } : {}),
      },
    });
    const create = (evaluationId: string, displayName: string, steps: JsonObject[]) =>
      client.call(
        'EvaluationService',
        'CreateEvaluation',
        { parent: APP, evaluationId, evaluation: { displayName, tags: ['hand'], golden: { turns: [{ steps }] } } },
        'parent',
      );
    const balance: JsonObject[] = [
      { userInput: { variables: { authenticated: true } } },
      { userInput: { text: 'what is my balance' } },
    ];
    // The platform skips the text check (its text is not what the agent says) and passes the call.
    await create('hand-1', 'skipped text', [
      ...balance,
      said('Your balance is $999.', 'EQUALS', true),
      {
        expectation: {
          toolCall: { tool: `${APP}/tools/lookup_account`, args: { account_id: 'ACC-1001' } },
          comparisonType: 'CONTAINS',
        },
      },
    ]);
    // No threshold override: the call to lookup_account, which nothing expects, fails the turn.
    await create('hand-2', 'extra call', [...balance, said('balance', 'CONTAINS')]);
    client.close();
    const run = await platform(
      ['run', '--app', APP, '--tag', 'hand', '--wait', '--poll-interval', '20', '--reporter', 'json'],
      project.dir,
    );
    expect(run.code, run.stderr).toBe(1);
    const onPlatform = await statuses(path.join(project.dir, 'reports/results.json'));
    expect(onPlatform).toEqual([
      ['skipped text', 'passed'],
      ['extra call', 'failed'],
    ]);
    const pull = await platform(['pull', '--app', APP, '--tag', 'hand', '--output-dir', 'hand']);
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.stdout).toContain(
      '  note: platform/hand-1.yaml › skipped text: turns[0]: expectation agentResponse has skipEvaluation: true ' +
        '(not checked); not pulled\n',
    );
    const dir = path.join(project.dir, 'hand');
    const read = async (file: string) => {
      const text = await readFile(path.join(dir, 'platform', file), 'utf8');
      return { text, spec: parse(text) as { conversations: Conversation[] } };
    };
    const [skipped, extra] = [await read('hand-1.yaml'), await read('hand-2.yaml')];
    expect(skipped.spec.conversations[0]!.turns[0]!['expect']).toEqual([
      { toolCall: { name: 'lookup_account', args: { account_id: 'ACC-1001' } } },
    ]);
    expect(extra.spec.conversations[0]!.turns[0]!['expect']).toEqual([{ text: 'balance' }, { noToolCalls: true }]);
    // The header promises no round trip: pushing these files makes new evaluations.
    for (const { text } of [skipped, extra]) {
      expect(text).not.toContain('update the same evaluations');
      expect(text).toContain('# Pushing this file creates new evaluations; it does not update the ones');
    }
    expect(skipped.text).toContain('# note: skipped text: turns[0]: expectation agentResponse has skipEvaluation');
    expect((await platform(['push', 'platform', '--dry-run'], dir)).stdout).toContain('dry run: 2 created');
    // Run here, the pulled specs give the platform's verdicts.
    await local(dir, 'platform');
    expect(await statuses(path.join(dir, 'out/results.json'))).toEqual(onPlatform);
  });
});
