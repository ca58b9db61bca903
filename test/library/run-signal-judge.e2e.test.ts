// The library's `signal` while the LLM judge is at work, against the bundled emulator and a local
// OpenAI-compatible judge (the fake LLM server): a run aborted while a judge request is held leaves
// nothing behind that could end the embedding process after run() returned (an unhandled
// rejection of the cancelled call).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/library/run.js';
import { NO_CREDENTIALS, tempProject } from '../helpers/cli.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.mjs';

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
  return run({
    cwd: project.dir,
    signal,
    history: false,
    coverage: false,
    reporters: ['json'],
    ...extra,
    config: { judge: { backend: 'openai', baseUrl: fake.openaiUrl, model: 'm', cache: { mode: 'off' } } },
    io: { out: () => {}, warn: () => {}, env: { ...NO_CREDENTIALS, OPENAI_API_KEY: 'sk-test' } },
  });
}

/** Aborts `controller` once the fake model has received `count` requests. */
function abortAtRequests(controller: AbortController, count: number): void {
  const poll = setInterval(() => {
    if (fake.requests.length < count) return;
    clearInterval(poll);
    controller.abort();
  }, 5);
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
      const outcome = await judgedRun(controller.signal);
      expect(outcome.result.status).toBe('interrupted');
      // The cancelled calls settle after run() returned: give them the time to.
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });
});
