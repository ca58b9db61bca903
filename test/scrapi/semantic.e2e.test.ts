// `$matchType: semantic` and a golden's agent text end to end: the built CLI, the demo app in the
// emulator, and a fake LLM judge on loopback. The judge is asked about the expected meaning; without a
// judge it is an error. A golden's agent text was character similarity >= 0.6 (issue 25 point 7), which
// passed a wrong amount that shares the wording ("$24.5" for "$42.5"); it is judged by meaning now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as path from 'node:path';
import type { RunResult } from '../../src/model/result.js';
import { NO_CREDENTIALS, readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.mjs';

const GOLDEN = `conversations:
  - conversation: own account
    session_parameters: { authenticated: true }
    turns:
      - user: what is my balance
        tool_calls:
          - action: lookup_account
            args:
              account_id: { $matchType: semantic, $matchValue: "the caller's own account" }
  - conversation: someone else's account
    session_parameters: { authenticated: true }
    turns:
      - user: what is my balance
        tool_calls:
          - action: lookup_account
            args:
              account_id: { $matchType: semantic, $matchValue: "the account of the caller's spouse" }
  - conversation: says the balance
    session_parameters: { authenticated: true }
    turns:
      - user: what is my balance
        agent: Your balance is $42.5.
  - conversation: says another balance
    session_parameters: { authenticated: true }
    turns:
      - user: what is my balance
        agent: Your balance is $24.5.
`;

let fake: FakeLlm;
let project: Awaited<ReturnType<typeof tempProject>>;

beforeAll(async () => {
  fake = await startFakeLlm();
  fake.on(/the caller's own account/, {
    json: { verdict: 'pass', reason: "ACC-1001 is the caller's account", evidenceTurns: [1] },
  });
  fake.on(/spouse/, {
    json: { verdict: 'fail', reason: 'nothing says ACC-1001 belongs to a spouse', evidenceTurns: [1] },
  });
  fake.on(/means the same as: \\"Your balance is \$42\.5\.\\"/, {
    json: { verdict: 'pass', reason: 'the same amount', evidenceTurns: [1] },
  });
  fake.on(/means the same as: \\"Your balance is \$24\.5\.\\"/, {
    json: { verdict: 'fail', reason: 'the agent said $42.5, not $24.5', evidenceTurns: [1] },
  });
  project = await tempProject({ 'evals/golden.yaml': GOLDEN });
});
afterAll(async () => {
  await fake?.close();
  await project?.cleanup();
});

async function run(
  out: string,
  env: NodeJS.ProcessEnv,
  config?: string,
): Promise<Map<string, RunResult['conversations'][number]>> {
  if (config) await project.write('cxas-eval.config.yaml', config);
  await runCli(runArgs({ specs: 'evals', outputDir: out }, '--no-cache'), {
    cwd: project.dir,
    env: { ...NO_CREDENTIALS, ...env },
  });
  const results = await readJson<RunResult>(path.join(project.dir, out, 'results.json'));
  return new Map(results.conversations.map((c) => [c.name, c]));
}

describe('$matchType: semantic', () => {
  /** The conversations of the run with a judge (the first test), by name. */
  let withJudge: Awaited<ReturnType<typeof run>>;
  it('asks the judge whether the argument means what the golden says, and keeps its verdict', async () => {
    const byName = (withJudge = await run(
      'out-judge',
      { GEMINI_API_KEY: 'test-key' },
      `judge: { backend: gemini, baseUrl: "${fake.url}", timeoutMs: 5000 }\n`,
    ));
    expect(byName.get('own account')!.status).toBe('passed');
    expect(byName.get("someone else's account")!.status).toBe('failed');
    const asked = fake.requests.map((r) => r.prompt).find((p) => p.includes("the caller's own account"))!;
    expect((JSON.parse(asked) as { criterion: string }).criterion).toContain(
      'Tool lookup_account was called with argument account_id whose value means: "the caller\'s own account"',
    );
    expect(asked).toMatch(/"toolCall":\{"args":\{[^}]*ACC-1001[^}]*\},"name":"lookup_account"/);
  });

  it("judges a golden's agent text by meaning: a wrong amount in the same words fails", () => {
    const byName = withJudge;
    expect(byName.get('says the balance')!.status).toBe('passed');
    const wrong = byName.get('says another balance')!;
    expect(wrong.status).toBe('failed');
    const judged = wrong.turns[0]!.assertions.find((a) => a.matcher === 'judge')!;
    expect(judged.status).toBe('failed');
    expect(judged.message).toContain('$24.5');
  });

  it('is an error, never a pass, when no judge is configured', async () => {
    const byName = await run('out-none', {}, '{}\n');
    const judged = byName.get('own account')!.turns[0]!.assertions.find((a) => a.matcher === 'judge')!;
    expect(judged).toMatchObject({ status: 'error' });
    expect(byName.get('own account')!.status).toBe('error');
    expect(byName.get('says another balance')!.status).toBe('error');
  });
});
