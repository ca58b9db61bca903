// `llmUsage.*.calls` counts what was asked of the model: a call the budget refused before sending
// any request (README "Cost": `budget.maxCalls` counts HTTP requests sent) counts under `errors`
// only, for the judge and for the simulated user (its per-conversation `userUsage` too). The built
// CLI against the demo app on the emulator, with the fake LLM server (OpenAI shape) as both models;
// its request log says what was really sent.
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { NO_CREDENTIALS, readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.mjs';

const PASS = { json: { reason: 'The agent did it.', verdict: 'pass', evidenceTurns: [1] } };
const SAY = { json: { action: 'say', text: 'what is my balance', activeGoal: 1 } };

const JUDGED = `conversations:
  - name: two judges
    turns: [ { event: WELCOME } ]
    expect: [ { judge: { prompt: first ok } }, { judge: { prompt: second ok } } ]
`;
const SIMULATED = `conversations:
  - name: simulated caller
    repeat: 1
    simulation:
      start: { event: WELCOME }
      persona: "[sim:budget] A calm caller."
      goals:
        - goal: Learn the balance
          successCriteria: The agent states the balance
      maxTurns: 4
`;

describe('LLM usage under a budget', () => {
  let fake: FakeLlm;
  let project: Awaited<ReturnType<typeof tempProject>>;
  beforeAll(async () => {
    fake = await startFakeLlm();
    fake.on((r) => r.system.includes('[sim:budget]'), SAY).on(() => true, PASS);
    const llm = `backend: openai, baseUrl: "${fake.openaiUrl}"`;
    project = await tempProject({
      'specs/judged.yaml': JUDGED,
      'specs/simulated.yaml': SIMULATED,
      'judge.config.yaml': `judge: { ${llm}, model: j, cache: { mode: off }, budget: { maxCalls: 1 } }\n`,
      // The judge has room for the goals; the simulated user for one turn (the cache is the judge's).
      'sim.config.yaml':
        `judge: { ${llm}, model: j, cache: { mode: off } }\n` +
        'simulation: { userModel: u, checkSimulator: false, budget: { maxCalls: 1 } }\n',
    });
  });
  afterAll(async () => {
    await fake.close();
    await project.cleanup();
  });
  const run = async (specs: string, config: string) => {
    fake.requests.length = 0;
    // No retries: a retried attempt would ask again, each refusal one more error.
    const args = [...runArgs({ specs, outputDir: config }), '--config', `${config}.config.yaml`, '--retries', '0'];
    const cli = await runCli(args, {
      cwd: project.dir,
      env: NO_CREDENTIALS,
    });
    return { cli, result: await readJson<RunResult>(path.join(project.dir, config, 'results.json')) };
  };

  it('judge: one request sent, the refused call an error only', async () => {
    const { cli, result } = await run('specs/judged.yaml', 'judge');
    expect(cli.code).toBe(1);
    expect(fake.requests).toHaveLength(1);
    expect(result.llmUsage?.judge).toMatchObject({ calls: 1, errors: 1 });
    const statuses = result.conversations[0]!.assertions.map((a) => a.status).sort();
    expect(statuses).toEqual(['error', 'passed']);
  });

  it('simulated user: one request sent, the refused turn an error only', async () => {
    const { cli, result } = await run('specs/simulated.yaml', 'sim');
    expect(cli.code).toBe(1);
    expect(fake.requests.filter((r) => r.model === 'u')).toHaveLength(1);
    const [c] = result.conversations;
    expect(c!.status).toBe('error');
    expect(c!.simulation?.userUsage).toMatchObject({ calls: 1, errors: 1 });
    expect(result.llmUsage?.user).toMatchObject({ calls: 1, errors: 1 });
  });
});
