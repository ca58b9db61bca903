// The disk cache: a hit sends no request and costs nothing; the key follows model, prompt and transcript.
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import {
  Budget,
  JUDGE_PROMPT_VERSION,
  JUDGE_REPLY_SCHEMA,
  JUDGE_SYSTEM,
  StructuredCaller,
  UsageLedger,
  cacheKey,
  cacheOf,
  callerSettings,
  canonicalJson,
  createBackend,
  judgeMessages,
  transcriptData,
  type CacheKeyParts,
} from '../../src/judge/index.js';
import type { JsonValue } from '../../src/model/json.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.mjs';
import { BALANCE_TURNS, FAIL, PASS, configFor, envFor, judgeFor, tempCache, turn } from './helpers.js';

let fake: FakeLlm;
beforeAll(async () => {
  fake = await startFakeLlm();
});
afterAll(() => fake.close());
afterEach(() => fake.reset());

const CRITERION = 'The balance stated equals the tool response';

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const sub of await readdir(dir).catch(() => [] as string[])) out.push(...(await readdir(path.join(dir, sub))));
  return out;
}

describe('judge cache', () => {
  it('never reuses a verdict cached under the previous prompt version (judge-v2)', async () => {
    const cache = await tempCache();
    try {
      fake.on(CRITERION, FAIL, PASS);
      const config = configFor('openai', fake, cache.dir);
      const backend = createBackend('openai', config, envFor('openai'), {});
      if (typeof backend === 'string') throw new Error(backend);
      const old = new StructuredCaller('judge', backend, callerSettings(config), {
        cache: cacheOf(config, {}),
        budget: new Budget(undefined),
        ledger: new UsageLedger(),
      });
      const stored = await old.call({
        promptVersion: 'judge-v2',
        system: JUDGE_SYSTEM,
        messages: judgeMessages(transcriptData(BALANCE_TURNS), CRITERION),
        schema: JUDGE_REPLY_SCHEMA,
        schemaName: 'judge_verdict',
        sampleIndex: 0,
      });
      expect(stored).toMatchObject({ ok: true, value: FAIL.json, record: { cached: false } });
      expect(JUDGE_PROMPT_VERSION).toBe('judge-v3');
      const { judge } = judgeFor('openai', fake, cache.dir);
      expect(await judge.evaluate({ criterion: CRITERION, turns: BALANCE_TURNS })).toMatchObject({
        status: 'passed',
        calls: [{ cached: false }],
      });
      expect(fake.requests).toHaveLength(2);
      // The new prompt's own entry is reused.
      expect(await judge.evaluate({ criterion: CRITERION, turns: BALANCE_TURNS })).toMatchObject({
        status: 'passed',
        calls: [{ cached: true }],
      });
      expect(fake.requests).toHaveLength(2);
    } finally {
      await cache.cleanup();
    }
  });

  it('answers a repeated question from disk: no request, 0 tokens, marked cached', async () => {
    const cache = await tempCache();
    try {
      fake.on(CRITERION, PASS);
      const first = judgeFor('openai', fake, cache.dir, { pricing: { inputPerMTok: 1, outputPerMTok: 4 } });
      expect(await first.judge.evaluate({ criterion: CRITERION, turns: BALANCE_TURNS })).toMatchObject({
        status: 'passed',
        calls: [{ cached: false }],
      });
      expect(first.ledger.snapshot()['judge']).toEqual({
        calls: 1,
        cacheHits: 0,
        errors: 0,
        inputTokens: 100,
        outputTokens: 20,
        estCostUsd: 0.00018,
      });
      const second = judgeFor('openai', fake, cache.dir, { pricing: { inputPerMTok: 1, outputPerMTok: 4 } });
      const again = await second.judge.evaluate({ criterion: CRITERION, turns: BALANCE_TURNS });
      expect(again).toMatchObject({
        status: 'passed',
        calls: [{ cached: true, inputTokens: 0, outputTokens: 0, attempts: 0 }],
      });
      expect(fake.requests).toHaveLength(1);
      expect(second.ledger.snapshot()['judge']).toEqual({
        calls: 1,
        cacheHits: 1,
        errors: 0,
        inputTokens: 0,
        outputTokens: 0,
        estCostUsd: 0,
      });
      expect((await files(cache.dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      await cache.cleanup();
    }
  });

  it('re-judges when the transcript, criterion or model changes, and with --no-cache', async () => {
    const cache = await tempCache();
    try {
      fake.on(() => true, PASS);
      const ask = (model: string, criterion: string, turns = BALANCE_TURNS, flags = {}) =>
        judgeFor('gemini', fake, cache.dir, { model }, flags).judge.evaluate({ criterion, turns });
      await ask('m1', CRITERION);
      await ask('m1', CRITERION);
      expect(fake.requests).toHaveLength(1);
      await ask('m2', CRITERION);
      await ask('m1', `${CRITERION}.`);
      await ask('m1', CRITERION, [...BALANCE_TURNS, turn('thanks', 'bye')]);
      await ask('m1', CRITERION, BALANCE_TURNS, { noCache: true });
      expect(fake.requests).toHaveLength(5);
    } finally {
      await cache.cleanup();
    }
  });

  it('stores only verdicts: errors and cannot_judge are asked again', async () => {
    const cache = await tempCache();
    try {
      fake
        .on('bad', { text: 'not json' })
        .on('unsure', { json: { verdict: 'cannot_judge', reason: 'r', evidenceTurns: [] } });
      const { judge } = judgeFor('gemini', fake, cache.dir);
      for (const criterion of ['bad', 'unsure', 'bad', 'unsure']) {
        expect(await judge.evaluate({ criterion, turns: BALANCE_TURNS })).toMatchObject({ status: 'error' });
      }
      expect(fake.requests).toHaveLength(4);
      expect(await files(cache.dir)).toEqual([]);
    } finally {
      await cache.cleanup();
    }
  });

  it('keys on every part, in any key order', () => {
    const parts: CacheKeyParts = {
      promptVersion: 'judge-v1',
      backend: 'gemini',
      model: 'm',
      temperature: 0,
      seed: null,
      schema: JUDGE_REPLY_SCHEMA,
      renderedPrompt: 'p',
      sampleIndex: 0,
    };
    const key = cacheKey(parts);
    expect(key).toBe(
      createHash('sha256')
        .update(canonicalJson(parts as unknown as JsonValue))
        .digest('hex'),
    );
    expect(cacheKey({ ...parts, schema: Object.fromEntries(Object.entries(JUDGE_REPLY_SCHEMA).reverse()) })).toBe(key);
    for (const change of [
      { promptVersion: 'judge-v2' },
      { backend: 'vertex' },
      { model: 'n' },
      { temperature: 0.5 },
      { seed: 1 },
      { renderedPrompt: 'q' },
      { sampleIndex: 1 },
      { schema: {} },
    ]) {
      expect(cacheKey({ ...parts, ...change })).not.toBe(key);
    }
  });
});
