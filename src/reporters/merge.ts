// Shards → one RunResult. Everything derived is recomputed with the verdict functions the runner
// uses (src/model/verdict.ts), so a merged result and the live one always agree.
import { judgeRun } from '../model/verdict.js';
import type { ConversationResult, ErrorInfo, GoldenFilesNote, RunResult } from '../model/result.js';
import { mergeUsage, type LlmUsageTotals } from '../model/llm-usage.js';
import { computeCoverage, isCoverageUnavailable, unionInventories, type RunCoverage } from '../model/coverage.js';

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

export function mergeRunResults(results: RunResult[]): RunResult {
  const first = results[0];
  if (!first) throw new Error('mergeRunResults needs at least one RunResult');
  const conversations = dedupe(results.flatMap((r) => r.conversations));
  const interrupted = results.some((r) => r.interrupted);
  const policy = results.some((r) => r.policy?.failOnSkipped) ? { failOnSkipped: true } : undefined;
  const { summary, repeats, status } = judgeRun(conversations, requiredPassRates(results), interrupted, policy);
  const startedAt = minIso(results.map((r) => r.startedAt));
  const finishedAt = maxIso(results.map((r) => r.finishedAt));
  const { shard: _shard, llmUsage: _usage, policy: _policy, goldens: _goldens, coverage: _coverage, ...rest } = first;
  return {
    ...rest,
    startedAt,
    finishedAt,
    durationMs: Math.max(0, Date.parse(finishedAt) - Date.parse(startedAt)),
    interrupted,
    status,
    summary,
    conversations,
    repeats,
    errors: dedupeErrors(results.flatMap((r) => r.errors)),
    ...mergedLlmUsage(results),
    ...mergedGoldens(results),
    ...(policy ? { policy } : {}),
    ...mergedCoverage(results, conversations),
  };
}

/**
 * The union of the shards' coverage: measured against every item any shard's inventory lists, over
 * the merged conversations. Shards that could not list the app add their conversations all the same;
 * when none could, the merged run has no figures either.
 */
function mergedCoverage(results: RunResult[], conversations: ConversationResult[]): Pick<RunResult, 'coverage'> {
  const blocks = results.flatMap((r) => (r.coverage ? [r.coverage] : []));
  const computed = blocks.filter((b): b is RunCoverage => !isCoverageUnavailable(b));
  if (computed.length)
    return { coverage: computeCoverage(unionInventories(computed.map((c) => c.inventory)), conversations) };
  return blocks[0] ? { coverage: blocks[0] } : {};
}

/** Each shard made its own LLM calls: the totals add up. */
function mergedLlmUsage(results: RunResult[]): Pick<RunResult, 'llmUsage'> {
  const judge = results.reduce<LlmUsageTotals | undefined>((acc, r) => mergeUsage(acc, r.llmUsage?.judge), undefined);
  const user = results.reduce<LlmUsageTotals | undefined>((acc, r) => mergeUsage(acc, r.llmUsage?.user), undefined);
  if (!judge && !user) return {};
  return { llmUsage: { ...(judge ? { judge } : {}), ...(user ? { user } : {}) } };
}

/** Every shard sees the same golden files: the lists are their union. */
function mergedGoldens(results: RunResult[]): Pick<RunResult, 'goldens'> {
  const notes = results.flatMap((r) => (r.goldens ? [r.goldens] : []));
  if (notes.length === 0) return {};
  const union = (key: keyof GoldenFilesNote) => [...new Set(notes.flatMap((n) => n[key]))].sort();
  const removed = union('removed');
  const obsolete = union('obsolete').filter((f) => !removed.includes(f));
  return { goldens: { obsolete, removed, notCompared: union('notCompared') } };
}
