// A temp project for end-to-end judge runs: one spec whose judge expectations each name a scripted case,
// a config pointing the judge at the fake LLM server, and the CLI run against the demo app on the emulator.
import { tempProject } from '../helpers/cli.js';
import { runDemoWithReports, type ReportedRun } from '../helpers/demo-run.js';
import type { FakeLlm, FakeReply } from '../helpers/fake-llm.mjs';
import { FAIL, PASS, type Shape } from './helpers.js';

/** Scripted replies per case; each conversation's judge prompt contains `[case:<name>]`. */
const CASES: Record<string, FakeReply[]> = {
  pass: [PASS],
  fail: [FAIL],
  retry429: [{ status: 429, retryDelayMs: 200 }, PASS],
  http500: [{ status: 500 }],
  hang: [{ hang: true }],
  badJson: [{ text: 'The verdict is: pass' }],
  schemaInvalid: [{ json: { verdict: 'maybe', reason: 'x', evidenceTurns: [] } }],
  safety: [{ finishReason: 'SAFETY', text: '' }],
  noCandidates: [{ noCandidates: true }],
  cannotJudge: [{ json: { verdict: 'cannot_judge', reason: 'the transcript is too short', evidenceTurns: [] } }],
  split: [PASS, FAIL],
};

/** Fault cases: each must end in `error`. */
export const FAULTS = ['http500', 'hang', 'badJson', 'schemaInvalid', 'safety', 'noCandidates', 'cannotJudge', 'split'];

function conversation(name: string, judge: string, level: 'turn' | 'conversation' = 'turn'): string {
  const expect = `          - ${judge}`;
  return level === 'turn'
    ? `  - name: ${name}\n    turns:\n      - event: WELCOME\n        expect:\n${expect}\n      - user: goodbye\n`
    : `  - name: ${name}\n    turns:\n      - event: WELCOME\n      - user: goodbye\n    expect:\n${expect.slice(4)}\n`;
}

const SPEC = [
  'conversations:',
  conversation('pass', 'judge: { prompt: "[case:pass] the agent greets the caller" }'),
  conversation('fail', 'judge: { prompt: "[case:fail] the agent promises a refund" }', 'conversation'),
  conversation('negated fail', 'not: { judge: { prompt: "[case:fail] the agent promises a refund" } }'),
  conversation('retry429', 'judge: { prompt: "[case:retry429] the agent greets" }'),
  ...FAULTS.map((f) =>
    conversation(f, `judge: { prompt: "[case:${f}] the agent greets"${f === 'split' ? ', samples: 2' : ''} }`),
  ),
  conversation('negated fault', 'not: { judge: { prompt: "[case:http500] the agent greets" } }'),
].join('\n');

function configYaml(shape: Shape, fake: FakeLlm): string {
  const base = shape === 'openai' ? fake.openaiUrl : fake.url;
  return `judge:
  backend: ${shape}
  baseUrl: ${base}
  model: ${shape === 'openai' ? 'judge-oss' : 'gemini-2.5-flash'}
  project: p1
  timeoutMs: 1500
  retries: { attempts: 2, baseDelayMs: 10, maxDelayMs: 1000 }
  pricing: { inputPerMTok: 0.1, outputPerMTok: 0.4 }
  cache: { dir: .judge-cache }
`;
}

export function script(fake: FakeLlm): void {
  for (const [name, replies] of Object.entries(CASES)) fake.on(`[case:${name}]`, ...replies);
}

const ENV: Record<Shape, NodeJS.ProcessEnv> = {
  gemini: { GEMINI_API_KEY: 'test-key' },
  vertex: { CXAS_OAUTH_TOKEN: 'test-token', GEMINI_API_KEY: '' },
  openai: { OPENAI_API_KEY: 'sk-test' },
};

export type JudgeRun = ReportedRun;

export async function judgeProject(shape: Shape, fake: FakeLlm) {
  const project = await tempProject({ 'specs/judge.yaml': SPEC, 'cxas-eval.config.yaml': configYaml(shape, fake) });
  const run = (extra: string[] = []): Promise<JudgeRun> => runDemoWithReports(project.dir, ENV[shape], extra);
  return { project, run };
}
