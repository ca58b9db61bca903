// A user model asked for but not usable as configured fails closed (README "Simulated users"):
// `simulation.backend: openai` (chosen there or inherited from `judge.backend`) without
// `simulation.userModel` makes every simulation an `error` naming the missing key, as the same
// omission for the judge is JUDGE_NOT_CONFIGURED; never `skipped`, which a CI run would pass. No
// user model at all (`simulation.backend: none`) is still `skipped`. Through the built CLI against
// the demo app on the emulator; nothing reaches the agent or an LLM server in these cases.
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { DEMO_APP, NO_CREDENTIALS, readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';

const SPEC = `conversations:
  - name: simulated caller
    simulation:
      start: { event: WELCOME }
      persona: A calm caller.
      goals:
        - goal: Learn the balance
          successCriteria: The agent states the balance
`;
/** A second conversation naming its own user model (the config names none). */
const OWN_MODEL_CONVERSATION = SPEC.replace('conversations:\n', '')
  .replace('simulated caller', 'caller with its own model')
  .replace('    simulation:\n', '    simulation:\n      userModel: m2\n');
// Nothing listens there: a run that sent a request would fail differently.
const JUDGE = 'judge: { backend: openai, baseUrl: "http://127.0.0.1:9/v1", model: m }\n';

describe('a simulation whose user model is misconfigured', async () => {
  const p = await tempProject({
    'specs/sim.yaml': SPEC,
    'inherited.config.yaml': JUDGE,
    'own.config.yaml': `${JUDGE}simulation: { backend: openai }\n`,
    'own-model.config.yaml': `${JUDGE}simulation: { backend: openai }\n`,
    'own-model/sim.yaml': `${SPEC}${OWN_MODEL_CONVERSATION}`,
    'none.config.yaml': `${JUDGE}simulation: { backend: none }\n`,
  });
  afterAll(() => p.cleanup());
  const run = async (config: string, specs = 'specs') => {
    const args = runArgs({ specs, app: DEMO_APP, outputDir: config });
    const cli = await runCli([...args, '--config', `${config}.config.yaml`], {
      cwd: p.dir,
      env: NO_CREDENTIALS,
    });
    return { cli, result: await readJson<RunResult>(path.join(p.dir, config, 'results.json')) };
  };

  it.each([
    ['inherited', ' (from judge.backend)'],
    ['own', ''],
  ])('openai without simulation.userModel (%s backend) is an error, not skipped', async (config, from) => {
    const { cli, result } = await run(config);
    expect(cli.code, cli.stderr).toBe(1);
    const [c] = result.conversations;
    expect([c!.status, c!.error]).toEqual([
      'error',
      {
        code: 'USER_MODEL_NOT_CONFIGURED',
        message:
          'the user model is not usable as configured: simulation.userModel is required with ' +
          `simulation.backend: openai${from}`,
      },
    ]);
    expect(c!.turns).toEqual([]);
  });

  it("a conversation's own userModel is used without simulation.userModel; one naming none is an error", async () => {
    const { result } = await run('own-model', 'own-model');
    const byName = new Map(result.conversations.map((c) => [c.name, c]));
    expect(byName.get('simulated caller')!.error?.code).toBe('USER_MODEL_NOT_CONFIGURED');
    // Its own model is asked for at the configured server, where nothing listens: another error.
    const own = byName.get('caller with its own model')!;
    expect(own.status).toBe('error');
    expect(own.error?.code, JSON.stringify(own.error)).not.toBe('USER_MODEL_NOT_CONFIGURED');
  });

  it('simulation.backend: none is still skipped', async () => {
    const { cli, result } = await run('none');
    expect(cli.code, cli.stderr).toBe(0);
    const [c] = result.conversations;
    expect([c!.status, c!.skipReason]).toEqual(['skipped', 'no user model configured (simulation.backend: none)']);
  });
});
