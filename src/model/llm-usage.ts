// Tokens and cost of LLM calls made by the run (judge, and later the simulated user), as reported.
import type { PricingConfig } from './config.generated.js';

/** One structured call to an LLM (one judge sample, one simulated-user reply). */
export interface LlmCallRecord {
  /** What the call was for: `judge` or `user` (the simulated user). */
  purpose: string;
  backend: string;
  model: string;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  /** Answered from the disk cache: no request sent, 0 tokens, $0. */
  cached: boolean;
  /** Requests sent (retries included); 0 for a cache hit. */
  attempts: number;
  /** Error code when the call failed (e.g. JUDGE_TIMEOUT). */
  error?: string;
}

/** Per-purpose totals in results.json (`llmUsage.judge`, `llmUsage.user`). */
export interface LlmUsageTotals {
  calls: number;
  cacheHits: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  /** Estimated from the configured pricing; absent when no pricing is configured. */
  estCostUsd?: number;
}

/** USD per million tokens (config `judge.pricing`, `simulation.pricing`). */
export type LlmPricing = PricingConfig;

export function emptyUsage(): LlmUsageTotals {
  return { calls: 0, cacheHits: 0, errors: 0, inputTokens: 0, outputTokens: 0 };
}

/**
 * Adds one call to `totals` (in place). A call that failed before any request was sent (the budget
 * refused it, the backend could not be prepared) is no call: it counts under `errors` only, so
 * `calls` says what was asked of the model (README "Cost": a budget counts requests sent).
 */
export function addCall(totals: LlmUsageTotals, call: LlmCallRecord, pricing?: LlmPricing): void {
  if (!call.cached && call.attempts === 0 && call.error) {
    totals.errors += 1;
    return;
  }
  totals.calls += 1;
  if (call.cached) totals.cacheHits += 1;
  if (call.error) totals.errors += 1;
  totals.inputTokens += call.inputTokens;
  totals.outputTokens += call.outputTokens;
  if (pricing) totals.estCostUsd = roundUsd((totals.estCostUsd ?? 0) + costOf(call, pricing));
}

function costOf(call: Pick<LlmCallRecord, 'inputTokens' | 'outputTokens'>, pricing: LlmPricing): number {
  return (call.inputTokens * pricing.inputPerMTok + call.outputTokens * pricing.outputPerMTok) / 1e6;
}

/** Sums usage of several runs or shards (merge-reports). */
export function mergeUsage(a: LlmUsageTotals | undefined, b: LlmUsageTotals | undefined): LlmUsageTotals | undefined {
  if (!a) return b && { ...b };
  if (!b) return { ...a };
  const out: LlmUsageTotals = {
    calls: a.calls + b.calls,
    cacheHits: a.cacheHits + b.cacheHits,
    errors: a.errors + b.errors,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
  };
  if (a.estCostUsd !== undefined || b.estCostUsd !== undefined)
    out.estCostUsd = roundUsd((a.estCostUsd ?? 0) + (b.estCostUsd ?? 0));
  return out;
}

function roundUsd(x: number): number {
  return Math.round(x * 1e8) / 1e8;
}
