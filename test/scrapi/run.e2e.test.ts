// cxas-scrapi files run as their authors meant them: the built CLI against the demo app in the emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { RunResult } from '../../src/model/result.js';
import { NO_CREDENTIALS, readJson, ROOT, runCli, tempProject } from '../helpers/cli.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.mjs';

const GOLDEN = `common_session_parameters: { authenticated: true }
conversations:
  - conversation: welcome then balance
    turns:
      - user: "<event>WELCOME</event>"
        agent: "Welcome to Cymbal support! Please enter your PIN followed by #."
      - user: what is my balance
        agent: Your balance is $42.5.
        tool_calls:
          - action: lookup_account
            args: { account_id: { $matchType: contains, $matchValue: ACC } }
            output: { balance: 42.5, currency: { $matchType: ignore, $matchValue: "" } }
`;

const TURN_EVALS = `tests:
  - name: balance of the right tool
    variables: { authenticated: true }
    user: what is my balance
    expectations:
      - { type: tool_output, value: { lookup_account: { balance: 42.5 } } }
      - { type: tool_input, value: { lookup_account: { account_id: ACC-1001 } } }
      - { type: contains, value: "$42.5" }
  - name: output of a tool that was not called
    variables: { authenticated: true }
    user: what is my balance
    expectations:
      - { type: tool_output, value: { open_ticket: {} } }
  - name: multi-turn with the test's variables
    variables: { authenticated: true }
    turns:
      - turn: 1
        user: what is my balance
        expectations:
          - { type: contains, value: "Your balance is" }
`;

const EXPORT = `displayName: pin then balance
golden:
  turns:
    - steps:
        - userInput: { event: { event: WELCOME } }
        - expectation:
            agentResponse: { chunks: [{ text: "Welcome to Cymbal support! Please enter your PIN followed by #." }] }
    - steps:
        - userInput: { dtmf: "1234#" }
        - expectation: { updatedVariables: { authenticated: true } }
    - steps:
        - userInput: { text: what is my balance }
        - expectation:
            toolCall:
              id: c1
              tool: apps/cymbal-support/tools/lookup_account
              args: { account_id: { $matchType: regexp, $matchValue: "^ACC-\\\\d+$" } }
        - expectation:
            toolResponse: { id: c1, tool: apps/cymbal-support/tools/lookup_account, response: { balance: 42.5 } }
        - expectation: { agentResponse: { chunks: [{ text: Your balance is $42.5. }] } }
`;

// One golden turn is one request: the variables written after the text go with it (the platform
// sends them together), and the turn's toolCall check is on that turn.
const EXPORT_VARIABLES_AFTER = `displayName: variables after the text
golden:
  turns:
    - steps:
        - userInput: { text: what is my balance }
        - userInput: { variables: { authenticated: true } }
        - expectation:
            toolCall: { tool: apps/cymbal-support/tools/lookup_account, args: { account_id: ACC-1001 } }
`;

// Per-turn mocks, each turn its own ticket: one tool fake cannot give each turn its own answer, so
// the file is refused (naming the turns) rather than run with the first mock answering both turns.
const EXPORT_TWO_MOCKS = `displayName: two tickets
golden:
  turns:
    - steps:
        - userInput: { text: open a ticket }
        - expectation: { mockToolResponse: { displayName: open_ticket, response: { ticket_id: T-1 } } }
    - steps:
        - userInput: { text: another ticket }
        - expectation: { mockToolResponse: { displayName: open_ticket, response: { ticket_id: T-2 } } }
`;

let project: Awaited<ReturnType<typeof tempProject>>;
let judge: FakeLlm;
let results: RunResult;
let code: number | null;

beforeAll(async () => {
  // A golden's agent text is judged by meaning, as the platform does: a fake judge that agrees.
  judge = await startFakeLlm();
  judge.on(/means the same as/, { json: { verdict: 'pass', reason: 'same meaning', evidenceTurns: [1] } });
  project = await tempProject({
    'cxas-eval.config.yaml': `judge: { backend: gemini, baseUrl: "${judge.url}", timeoutMs: 5000 }\n`,
    'evals/golden.yaml': GOLDEN,
    'evals/turns.yaml': TURN_EVALS,
    'evals/export.yaml': EXPORT,
    'evals/export-variables.yaml': EXPORT_VARIABLES_AFTER,
  });
  const app = path.join(ROOT, 'specs/demo/app.yaml');
  const res = await runCli(['run', 'evals', '--emulator', app, '--reporter', 'json', '--output-dir', 'out'], {
    cwd: project.dir,
    env: { ...NO_CREDENTIALS, GEMINI_API_KEY: 'test-key' },
  });
  code = res.code;
  results = await readJson<RunResult>(path.join(project.dir, 'out/results.json'));
});
afterAll(async () => {
  await judge?.close();
  await project?.cleanup();
});

describe('cxas-scrapi files against the emulator', () => {
  it('refuses an export whose turns mock one tool differently, naming the turns, and runs nothing', async () => {
    const mocked = await tempProject({ 'evals/export.yaml': EXPORT_TWO_MOCKS });
    try {
      const app = path.join(ROOT, 'specs/demo/app.yaml');
      const res = await runCli(['run', 'evals', '--emulator', app, '--reporter', 'json', '--output-dir', 'out'], {
        cwd: mocked.dir,
        env: NO_CREDENTIALS,
      });
      expect(res.code).toBe(2);
      expect(res.stderr).toContain(
        'evals/export.yaml:9:82 golden.turns[1].steps[1].expectation.mockToolResponse.response: tool "open_ticket" ' +
          'is mocked with different responses in golden.turns[0] and golden.turns[1]',
      );
      expect(existsSync(path.join(mocked.dir, 'out/results.json'))).toBe(false);
    } finally {
      await mocked.cleanup();
    }
  });

  it('runs goldens (with <event>), turn evals and the export form with their meaning', () => {
    const statuses = Object.fromEntries(results.conversations.map((c) => [c.name, c.status]));
    expect(statuses).toEqual({
      'welcome then balance': 'passed',
      'balance of the right tool': 'passed',
      'output of a tool that was not called': 'failed',
      "multi-turn with the test's variables": 'passed',
      'pin then balance': 'passed',
      'variables after the text': 'passed',
    });
    expect(code).toBe(1);
  });
});
