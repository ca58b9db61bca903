// Pure helpers over results, shared by the runner (live) and merge-reports (from JSON).
import type { ConversationResult, RepeatSummary, RunSummary, Verdict } from './result.js';

export function summarize(conversations: readonly ConversationResult[]): RunSummary {
  const s: RunSummary = { total: conversations.length, passed: 0, failed: 0, error: 0, skipped: 0, interrupted: 0, passRate: 0 };
  for (const c of conversations) s[c.status] += 1;
  const ran = s.total - s.skipped;
  s.passRate = ran > 0 ? s.passed / ran : 0;
  return s;
}

/** Overall verdict: interrupted wins, then error, then failed; all skipped is skipped. */
export function overallStatus(summary: RunSummary, interrupted: boolean): Verdict {
  if (interrupted) return 'interrupted';
  if (summary.error > 0) return 'error';
  if (summary.failed > 0) return 'failed';
  if (summary.total > 0 && summary.skipped === summary.total) return 'skipped';
  return 'passed';
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

/** Groups repeated runs of one spec conversation into pass statistics (only for repeat > 1). */
export function repeatSummaries(conversations: readonly ConversationResult[], requiredPassRates: ReadonlyMap<string, number> = new Map()): RepeatSummary[] {
  const bySpec = new Map<string, ConversationResult[]>();
  for (const c of conversations) {
    if (c.repeat <= 1) continue;
    const list = bySpec.get(c.specId) ?? [];
    list.push(c);
    bySpec.set(c.specId, list);
  }
  return [...bySpec.values()].map((runs) => repeatSummary(runs, requiredPassRates.get(runs[0]!.specId)));
}

function repeatSummary(runs: ConversationResult[], required: number | undefined): RepeatSummary {
  const first = runs[0]!;
  const counted = runs.filter((r) => r.status !== 'skipped');
  const passed = counted.filter((r) => r.status === 'passed').length;
  const passRate = counted.length ? passed / counted.length : 0;
  const threshold = required ?? 1;
  let status: Verdict;
  if (runs.some((r) => r.status === 'interrupted')) status = 'interrupted';
  else if (counted.length === 0) status = 'skipped';
  else if (passRate + 1e-9 >= threshold) status = 'passed';
  else if (runs.some((r) => r.status === 'error') && passed + runs.filter((r) => r.status === 'error').length >= threshold * counted.length) status = 'error';
  else status = 'failed';
  return {
    specId: first.specId, name: first.name, file: first.file, runs: counted.length, passed, passRate,
    passHatK: passHatK(counted.length, passed), requiredPassRate: required, status,
  };
}
