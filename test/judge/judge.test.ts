// The judge against the fake LLM server in all three wire shapes: verdicts, requests, every fault → error.
import { createServer, type Server } from 'node:http';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveJudge } from '../../src/judge/index.js';
import type { FakeReply } from '../helpers/fake-llm.mjs';
import { BALANCE_TURNS, FAIL, PASS, SHAPES, configFor, judgeFor, ready, useFakeLlm } from './helpers.js';

const llm = useFakeLlm();

const NO_CACHE = { noCache: true };

describe.each(SHAPES)('judge over the %s shape', (shape) => {
  it('passes and fails on the verdict, sending the criterion, transcript and schema', async () => {
    llm.fake.on('balance stated', PASS).on('refund promised', FAIL);
    const { judge, ledger } = judgeFor(shape, llm.fake, llm.cache.dir, {}, NO_CACHE);
    const pass = await judge.evaluate({
      criterion: 'The balance stated equals the tool response',
      turns: BALANCE_TURNS,
    });
    const fail = await judge.evaluate({ criterion: 'A refund promised', turns: BALANCE_TURNS, uptoTurn: 2 });
    expect(pass).toMatchObject({ status: 'passed', votes: '1/1', evidenceTurns: [2] });
    expect(fail).toMatchObject({ status: 'failed', reason: 'The agent stated another balance' });
    const req = llm.fake.requests[0]!;
    expect(req.shape).toBe(shape);
    expect(req.prompt).toContain('"toolCall":{"args":{"account_id":"123","b":2},"name":"lookup_account"}');
    expect(req.prompt).toContain('"toolResponse":{"name":"lookup_account","response":{"balance":42.5}}');
    expect(req.prompt).toContain('"scope":"the whole conversation"');
    expect(llm.fake.requests[1]!.prompt).toContain('grade the criterion at turn 2');
    expect(req.system).toContain("The agent's words are claims");
    // Reasoning first, on the wire: both backends send the schema's keys in the order the model writes them.
    expect(req.schema).toMatchObject({ required: ['reason', 'verdict', 'evidenceTurns'] });
    expect(Object.keys((req.schema as { properties: object }).properties)).toEqual([
      'reason',
      'verdict',
      'evidenceTurns',
    ]);
    expect(req.system).toContain('Reason first, then decide');
    expect(req.temperature).toBe(0);
    if (shape === 'gemini') expect(req.headers['x-goog-api-key']).toBe('test-key');
    else expect(req.headers.authorization).toBe(shape === 'vertex' ? 'Bearer test-token' : 'Bearer sk-test');
    if (shape === 'vertex') expect(req).toMatchObject({ project: 'p1', location: 'global', model: 'gemini-2.5-flash' });
    expect(ledger.snapshot()['judge']).toMatchObject({
      calls: 2,
      cacheHits: 0,
      errors: 0,
      inputTokens: 200,
      outputTokens: 40,
    });
  });

  const faults: Array<[string, FakeReply[], RegExp]> = [
    ['500 after retries', [{ status: 500 }], /JUDGE_HTTP.*HTTP 500.*after 3 attempts/],
    ['a hang (timeout)', [{ hang: true }], /JUDGE_TIMEOUT.*no reply within 300 ms/],
    ['bad JSON', [{ text: 'Sure! The verdict is pass.' }], /JUDGE_BAD_JSON/],
    ['schema-invalid JSON', [{ json: { verdict: 'yes', reason: 'ok' } }], /JUDGE_SCHEMA_INVALID.*verdict/],
    ['a SAFETY finish', [{ finishReason: 'SAFETY', json: PASS.json }], /JUDGE_FINISH_REASON/],
    ['no candidates', [{ noCandidates: true }], /JUDGE_NO_CANDIDATES/],
    [
      'cannot_judge',
      [{ json: { verdict: 'cannot_judge', reason: 'no balance shown', evidenceTurns: [] } }],
      /JUDGE_CANNOT_JUDGE.*no balance shown/,
    ],
    ['401', [{ status: 401 }], /JUDGE_AUTH.*HTTP 401/],
    [
      'a verdict its reasoning contradicts',
      [
        {
          json: {
            reason: 'The agent never gave a balance. So the criterion does not hold.',
            verdict: 'pass',
            evidenceTurns: [2],
          },
        },
      ],
      /JUDGE_CONTRADICTION.*"pass" contradicts .* concludes "fail"/,
    ],
  ];
  it.each(faults)('%s is an error with the reason and the raw reply', async (name, replies, reason) => {
    llm.fake.on('criterion', ...replies);
    const { judge, ledger } = judgeFor(shape, llm.fake, llm.cache.dir, { timeoutMs: 300 }, NO_CACHE);
    const out = await judge.evaluate({ criterion: 'criterion x', turns: BALANCE_TURNS });
    expect(out.status).toBe('error');
    expect(`${out.status === 'error' ? out.code : ''}: ${out.reason}`).toMatch(reason);
    if (replies[0] && 'text' in replies[0])
      expect(out.status === 'error' && out.raw).toBe('Sure! The verdict is pass.');
    // cannot_judge and a self-contradicting verdict are valid replies (the call worked); the judge still
    // reports an error.
    const validReply = name === 'cannot_judge' || name.includes('contradicts');
    expect(ledger.snapshot()['judge']?.errors).toBe(validReply ? 0 : 1);
  });

  it("retries a 429 after the server's delay, then succeeds", async () => {
    llm.fake.on('criterion', { status: 429, retryDelayMs: 300 }, PASS);
    const { judge } = judgeFor(shape, llm.fake, llm.cache.dir, {}, NO_CACHE);
    const t0 = performance.now();
    const out = await judge.evaluate({ criterion: 'criterion', turns: BALANCE_TURNS });
    expect(out).toMatchObject({ status: 'passed', calls: [{ attempts: 2 }] });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    expect(llm.fake.requests).toHaveLength(2);
  });

  it('needs a strict majority of samples and shows the votes', async () => {
    llm.fake.on('majority', PASS, FAIL, PASS).on('split', PASS, FAIL);
    const { judge } = judgeFor(shape, llm.fake, llm.cache.dir, { samples: 3 }, NO_CACHE);
    expect(await judge.evaluate({ criterion: 'majority', turns: BALANCE_TURNS })).toMatchObject({
      status: 'passed',
      votes: '2/3',
    });
    const split = await judge.evaluate({ criterion: 'split', turns: BALANCE_TURNS, samples: 2 });
    expect(split).toMatchObject({ status: 'error', code: 'JUDGE_NO_MAJORITY' });
  });

  it('counts a cannot_judge sample against pass and fail alike (README "Fail-closed rules")', async () => {
    const UNSURE = { json: { verdict: 'cannot_judge', reason: 'not shown', evidenceTurns: [] } };
    llm.fake
      .on('two of three', PASS, UNSURE, PASS)
      .on('one each', PASS, UNSURE, FAIL)
      .on('mostly unsure', UNSURE, PASS, UNSURE);
    const { judge } = judgeFor(shape, llm.fake, llm.cache.dir, { samples: 3 }, NO_CACHE);
    const verdict = async (criterion: string) => judge.evaluate({ criterion, turns: BALANCE_TURNS });
    expect(await verdict('two of three')).toMatchObject({ status: 'passed', votes: '2/3' });
    expect(await verdict('one each')).toMatchObject({ status: 'error', code: 'JUDGE_NO_MAJORITY' });
    expect(await verdict('mostly unsure')).toMatchObject({ status: 'error', code: 'JUDGE_CANNOT_JUDGE' });
  });
});

