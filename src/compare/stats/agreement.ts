// Agreement of a judge with human labels on a pass/fail criterion (issue 29): raw agreement, Cohen's
// kappa with a percentile bootstrap interval, balanced accuracy and the confusion matrix.
// Cohen 1960, "A coefficient of agreement for nominal scales": kappa = (po - pe) / (1 - pe), where po
// is the observed agreement and pe the agreement expected by chance from the two raters' marginals.
// Balanced accuracy: the mean of the judge's recall on human passes and on human fails (Brodersen et
// al. 2010), so a criterion whose labels are mostly one class cannot look good by always saying it.
// The interval resamples labelled examples with replacement (Efron & Tibshirani 1993, §13.3).
import { percentileBootstrap, type BootstrapOptions } from './bootstrap.js';
import type { Interval } from './wilson.js';

/** Human verdict × judge verdict, `pass` the positive class. */
export interface Confusion {
  /** Human pass, judge pass. */
  passPass: number;
  /** Human pass, judge fail. */
  passFail: number;
  /** Human fail, judge pass. */
  failPass: number;
  /** Human fail, judge fail. */
  failFail: number;
}

export interface LabelPair {
  human: boolean;
  judge: boolean;
}

export interface Agreement {
  n: number;
  /** Share of examples where the judge said what the human said. */
  agreement: number;
  /** Undefined when chance agreement is 1 (both raters gave one and the same class throughout). */
  kappa: number | undefined;
  /** 95 % (or `confidence`) percentile bootstrap interval of kappa; undefined with kappa undefined everywhere. */
  kappaInterval: Interval | undefined;
  /** Undefined when the humans gave only one class (recall on the other is not defined). */
  balancedAccuracy: number | undefined;
  confusion: Confusion;
}

const DEFAULT_AGREEMENT_RESAMPLES = 2000;

function confusionOf(pairs: readonly LabelPair[]): Confusion {
  const c: Confusion = { passPass: 0, passFail: 0, failPass: 0, failFail: 0 };
  for (const p of pairs) {
    if (p.human) c[p.judge ? 'passPass' : 'passFail'] += 1;
    else c[p.judge ? 'failPass' : 'failFail'] += 1;
  }
  return c;
}

/** Cohen's kappa of a 2×2 table; NaN when chance agreement is 1. */
export function cohensKappa(c: Confusion): number {
  const n = c.passPass + c.passFail + c.failPass + c.failFail;
  if (n === 0) return Number.NaN;
  const po = (c.passPass + c.failFail) / n;
  const humanPass = (c.passPass + c.passFail) / n;
  const judgePass = (c.passPass + c.failPass) / n;
  const pe = humanPass * judgePass + (1 - humanPass) * (1 - judgePass);
  return pe >= 1 ? Number.NaN : (po - pe) / (1 - pe);
}

export function balancedAccuracy(c: Confusion): number | undefined {
  const passes = c.passPass + c.passFail;
  const fails = c.failPass + c.failFail;
  if (passes === 0 || fails === 0) return undefined;
  return (c.passPass / passes + c.failFail / fails) / 2;
}

export function agreementOf(pairs: readonly LabelPair[], options: BootstrapOptions = {}): Agreement {
  const confusion = confusionOf(pairs);
  const n = pairs.length;
  const kappa = cohensKappa(confusion);
  const resampled = (draw: () => number): number => {
    const c: Confusion = { passPass: 0, passFail: 0, failPass: 0, failFail: 0 };
    for (let i = 0; i < n; i++) {
      const p = pairs[draw()] as LabelPair;
      if (p.human) c[p.judge ? 'passPass' : 'passFail'] += 1;
      else c[p.judge ? 'failPass' : 'failFail'] += 1;
    }
    return cohensKappa(c);
  };
  return {
    n,
    agreement: n === 0 ? Number.NaN : (confusion.passPass + confusion.failFail) / n,
    kappa: Number.isNaN(kappa) ? undefined : kappa,
    kappaInterval: percentileBootstrap(n, resampled, {
      resamples: DEFAULT_AGREEMENT_RESAMPLES,
      ...options,
    }),
    balancedAccuracy: balancedAccuracy(confusion),
    confusion,
  };
}
