// Backend choice, disabled vs not configured, budget, concurrency, redaction and the assertion mapping.
import { describe, expect, it } from 'vitest';
import {
  judgeCriterion,
  renderTranscript,
  resolveJudge,
  type Judge,
  type JudgeOutcome,
  type JudgeSetup,
  UsageLedger,
} from '../../src/judge/index.js';
import { runAssertions } from '../../src/assertions/index.js';
import { judgeCheck } from '../../src/runner/run/judge-check.js';
import { emptyTurnResult } from '../../src/model/turn.js';
import type { Expectation } from '../../src/model/spec.js';

import { BALANCE_TURNS, PASS, judgeFor, turn, useFakeLlm } from './helpers.js';

const llm = useFakeLlm();

describe('resolveJudge', () => {
  const noAdc = { CLOUDSDK_CONFIG: '/nonexistent' };
  it('auto: Gemini API with GEMINI_API_KEY, Vertex with credentials, else not configured', () => {
    expect(resolveJudge({}, {}, { ...noAdc, GEMINI_API_KEY: 'k' })).toMatchObject({
      kind: 'ready',
      judge: { backend: 'gemini', model: 'gemini-2.5-flash' },
    });
    const vertex = resolveJudge(
      {},
      {},
      { ...noAdc, CXAS_OAUTH_TOKEN: 't' },
      { app: 'projects/from-app/locations/us/apps/a' },
    );
    expect(vertex).toMatchObject({ kind: 'ready', judge: { backend: 'vertex' } });
    const none = resolveJudge({}, {}, noAdc);
    expect(none).toMatchObject({ kind: 'unavailable' });
    expect(none.kind !== 'ready' && none.reason).toMatch(/^no judge configured: set GEMINI_API_KEY.*--no-judge/);
  });

  it('--no-judge and backend none disable judging with the reason; explicit backends say what is missing', () => {
    expect(resolveJudge({}, { noJudge: true }, { GEMINI_API_KEY: 'k' })).toEqual({
      kind: 'disabled',
      reason: 'judge disabled (--no-judge)',
    });
    expect(resolveJudge({ backend: 'none' }, {}, {})).toEqual({
      kind: 'disabled',
      reason: 'judge disabled (judge.backend: none)',
    });
    expect(resolveJudge({ backend: 'gemini' }, {}, {})).toMatchObject({
      kind: 'unavailable',
      reason: expect.stringContaining('GEMINI_API_KEY'),
    });
    expect(resolveJudge({ backend: 'openai' }, {}, {})).toMatchObject({
      kind: 'unavailable',
      reason: expect.stringContaining('judge.model'),
    });
    expect(resolveJudge({ backend: 'vertex' }, {}, { CXAS_OAUTH_TOKEN: 't' })).toMatchObject({
      kind: 'unavailable',
      reason: expect.stringContaining('project'),
    });
  });
});

describe('call limits', () => {
  it('stops at the budget: later calls are errors without a request', async () => {
    llm.fake.on(() => true, PASS);
    const { judge, ledger } = judgeFor(
      'gemini',
      llm.fake,
      llm.cache.dir,
      { budget: { maxCalls: 2 } },
      { noCache: true },
    );
    const outs = await Promise.all([1, 2, 3].map((i) => judge.evaluate({ criterion: `c${i}`, turns: BALANCE_TURNS })));
    expect(outs.map((o) => o.status)).toEqual(['passed', 'passed', 'error']);
    expect(outs[2]).toMatchObject({ code: 'JUDGE_BUDGET', reason: 'budget exhausted: 2 requests already sent' });
    expect(llm.fake.requests).toHaveLength(2);
    // The refused call was never sent: an error, not a call (calls count requests sent).
    expect(ledger.snapshot()['judge']).toMatchObject({ calls: 2, errors: 1 });
  });

  it('keeps at most `concurrency` calls in flight', async () => {
    llm.fake.on(() => true, { ...PASS, delayMs: 50 });
    const { judge } = judgeFor('openai', llm.fake, llm.cache.dir, { concurrency: 3 }, { noCache: true });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => judge.evaluate({ criterion: `c${i}`, turns: BALANCE_TURNS })),
    );
    expect(llm.fake.requests).toHaveLength(10);
    expect(llm.fake.maxConcurrent).toBe(3);
  });
});

