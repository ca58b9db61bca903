// Builds judges against the fake LLM server in each wire shape, with a temp cache dir.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { emptyTurnResult, type TurnResult } from '../../src/model/turn.js';
import { resolveJudge, type JudgeConfig, type JudgeSetup } from '../../src/judge/index.js';
import type { TranscriptTurn } from '../../src/judge/index.js';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.mjs';

export type Shape = 'gemini' | 'vertex' | 'openai';
export const SHAPES: Shape[] = ['gemini', 'vertex', 'openai'];

const FAST: JudgeConfig = { timeoutMs: 2000, retries: { attempts: 3, baseDelayMs: 10, maxDelayMs: 1000 } };

export function envFor(shape: Shape): NodeJS.ProcessEnv {
  if (shape === 'gemini') return { GEMINI_API_KEY: 'test-key' };
  if (shape === 'vertex') return { CXAS_OAUTH_TOKEN: 'test-token' };
  return { OPENAI_API_KEY: 'sk-test' };
}

export function configFor(shape: Shape, fake: FakeLlm, cacheDir: string, extra: JudgeConfig = {}): JudgeConfig {
  return {
    ...FAST,
    backend: shape,
    baseUrl: shape === 'openai' ? fake.openaiUrl : fake.url,
    model: shape === 'openai' ? 'judge-oss' : 'gemini-2.5-flash',
    project: 'p1',
    cache: { dir: cacheDir, mode: 'readwrite' },
    ...extra,
  };
}

export function ready(setup: JudgeSetup): Extract<JudgeSetup, { kind: 'ready' }> {
  if (setup.kind !== 'ready') throw new Error(`judge not ready: ${setup.reason}`);
  return setup;
}

export function judgeFor(shape: Shape, fake: FakeLlm, cacheDir: string, extra: JudgeConfig = {}, flags = {}) {
  return ready(resolveJudge(configFor(shape, fake, cacheDir, extra), flags, envFor(shape)));
}

export async function tempCache(): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cxas-judge-'));
  // Retries: a run's detached history gzip may still be writing (see test/helpers/cli.ts).
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }) };
}

export function turn(user: string, agent: string, extra: Partial<TurnResult> = {}): TranscriptTurn {
  const inputs = [{ kind: 'text' as const, text: user }];
  return { inputs, result: { ...emptyTurnResult(1), inputs, text: agent, ...extra } };
}

export const BALANCE_TURNS: TranscriptTurn[] = [
  turn('hi', 'Welcome to Cymbal support'),
  turn('my balance please, account 123', 'Your balance is $42.50', {
    toolCalls: [{ id: 'c1', name: 'lookup_account', args: { b: 2, account_id: '123' }, origin: 'server' }],
    toolResponses: [{ id: 'c1', name: 'lookup_account', response: { balance: 42.5 } }],
  }),
];

export const PASS = { json: { verdict: 'pass', reason: 'The balance matches the tool response', evidenceTurns: [2] } };
export const FAIL = { json: { verdict: 'fail', reason: 'The agent stated another balance', evidenceTurns: [2] } };

/**
 * One fake LLM server and one temporary cache dir for a test file (started before its tests, closed
 * after); `llm.fake` and `llm.cache` are set once the file's `beforeAll` ran.
 */
export function useFakeLlm(options: { resetAfterEach?: boolean } = {}): {
  fake: FakeLlm;
  cache: { dir: string; cleanup(): Promise<void> };
} {
  const llm = {} as { fake: FakeLlm; cache: { dir: string; cleanup(): Promise<void> } };
  beforeAll(async () => {
    llm.fake = await startFakeLlm();
    llm.cache = await tempCache();
  });
  afterAll(async () => {
    await llm.fake.close();
    await llm.cache.cleanup();
  });
  if (options.resetAfterEach ?? true) afterEach(() => llm.fake.reset());
  return llm;
}