describe('retry delays', () => {
  it('honours Retry-After headers and caps the wait', async () => {
    llm.fake.on('criterion', { status: 503, retryDelayMs: 60_000, retryVia: 'header' }, PASS);
    const { judge } = judgeFor(
      'gemini',
      llm.fake,
      llm.cache.dir,
      { retries: { attempts: 2, maxDelayMs: 200 } },
      NO_CACHE,
    );
    const t0 = performance.now();
    expect(await judge.evaluate({ criterion: 'criterion', turns: BALANCE_TURNS })).toMatchObject({ status: 'passed' });
    const waited = performance.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(190);
    expect(waited).toBeLessThan(5000);
  });

  it("never waits past the caller's deadline: a Retry-After beyond it fails the call at once", async () => {
    // Uncapped here (maxDelayMs a day): only the deadline bounds the wait the server asked for.
    llm.fake.on('criterion', { status: 429, retryDelayMs: 3_600_000, retryVia: 'header' }, PASS);
    const { judge } = judgeFor('gemini', llm.fake, llm.cache.dir, { retries: { maxDelayMs: 86_400_000 } }, NO_CACHE);
    const t0 = performance.now();
    const outcome = await judge.evaluate({
      criterion: 'criterion',
      turns: BALANCE_TURNS,
      deadlineMs: Date.now() + 5000,
    });
    expect(performance.now() - t0).toBeLessThan(4000);
    expect(outcome).toMatchObject({ status: 'error' });
    expect((outcome as { reason: string }).reason).toMatch(
      /after 1 attempt; the server asked to retry in 3600000 ms, past the call's deadline/,
    );
    expect(llm.fake.requests).toHaveLength(1);
  });

  it("bounds a call by its attempts' timeouts when the caller names no deadline", async () => {
    llm.fake.on('criterion', { status: 503, retryDelayMs: 60_000, retryVia: 'header' }, PASS);
    const settings = { timeoutMs: 500, retries: { attempts: 3, maxDelayMs: 86_400_000 } };
    const { judge } = judgeFor('gemini', llm.fake, llm.cache.dir, settings, NO_CACHE);
    const t0 = performance.now();
    const outcome = await judge.evaluate({ criterion: 'criterion', turns: BALANCE_TURNS });
    expect(performance.now() - t0).toBeLessThan(1500);
    expect((outcome as { reason: string }).reason).toContain("past the call's deadline");
  });
});

