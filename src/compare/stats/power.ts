// Power analysis: the smallest change a comparison could detect, and the runs that would detect a
// given one. Per conversation, and for a suite of single runs, the exact power of the exact test
// the comparison runs (exact-power.ts); for a suite with repeats, a normal approximation of the
// permutation test (permutation-power.ts; it plans, it does not test: test/compare/simulation.test.ts
// checks that the planned change is detected).
import { fisherPower, mcnemarPower, smallestDetectable } from './exact-power.js';
import { zQuantile } from './quantiles.js';

export interface PowerSettings {
  /** Two-sided significance level the test is run at (already divided for multiplicity if needed). */
  alpha: number;
  /** Chance of detecting an effect of the planned size, e.g. 0.8. */
  power: number;
}

/**
 * Minimum detectable change of one conversation's pass rate between `runsBase` and `runsHead` runs:
 * the smallest drop δ from the base rate p whose exact power under Fisher's test at alpha reaches
 * `power` (`fisherPower`: the test the comparison runs, not an approximation of it). Fisher's test
 * is the same with passes and failures swapped, so from p < 1/2 it is the mirror rise: it plans from
 * max(p, 1-p). Null when even a drop to 0 is not detected that often (too few runs, or an alpha that
 * Holm divided beyond what these run counts can reach).
 */
export function minimumDetectableChange(
  baseRate: number,
  runsBase: number,
  runsHead: number,
  settings: PowerSettings,
): number | null {
  if (runsBase < 1 || runsHead < 1) return null;
  const p = Math.max(baseRate, 1 - baseRate);
  return remembered(`mde ${p} ${runsBase} ${runsHead} ${settings.alpha} ${settings.power}`, () =>
    smallestDetectable((drop) => fisherPower(runsBase, runsHead, p, p - drop, settings.alpha), p, settings.power),
  );
}

/** Beyond this many runs per side the search stops: no conversation is run that often. */
const MAX_PLANNED_RUNS = 5000;

/**
 * Runs per side that detect a drop of `drop` from `baseRate` (or the mirror rise when the rate is
 * below 1/2) with Fisher's exact test at alpha: a number n whose exact power reaches `power` while
 * n - 1's does not. The power of a discrete test rises with n in a sawtooth (a larger n can fall
 * short again), so the search brackets the answer from the normal approximation's (Cohen's h, which
 * only saves evaluations) and bisects; n itself is always checked. Null when no such change exists
 * (a drop larger than the rate) or it takes more than MAX_PLANNED_RUNS.
 */
export function runsToDetect(baseRate: number, drop: number, settings: PowerSettings): number | null {
  const p = Math.max(baseRate, 1 - baseRate);
  if (!(drop > 0) || drop > p) return null;
  const detects = (n: number): boolean => fisherPower(n, n, p, p - drop, settings.alpha) >= settings.power;
  return remembered(`runs ${p} ${drop} ${settings.alpha} ${settings.power}`, () => {
    const guess = Math.min(MAX_PLANNED_RUNS, approximateRuns(p, drop, settings));
    // Bracket: `short` does not detect (or is 0), `enough` does.
    let [short, enough] = [0, guess];
    if (detects(guess)) {
      for (short = Math.floor(guess * STEP); short >= 1 && detects(short); short = Math.floor(short * STEP)) {
        enough = short;
      }
    } else {
      for (short = guess; ; short = enough) {
        if (short >= MAX_PLANNED_RUNS) return null;
        enough = Math.min(MAX_PLANNED_RUNS, Math.ceil(short / STEP));
        if (detects(enough)) break;
      }
    }
    while (enough - short > 1) {
      const mid = Math.floor((short + enough) / 2);
      if (detects(mid)) enough = mid;
      else short = mid;
    }
    return enough;
  });
}

/** The bracketing step around the approximation's guess. */
const STEP = 0.9;

/**
 * Cohen's normal approximation on the arcsine scale (Cohen 1988, §6.3; h = 2·asin√p - 2·asin√(p-δ),
 * n = 2·((z_{1-alpha/2} + z_{power}) / h)²): where the exact search starts, never its answer.
 */
function approximateRuns(p: number, drop: number, settings: PowerSettings): number {
  const h = 2 * Math.asin(Math.sqrt(p)) - 2 * Math.asin(Math.sqrt(p - drop));
  return Math.max(1, Math.ceil(2 * ((zQuantile(1 - settings.alpha / 2) + zQuantile(settings.power)) / h) ** 2));
}

// Plans by their inputs: a suite's conversations mostly share base rates and run counts.
const PLAN_CACHE_LIMIT = 1024;
const plans = new Map<string, number | null>();

function remembered(key: string, plan: () => number | null): number | null {
  if (plans.has(key)) return plans.get(key) as number | null;
  const value = plan();
  if (plans.size >= PLAN_CACHE_LIMIT) plans.delete(plans.keys().next().value as string);
  plans.set(key, value);
  return value;
}

/** What the suite-level design can detect. */
export interface SuitePower {
  /** Smallest suite pass-rate change detectable with these conversations and repeats; null if none is. */
  minimumDetectableChange: number | null;
  /** Repeats per conversation (per side) that would detect a change of `target`; null if none would. */
  repeatsToDetect: number | null;
}

/**
 * Suite power when every conversation ran once per side, where the exact McNemar test decides: the
 * smallest suite change δ it detects with `settings.power` (`mcnemarPower`), planned with the
 * observed back-and-forth: each conversation flips each way at the rate `background` (the fewer
 * of the two observed directions, per conversation) and δ more go the changed way. Repeats: 1 when
 * this design already detects `target`; else the permutation test's plan (two runs or more per side
 * are tested with it), from `withRepeats`.
 */
export function singleRunSuitePower(
  conversations: number,
  background: number,
  target: number,
  settings: PowerSettings,
  withRepeats: SuitePower,
): SuitePower {
  if (conversations < 2) return { minimumDetectableChange: null, repeatsToDetect: null };
  const power = (change: number): number =>
    mcnemarPower(conversations, background + change, background, settings.alpha);
  const detectable = smallestDetectable(power, 1 - 2 * background, settings.power);
  const enough = detectable !== null && detectable <= target;
  const repeats = withRepeats.repeatsToDetect === null ? null : Math.max(2, withRepeats.repeatsToDetect);
  return { minimumDetectableChange: detectable, repeatsToDetect: enough ? 1 : repeats };
}
