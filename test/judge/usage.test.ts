// LLM usage totals: added per call, summed across shards by merge-reports, printed in the summaries.
import { describe, expect, it } from 'vitest';
import { addCall, emptyUsage, mergeUsage, type LlmCallRecord } from '../../src/model/llm-usage.js';
import { mergeRunResults } from '../../src/reporters/index.js';
import { llmProperties, llmSummaryLines } from '../../src/reporters/llm-summary.js';
import { buildRunResult } from '../reporters/fixture.js';

const call = (over: Partial<LlmCallRecord> = {}): LlmCallRecord => ({
  purpose: 'judge',
  backend: 'gemini',
  model: 'm',
  latencyMs: 5,
  inputTokens: 1000,
  outputTokens: 100,
  cached: false,
  attempts: 1,
  ...over,
});

describe('llm usage', () => {
  it('adds tokens, cache hits, errors and the estimated cost', () => {
    const totals = emptyUsage();
    const pricing = { inputPerMTok: 0.3, outputPerMTok: 2.5 };
    addCall(totals, call(), pricing);
    addCall(totals, call({ cached: true, inputTokens: 0, outputTokens: 0, attempts: 0 }), pricing);
    addCall(totals, call({ error: 'JUDGE_TIMEOUT', outputTokens: 0 }), pricing);
    expect(totals).toEqual({
      calls: 3,
      cacheHits: 1,
      errors: 1,
      inputTokens: 2000,
      outputTokens: 100,
      estCostUsd: 0.00085,
    });
    expect(mergeUsage(totals, totals)).toEqual({
      calls: 6,
      cacheHits: 2,
      errors: 2,
      inputTokens: 4000,
      outputTokens: 200,
      estCostUsd: 0.0017,
    });
  });

  it("merge-reports sums each shard's usage", () => {
    const judge = { calls: 2, cacheHits: 1, errors: 0, inputTokens: 10, outputTokens: 4 };
    const a = buildRunResult(undefined, { llmUsage: { judge } });
    const b = buildRunResult(undefined, { llmUsage: { judge, user: judge } });
    expect(mergeRunResults([a, b]).llmUsage).toEqual({
      judge: { calls: 4, cacheHits: 2, errors: 0, inputTokens: 20, outputTokens: 8 },
      user: judge,
    });
    expect(mergeRunResults([buildRunResult(), buildRunResult()]).llmUsage).toBeUndefined();
  });

  it('prints the totals and names the JUnit properties', () => {
    const result = buildRunResult(undefined, {
      llmUsage: {
        judge: { calls: 1200, cacheHits: 3, errors: 1, inputTokens: 123456, outputTokens: 789, estCostUsd: 0.0123 },
      },
    });
    expect(llmSummaryLines(result)).toContain(
      'Judge usage: 1200 calls (3 cached), 1 errors, 123,456 input / 789 output tokens, est. $0.0123',
    );
    expect(llmProperties(result)).toContainEqual(['cxas-eval.judge.estCostUsd', '0.0123']);
    expect(llmSummaryLines(buildRunResult())).toEqual([]);
  });
});