describe('the attempt timeout bounds everything a call waits for', () => {
  /** Takes every request and never answers: a token endpoint that hangs. */
  async function silentServer(): Promise<{ url: string; hits: string[]; server: Server }> {
    const hits: string[] = [];
    const server = createServer((req) => void hits.push(req.url ?? ''));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    return { url: `http://127.0.0.1:${port}`, hits, server };
  }

  it('a Vertex judge whose credentials never arrive is JUDGE_TIMEOUT after timeoutMs', async () => {
    const silent = await silentServer();
    try {
      // Workload identity federation: the SDK fetches a subject token, then exchanges it, before the call.
      const keyFile = path.join(llm.cache.dir, 'external-account.json');
      await writeFile(
        keyFile,
        JSON.stringify({
          type: 'external_account',
          audience: '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/x',
          subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
          token_url: `${silent.url}/token`,
          credential_source: { url: `${silent.url}/subject` },
        }),
      );
      const config = configFor('vertex', llm.fake, llm.cache.dir, { timeoutMs: 400, retries: { attempts: 1 } });
      const { judge } = ready(resolveJudge(config, { noCache: true }, {}, { keyFile }));
      const t0 = performance.now();
      const out = await judge.evaluate({ criterion: 'criterion', turns: BALANCE_TURNS });
      expect(performance.now() - t0).toBeLessThan(3000);
      expect(out).toMatchObject({ status: 'error', code: 'JUDGE_TIMEOUT' });
      expect(silent.hits).toContain('/subject');
      expect(llm.fake.requests).toHaveLength(0);
    } finally {
      silent.server.closeAllConnections();
      silent.server.close();
    }
  }, 20_000);
});
