// The library's `signal` while the LLM judge is at work, against the bundled emulator and a local
// OpenAI-compatible judge (the fake LLM server): a run aborted while a judge request is held leaves
// nothing behind that could end the embedding process after run() returned (an unhandled
// rejection of the cancelled call); a run aborted while `judgeStability` re-judges stops at once and
// reports what it did not re-judge as not measured.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/library/run.js';
import { NO_CREDENTIALS, tempProject } from '../helpers/cli.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.mjs';
import { PASS } from '../judge/helpers.js';

const SPEC = `conversations:
  - name: judged
    turns:
      - event: WELCOME
        expect:
          - judge: { prompt: The agent greets the caller }
      - user: goodbye
    expect:
      - judge: { prompt: The agent is polite }
`;

let fake: FakeLlm;
let project: Awaited<ReturnType<typeof tempProject>>;

beforeAll(async () => {
  fake = await startFakeLlm();
  project = await tempProject({ 'specs/judged.yaml': SPEC });
});
afterEach(() => fake.reset());
afterAll(async () => {
  await fake?.close();
  await project?.cleanup();
});

/** The project's run with the fake judge, aborted by `signal`. */
function judgedRun(signal: AbortSignal, extra: { judgeStability?: number } = {}) {
  const out: string[] = [];
  const outcome = run({
    cwd: project.dir,
    signal,
    history: false,
    coverage: false,
    reporters: ['json'],
    ...extra,
    // One attempt of up to 20 s: a re-judging the abort did not reach would hold the run that long.
    config: {
      judge: {
        backend: 'openai',
        baseUrl: fake.openaiUrl,
        model: 'm',
        cache: { mode: 'off' },
        timeoutMs: 20_000,
        retries: { attempts: 1 },
      },
    },
    io: { out: (t) => void out.push(t), warn: () => {}, env: { ...NO_CREDENTIALS, OPENAI_API_KEY: 'sk-test' } },
  });
  return { outcome, out };
}

/** Aborts `controller` once the fake model has received `count` requests; `at`: when. */
function abortAtRequests(controller: AbortController, count: number): { at?: number } {
  const abort: { at?: number } = {};
  const poll = setInterval(() => {
    if (fake.requests.length < count) return;
    clearInterval(poll);
    abort.at = Date.now();
    controller.abort();
  }, 5);
  return abort;
}

describe("the library's signal during judge calls", () => {
  it('a run aborted while a judge request is held returns, and no rejection is left unhandled', async () => {
    fake.on(() => true, { hang: true });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const controller = new AbortController();
      abortAtRequests(controller, 1);
      const outcome = await judgedRun(controller.signal).outcome;
      expect(outcome.result.status).toBe('interrupted');
      // The cancelled calls settle after run() returned: give them the time to.
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });

  it('a run aborted during judgeStability stops the re-judging at once: what it cut off is not measured', async () => {
    // The run's own two verdicts are answered; every re-judgment is held until cancelled.
    fake.on(() => true, PASS, PASS, { hang: true });
    const controller = new AbortController();
    const abort = abortAtRequests(controller, 3);
    const { outcome, out } = judgedRun(controller.signal, { judgeStability: 5 });
    const { result } = await outcome;
    expect(Date.now() - abort.at!).toBeLessThan(5_000);
    // The verdicts were in and the reports written before the re-judging began.
    expect(result.status).toBe('passed');
    // Nothing more is asked once stopped: of the 10 re-judgments, only those already holding one of
    // the judge's 4 concurrent slots were sent (calls waiting for a slot are not).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.requests.length).toBeLessThanOrEqual(2 + 4);
    const report = JSON.parse(await readFile(path.join(project.dir, 'reports/judge-stability.json'), 'utf8')) as {
      stopped?: boolean;
      criteria: unknown[];
      notMeasured?: string[];
    };
    expect(report).toMatchObject({ stopped: true, criteria: [] });
    expect(report.notMeasured?.sort()).toEqual(['The agent greets the caller', 'The agent is polite']);
    expect(out.join('')).toContain('"The agent is polite": not measured (stopped before its judgments were made)');
  });
});
