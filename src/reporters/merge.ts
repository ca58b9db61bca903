// Shards → one RunResult, built by the one builder the runner uses (src/model/finalize.ts), so a
// merged result and the live one always agree.
import { randomUUID } from 'node:crypto';
import { finalizeRun } from '../model/finalize.js';
import type { ConversationResult, ErrorInfo, GoldenFilesNote, RunResult } from '../model/result.js';
import { mergeUsage, type LlmUsageTotals } from '../model/llm-usage.js';
import {
  computeCoverage,
  isCoverageGateError,
  isCoverageUnavailable,
  unionInventories,
  type RunCoverage,
} from '../model/coverage.js';
import { mergedIdentity } from './merge-identity.js';

function minIso(values: string[]): string {
  return values.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
}

function maxIso(values: string[]): string {
  return values.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
}

/** A conversation run that appears in two shards (a re-run shard) keeps its last occurrence. */
function dedupe(conversations: ConversationResult[]): ConversationResult[] {
  const byId = new Map<string, ConversationResult>();
  for (const c of conversations) {
    byId.delete(c.id);
    byId.set(c.id, c);
  }
  return [...byId.values()];
}

/** Repeat summaries lose the spec's required pass rate unless it is carried over from the shards. */
function requiredPassRates(results: RunResult[]): Map<string, number> {
  const rates = new Map<string, number>();
  for (const r of results) {
    for (const s of r.repeats) if (s.requiredPassRate !== undefined) rates.set(s.specId, s.requiredPassRate);
  }
  return rates;
}

function dedupeErrors(errors: ErrorInfo[]): ErrorInfo[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.code}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The shards as one run, under a run id of its own. Its `identity` is the shards' when they agree
 * (merge-identity.ts); `warn` gets a line for each part that differed and was left out.
 */
export function mergeRunResults(results: RunResult[], warn?: (message: string) => void): RunResult {
  const first = results[0];
  if (!first) throw new Error('mergeRunResults needs at least one RunResult');
  const policy = results.some((r) => r.policy?.failOnSkipped) ? { failOnSkipped: true } : undefined;
  const conversations = dedupe(results.flatMap((r) => r.conversations));
  const merged = finalizeRun({
    runId: randomUUID(),
    toolVersion: first.tool.version,
    startedAt: minIso(results.map((r) => r.startedAt)),
    finishedAt: maxIso(results.map((r) => r.finishedAt)),
    target: first.target,
    interrupted: results.some((r) => r.interrupted),
    conversations,
    passRates: requiredPassRates(results),
    // A shard's coverage gate judged that shard alone: the merge gates the union (withCoverageGate).
    errors: dedupeErrors(results.flatMap((r) => r.errors.filter((e) => !isCoverageGateError(e)))),
    policy,
    llmUsage: mergedLlmUsage(results),
    goldens: mergedGoldens(results),
    coverage: mergedCoverage(results, conversations),
  });
  const { identity, warnings } = mergedIdentity(results);
  if (identity) merged.identity = identity;
  for (const w of warnings) warn?.(w);
  return merged;
}

/**
 * The union of the shards' coverage: measured against every item any shard's inventory lists, over
 * the merged conversations. Shards that could not list the app add their conversations all the same;
 * when none could, the merged run has no figures either.
 */
function mergedCoverage(results: RunResult[], conversations: ConversationResult[]): RunResult['coverage'] {
  const blocks = results.flatMap((r) => (r.coverage ? [r.coverage] : []));
  const computed = blocks.filter((b): b is RunCoverage => !isCoverageUnavailable(b));
  if (computed.length) return computeCoverage(unionInventories(computed.map((c) => c.inventory)), conversations);
  return blocks[0];
}

/** Each shard made its own LLM calls: the totals add up. */
function mergedLlmUsage(results: RunResult[]): RunResult['llmUsage'] {
  const judge = results.reduce<LlmUsageTotals | undefined>((acc, r) => mergeUsage(acc, r.llmUsage?.judge), undefined);
  const user = results.reduce<LlmUsageTotals | undefined>((acc, r) => mergeUsage(acc, r.llmUsage?.user), undefined);
  return { ...(judge ? { judge } : {}), ...(user ? { user } : {}) };
}

/** Every shard sees the same golden files: the lists are their union. */
function mergedGoldens(results: RunResult[]): GoldenFilesNote | undefined {
  const notes = results.flatMap((r) => (r.goldens ? [r.goldens] : []));
  if (notes.length === 0) return undefined;
  const union = (key: keyof GoldenFilesNote) => [...new Set(notes.flatMap((n) => n[key]))].sort();
  const removed = union('removed');
  const obsolete = union('obsolete').filter((f) => !removed.includes(f));
  return { obsolete, removed, notCompared: union('notCompared') };
}
