// Power of the suite's stratified permutation test (stratified-permutation.ts): the smallest suite
// change it detects, and the runs per side that would detect a given one, by a normal approximation
// of its statistic D (the mean per-conversation difference) with a continuity correction.
//
// A change of δ in each conversation's rate p (to q = p − δ, no lower than 0) moves D by
// Δ = mean(p − q), with variance σ1² = Σ (p(1−p)/B + q(1−q)/H) / n². The test compares D with its
// law under "no change" given each conversation's passes, whose variance is
// σ0² = Σ π(1−π)·N/(N−1)·(1/B + 1/H) / n² (the hypergeometric variance of the head's passes times
// the weight (1/H + 1/B)², with π = (B·p + H·q)/N the pooled rate the margins are expected to have).
// The change is detected when Δ ≥ z_{1−alpha/2}·σ0 + z_{power}·σ1 + c/2, c the smallest step D
// takes (one run's pass moving sides: min(1/B + 1/H) / n). Without the correction the discrete law
// of D at high pass rates made the plan promise too much (simulated power at the planned change as
// low as 0.73); with it, 0.79 to 0.99 over 19 designs (2 to 100 conversations, 1 to 20 runs per side,
// equal and unequal, rates of 0.9 to 1 or drawn from Beta(4, 1.5); 800 simulations each): it errs
// towards "inconclusive". A change is planned both ways — the head losing δ and the base losing δ
// (the head gaining it) — and must be detected both ways, so swapping the sides never changes the
// plan.
import { zQuantile } from './quantiles.js';
import { smallestDetectable } from './exact-power.js';
import type { PowerSettings, SuitePower } from './power.js';

/** One conversation as planned: its pass rate (both sides pooled) and its finished runs on each side. */
export interface PlannedConversation {
  rate: number;
  baseRuns: number;
  headRuns: number;
}

/** Beyond this many runs per side the search stops: no conversation is run that often. */
const MAX_PLANNED_RUNS = 5000;

/** Δ − z_{1−alpha/2}·σ0 − z_{power}·σ1 − c/2 for the head losing `drop` (see the header): ≥ 0 detects it. */
function headDropMargin(conversations: readonly PlannedConversation[], drop: number, settings: PowerSettings): number {
  const n = conversations.length;
  let change = 0;
  let alternative = 0;
  let nullVariance = 0;
  let step = Infinity;
  for (const { rate, baseRuns: b, headRuns: h } of conversations) {
    const q = Math.max(0, rate - drop);
    const pooled = (b * rate + h * q) / (b + h);
    change += rate - q;
    alternative += (rate * (1 - rate)) / b + (q * (1 - q)) / h;
    nullVariance += ((pooled * (1 - pooled) * (b + h)) / (b + h - 1)) * (1 / b + 1 / h);
    step = Math.min(step, 1 / b + 1 / h);
  }
  const needed =
    zQuantile(1 - settings.alpha / 2) * Math.sqrt(nullVariance) +
    zQuantile(settings.power) * Math.sqrt(alternative) +
    step / 2;
  return (change - needed) / n;
}

/** Whether a change of `drop` is detected both ways: the head losing it and the base losing it. */
function detected(conversations: readonly PlannedConversation[], drop: number, settings: PowerSettings): boolean {
  const swapped = conversations.map((c) => ({ rate: c.rate, baseRuns: c.headRuns, headRuns: c.baseRuns }));
  return headDropMargin(conversations, drop, settings) >= 0 && headDropMargin(swapped, drop, settings) >= 0;
}

/**
 * What a suite compared with the permutation test could detect: the smallest suite change (the mean
 * of the conversations' changes) detected with `settings.power`, and the runs per side, the same for
 * every conversation, that would detect a change of `target`. Planned from each conversation's
 * pooled rate, as a fall from it; when the suite mostly fails, as a rise (the test is the same with
 * passes and failures swapped, and a rate near 0 has no room to fall). Nothing with fewer than two
 * conversations, as the suite is not tested then.
 */
export function permutationSuitePower(
  planned: readonly PlannedConversation[],
  target: number,
  settings: PowerSettings,
): SuitePower {
  if (planned.length < 2) return { minimumDetectableChange: null, repeatsToDetect: null };
  const mostlyFailing = planned.reduce((sum, c) => sum + c.rate, 0) < planned.length / 2;
  const conversations = mostlyFailing ? planned.map((c) => ({ ...c, rate: 1 - c.rate })) : planned;
  const largest = Math.max(...conversations.map((c) => c.rate));
  const drop = smallestDetectable((d) => (detected(conversations, d, settings) ? 1 : 0), largest, 1);
  const meanChange = (d: number): number =>
    conversations.reduce((sum, c) => sum + Math.min(c.rate, d), 0) / conversations.length;
  return {
    minimumDetectableChange: drop === null ? null : meanChange(drop),
    repeatsToDetect: runsToDetectSuite(conversations, target, settings),
  };
}

/** Runs per side for every conversation that detect a change of `target`: doubled, then bisected. */
function runsToDetectSuite(
  conversations: readonly PlannedConversation[],
  target: number,
  settings: PowerSettings,
): number | null {
  if (!(target > 0)) return null;
  const detects = (runs: number): boolean =>
    detected(
      conversations.map((c) => ({ rate: c.rate, baseRuns: runs, headRuns: runs })),
      target,
      settings,
    );
  let enough = 1;
  while (!detects(enough)) {
    if (enough >= MAX_PLANNED_RUNS) return null;
    enough = Math.min(MAX_PLANNED_RUNS, enough * 2);
  }
  let short = Math.floor(enough / 2);
  while (enough - short > 1) {
    const mid = Math.floor((short + enough) / 2);
    if (detects(mid)) enough = mid;
    else short = mid;
  }
  return enough;
}
