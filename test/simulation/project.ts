// A temp project for end-to-end simulations: the demo app on the emulator, a fake LLM server playing both
// the simulated user (scripted per case by the number of messages so far) and the judge (per goal tag).
import { tempProject } from '../helpers/cli.js';
import { runDemoWithReports, type ReportedRun } from '../helpers/demo-run.js';
import type { FakeLlm, FakeReply, RecordedRequest } from '../helpers/fake-llm.mjs';

const PASS = { json: { verdict: 'pass', reason: 'The agent did it', evidenceTurns: [2] } };
const FAIL = { json: { verdict: 'fail', reason: 'The agent never stated a balance', evidenceTurns: [3] } };
const say = (text: string, activeGoal = 1): FakeReply => ({ json: { action: 'say', text, activeGoal } });
const END: FakeReply = { json: { action: 'end', text: '', activeGoal: 2 } };

/** The user model's replies per case: index k answers the k-th question (1, 3, 5... messages). */
const USER: Record<string, FakeReply[]> = {
  met: [{ json: { action: 'dtmf', text: '1234#', activeGoal: 1 } }, say('What is my balance?', 2), END],
  notMet: [{ json: { action: 'dtmf', text: '1234#', activeGoal: 1 } }, say('What is my balance?', 2), END],
  agentEnds: [say('bye')],
  garbage: [{ text: 'I would like my balance please' }],
  invalid: [{ json: { action: 'say', text: 'hi', activeGoal: 9 } }],
  judgeError: [say('bye')],
  flaky: [say('bye')],
  fakes: [say('Tell me my account balance'), END],
  inventor: [say('My order ORD-999 never arrived'), END],
  faultyRepeat: [say('bye')],
  voice: [say('hello there'), END],
  // Hangs up at its first move: nothing reaches the agent.
  silent: [{ json: { action: 'end', text: '', activeGoal: 1 } }],
};

/** Cases whose user says the same whatever the conversation so far. */
const USER_ALWAYS: Record<string, FakeReply> = {
  limit: say('What is my balance?'),
  goalLimit: say('hello there'),
};

/** The judge's replies per goal tag. */
const JUDGE: Record<string, FakeReply[]> = {
  'met-1': [PASS],
  'met-2': [PASS],
  'notMet-1': [PASS],
  'notMet-2': [FAIL],
  limit: [PASS],
  goalLimit: [PASS],
  agentEnds: [FAIL],
  garbage: [PASS],
  scrapi: [PASS],
  fakes: [PASS],
  voice: [PASS],
  invalid: [PASS],
  judgeError: [{ status: 500 }],
  flaky: [PASS, FAIL, PASS],
  inventor: [PASS],
  faultyRepeat: [PASS],
  silent: [PASS],
};

/** The simulator check's verdict on a simulated user who invented a fact of its own. */
const FAULT = {
  json: {
    verdict: 'fail',
    reason: 'facts: the user invented order ORD-999, which its brief does not give',
    evidenceTurns: [1],
  },
};

/** The simulator check's replies per persona tag; every other simulated user kept to its brief. */
const CHECK: Record<string, FakeReply[]> = {
  inventor: [FAULT],
  // Three runs (concurrency 1): the second run's user faulted.
  faultyRepeat: [PASS, FAULT, PASS],
};

function conversation(name: string, sim: string, extra = ''): string {
  return (
    `  - name: ${name}\n    repeat: 1\n${extra}    simulation:\n` +
    `      persona: "[sim:${name}] a calm caller"\n${sim}`
  );
}
const goal = (tag: string, maxTurns = '') =>
  `        - { goal: "goal ${tag}", successCriteria: "[goal:${tag}] it happened"${maxTurns} }\n`;

