// A judged run compared with a --no-judge run of the same agent: the judge expectation the head
// skipped was evaluated (and failed) in the base. A skipped check is not a pass, so the conversation
// is not compared ("checks differ"), not "improved"; the conversation without a judge is compared.
// The real CLI against the demo app on the emulator, the judge the fake LLM server (OpenAI shape).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunComparison } from '../../src/model/comparison.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.mjs';
import { NO_CREDENTIALS, runArgs, runCli, tempProject } from '../helpers/cli.js';
import { FAIL } from '../judge/helpers.js';

const SPEC = `conversations:
  - name: judged greeting
    repeat: 5
    turns:
      - event: WELCOME
        expect:
          - text: { contains: Welcome }
          - judge: { prompt: The agent greets the caller politely }
  - name: plain greeting
    repeat: 5
    turns:
      - event: WELCOME
        expect:
          - text: { contains: Welcome }
`;

const NO_CACHE = 'cache: { mode: off }';

let fake: FakeLlm;
let project: Awaited<ReturnType<typeof tempProject>>;

beforeAll(async () => {
  fake = await startFakeLlm();
  fake.on('greets the caller politely', FAIL);
  project = await tempProject({
    'specs/greet.yaml': SPEC,
    'cxas-eval.config.yaml': `judge: { backend: openai, baseUrl: ${fake.openaiUrl}, model: fake, ${NO_CACHE} }\n`,
  });
  const opts = { cwd: project.dir, env: { ...NO_CREDENTIALS, OPENAI_API_KEY: 'sk-test' } };
  const base = await runCli(runArgs({ outputDir: 'base' }, '--no-history'), opts);
  expect(base.code, base.stderr).toBe(1);
  const head = await runCli(runArgs({ outputDir: 'head' }, '--no-judge', '--no-history'), opts);
  expect(head.code, head.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await fake?.close();
  await project?.cleanup();
});

describe('compare: one side skipped checks the other evaluated', () => {
  it('is "checks differ", out of the verdict and the gate, in JSON and in the console', async () => {
    const out = await runCli(['compare', 'base', 'head', '--reporter', 'json', '--fail-on-regression'], {
      cwd: project.dir,
    });
    expect(out.code, out.stderr).toBe(0);
    const comparison = JSON.parse(out.stdout) as RunComparison;
    const judged = comparison.conversations.find((c) => c.name === 'judged greeting');
    expect(judged).toMatchObject({
      verdict: 'checks-differ',
      base: { runs: 5, passed: 0 },
      head: { runs: 5, passed: 5 },
      difference: null,
      adjustedPValue: null,
    });
    expect(judged?.notComparedReason).toMatch(/^head skipped 1 expectation that base evaluated \(turn 1 judge: /);
    expect(comparison.conversations.find((c) => c.name === 'plain greeting')?.verdict).not.toBe('checks-differ');
    expect(comparison.suite.conversations).toBe(1);
    const console = await runCli(['compare', 'base', 'head'], { cwd: project.dir });
    expect(console.stdout).toMatch(/checks differ +\S*#judged greeting +0\/5 0\.0%/);
    expect(console.stdout).toContain('1 checks differ (one side skipped expectations the other evaluated)');
    expect(console.stdout).not.toMatch(/\bimproved +\S*#judged/);
  });
});
