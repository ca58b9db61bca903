// platform pull is the inverse of push: specs pushed to the emulator's EvaluationService and pulled
// back through the built CLI mean what they meant (they pass locally as the originals do), and
// pushing them from the pulled layout changes nothing. Conversation variables came back only when a
// tool fake followed them; with turn variables of the first turn they were dropped.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { DEMO_APP, runCli, tempProject } from '../helpers/cli.js';

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
    const local = (cwd: string) =>
      runCli(['run', 'specs', '--emulator', DEMO_APP, '--reporter', 'json', '--output-dir', 'out'], { cwd });
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
});