const SPEC = [
  'conversations:',
  conversation(
    'met',
    `      start: { event: WELCOME }\n      goals:\n${goal('met-1')}${goal('met-2')}`,
    '    expect:\n      - toolCall: { name: lookup_account }\n',
  ),
  conversation('notMet', `      start: { event: WELCOME }\n      goals:\n${goal('notMet-1')}${goal('notMet-2')}`),
  conversation('limit', `      start: { event: WELCOME }\n      maxTurns: 2\n      goals:\n${goal('limit')}`),
  conversation('goalLimit', `      goals:\n${goal('goalLimit', ', maxTurns: 1')}`),
  conversation('agentEnds', `      goals:\n${goal('agentEnds')}`),
  conversation('garbage', `      goals:\n${goal('garbage')}`),
  conversation('invalid', `      goals:\n${goal('invalid')}`),
  conversation('judgeError', `      goals:\n${goal('judgeError')}`),
  conversation('voice', `      goals:\n${goal('voice')}`, '    modality: audio\n    pacing: fast\n'),
  conversation(
    'fakes',
    `      goals:\n${goal('fakes')}`,
    '    useToolFakes: true\n    variables: { authenticated: true, account_id: ACC-2002 }\n',
  ),
  conversation('flaky', `      goals:\n${goal('flaky')}`).replace(
    'repeat: 1',
    'repeat: 3\n    passRate: 0.6\n    tags: [flaky]',
  ),
  conversation('inventor', `      goals:\n${goal('inventor')}`),
  conversation('silent', `      goals:\n${goal('silent')}`),
  conversation('faultyRepeat', `      goals:\n${goal('faultyRepeat')}`).replace(
    'repeat: 1',
    'repeat: 3\n    tags: [flaky]',
  ),
].join('\n');

/** A cxas-scrapi simulation eval, loaded as it is. */
const SCRAPI_SIM = `evals:
  - name: scrapi goodbye
    tags: [scrapi]
    session_parameters: { caller_id: "+14155551234" }
    steps:
      - goal: Say goodbye
        success_criteria: "[goal:scrapi] the agent says goodbye"
        response_guide: "[sim:scrapi] brief"
        static_utterance: bye
        max_turns: 2
    expectations:
      - "[goal:scrapi] the agent is polite"
`;

const CONFIG = (fake: FakeLlm, simulation = '') => `judge:
  backend: gemini
  baseUrl: ${fake.url}
  timeoutMs: 1500
  retries: { attempts: 1 }
  pricing: { inputPerMTok: 0.1, outputPerMTok: 0.4 }
  cache: { dir: .llm-cache }
simulation:
  userModel: user-sim-1
  pricing: { inputPerMTok: 1, outputPerMTok: 2 }
${simulation}`;

export function script(fake: FakeLlm): void {
  for (const [name, replies] of Object.entries(USER)) {
    replies.forEach((reply, k) =>
      fake.on((r) => r.system.includes(`[sim:${name}]`) && r.messages.length === 2 * k + 1, reply),
    );
  }
  for (const [name, reply] of Object.entries(USER_ALWAYS)) fake.on((r) => r.system.includes(`[sim:${name}]`), reply);
  for (const [tag, replies] of Object.entries(JUDGE)) fake.on(`[goal:${tag}]`, ...replies);
  for (const [name, replies] of Object.entries(CHECK)) fake.on(isCheckOf(name), ...replies);
  fake.on(isCheckOf(), PASS);
}

/** The judge's simulator check (of one persona's user, or of any). */
export function isCheckOf(name?: string): (r: RecordedRequest) => boolean {
  return (r) => r.prompt.includes('Simulator check') && (!name || r.prompt.includes(`[sim:${name}]`));
}

export type SimRun = ReportedRun;

export async function simulationProject(fake: FakeLlm) {
  const project = await tempProject({
    'specs/sim.yaml': SPEC,
    'specs/scrapi_sim.yaml': SCRAPI_SIM,
    'cxas-eval.config.yaml': CONFIG(fake),
    'unchecked.config.yaml': CONFIG(fake, '  checkSimulator: false\n'),
  });
  const run = (extra: string[] = []): Promise<SimRun> =>
    runDemoWithReports(project.dir, { GEMINI_API_KEY: 'test-key' }, extra);
  return { project, run };
}
