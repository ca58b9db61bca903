// platform pull writes a judge for an agent response the platform compares semantically, never
// text.similar (character similarity passes "Bob" for "Ada") (issue 25 point 7): an evaluation made
// on the platform, not by cxas-eval, pulled through the built CLI from the emulator's EvaluationService.
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startEmulator } from '../../src/emulator/index.js';
import { PlatformClient } from '../../src/platform/grpc.js';
import { DEMO_APP, runCli, tempProject } from '../helpers/cli.js';

const APP = 'projects/demo/locations/us/apps/cymbal-support';

describe('platform pull of a semantic check', async () => {
  const project = await tempProject({});
  const emulator = await startEmulator({ app: DEMO_APP, evaluationRuns: {} });
  afterAll(async () => {
    await emulator.stop();
    await project.cleanup();
  });

  it('writes a judge expectation, and the pulled spec validates', async () => {
    const client = new PlatformClient({ app: APP, endpoint: emulator.address, insecure: true });
    const agentSays = (text: string, comparisonType: string) => ({
      expectation: { agentResponse: { role: 'agent', chunks: [{ text }] }, comparisonType },
    });
    await client.call(
      'EvaluationService',
      'CreateEvaluation',
      {
        parent: APP,
        evaluationId: 'greeting',
        evaluation: {
          displayName: 'greets Ada',
          golden: {
            turns: [
              {
                steps: [
                  { userInput: { text: 'hello, I am Ada' } },
                  agentSays('Hello Ada, how can I help?', 'SEMANTIC_SIMILARITY'),
                  agentSays('Welcome', 'CONTAINS'),
                ],
              },
            ],
          },
        },
      },
      'parent',
    );
    client.close();
    const pull = await runCli(
      ['platform', 'pull', '--app', APP, '--output-dir', 'pulled', '--endpoint', emulator.address, '--insecure'],
      { cwd: project.dir },
    );
    expect(pull.code, pull.stderr).toBe(0);
    const dir = path.join(project.dir, 'pulled/platform');
    const [file] = await readdir(dir);
    const text = await readFile(path.join(dir, file!), 'utf8');
    expect(text).not.toContain('similar');
    const spec = parse(text) as { conversations: Array<{ turns: Array<{ expect: unknown[] }> }> };
    expect(spec.conversations[0]!.turns[0]!.expect).toEqual([
      {
        judge: {
          prompt:
            'The agent\'s reply in this turn means the same as: "Hello Ada, how can I help?". Wording may differ; ' +
            'a different fact, name, number or amount does not match.',
        },
      },
      { text: 'Welcome' },
      // Made without a threshold override: extra tool calls fail it on the platform, as this does locally.
      { noToolCalls: true },
    ]);
    const validate = await runCli(['validate', 'pulled'], { cwd: project.dir });
    expect(validate.code, validate.stderr).toBe(0);
  });
});
