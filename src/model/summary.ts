// Counts and pass statistics over results, shared by the runner (live) and merge-reports (from JSON);
// verdicts are in verdict.ts.
import type { ConversationResult, RunSummary } from './result.js';

export function summarize(conversations: readonly ConversationResult[]): RunSummary {
  const s: RunSummary = {
    total: conversations.length,
    passed: 0,
    failed: 0,
    error: 0,
    skipped: 0,
    interrupted: 0,
    passRate: 0,
  };
  for (const c of conversations) s[c.status] += 1;
  const ran = s.total - s.skipped;
  s.passRate = ran > 0 ? s.passed / ran : 0;
  return s;
}

function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/** pass^k (tau-bench): C(c, k) / C(n, k), the chance that k runs drawn from these n all passed. */
export function passHatK(runs: number, passed: number, k = runs): number {
  const denominator = choose(runs, k);
  return denominator === 0 ? 0 : choose(passed, k) / denominator;
}