describe('transcript', () => {
  it('numbers turns, sorts tool args, shows the session end and redacts', () => {
    const turns = [...BALANCE_TURNS, turn('card 4111111111111111', 'bye', { sessionEnded: true })];
    const text = renderTranscript(turns, (t) => t.replace(/\b\d{16}\b/g, '[REDACTED]'));
    expect(JSON.parse(text)).toEqual([
      {
        turn: 1,
        events: [
          { role: 'user', text: 'hi' },
          { role: 'agent', text: 'Welcome to Cymbal support' },
        ],
      },
      {
        turn: 2,
        events: [
          { role: 'user', text: 'my balance please, account 123' },
          { role: 'tool', toolCall: { name: 'lookup_account', args: { account_id: '123', b: 2 } } },
          { role: 'tool', toolResponse: { name: 'lookup_account', response: { balance: 42.5 } } },
          { role: 'agent', text: 'Your balance is $42.50' },
        ],
      },
      {
        turn: 3,
        events: [
          { role: 'user', text: 'card [REDACTED]' },
          { role: 'agent', text: 'bye' },
          { role: 'platform', sessionEnded: true },
        ],
      },
    ]);
    expect(text).toContain('"args":{"account_id":"123","b":2}');
  });
});

describe('judge results as assertions', () => {
  const e = (negated: boolean): Expectation => ({ matcher: 'judge', options: { prompt: 'polite' }, negated });
  const passed: JudgeOutcome = { status: 'passed', reason: 'polite', evidenceTurns: [1], votes: '1/1', calls: [] };
  const error: JudgeOutcome = {
    status: 'error',
    code: 'JUDGE_TIMEOUT',
    reason: 'no reply within 5 ms',
    raw: 'x',
    calls: [],
  };

  /** The judge as the deferred check runAssertions asks, answering `outcome`. */
  async function checked(expectation: Expectation, setup: JudgeSetup) {
    const turn = emptyTurnResult(1);
    const ctx = { scope: 'turn' as const, turnIndex: 2, turn, turns: [turn], judge: judgeCheck(setup) };
    return (await runAssertions([expectation], ctx))[0];
  }
  const ready = (outcome: JudgeOutcome): JudgeSetup => ({
    kind: 'ready',
    judge: { evaluate: async () => outcome } as unknown as Judge,
    ledger: new UsageLedger(),
  });

  it('not: is applied once, by runAssertions: it flips a verdict but never an error or a skip', async () => {
    expect(await checked(e(false), ready(passed))).toMatchObject({
      status: 'passed',
      details: { votes: '1/1', evidenceTurns: [1] },
    });
    expect(await checked(e(true), ready(passed))).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(/^expected not: "polite"; judge says the criterion holds/),
    });
    expect(await checked(e(true), ready(error))).toMatchObject({
      status: 'error',
      actual: 'x',
      message: 'judge error (JUDGE_TIMEOUT): no reply within 5 ms',
    });
    const unavailable: JudgeSetup = { kind: 'unavailable', reason: 'no judge configured' };
    expect(await checked(e(true), unavailable)).toMatchObject({ status: 'error', turn: 2 });
    const disabled: JudgeSetup = { kind: 'disabled', reason: 'judge disabled (--no-judge)' };
    expect(await checked(e(true), disabled)).toMatchObject({
      status: 'skipped',
      message: 'judge disabled (--no-judge)',
    });
  });

  it('reads the criterion from a string or {prompt, samples}', () => {
    expect(judgeCriterion('polite')).toEqual({ prompt: 'polite' });
    expect(judgeCriterion({ prompt: 'polite', samples: 3 })).toEqual({ prompt: 'polite', samples: 3 });
    expect(judgeCriterion({ criteria: 'x' })).toBeUndefined();
  });
});
