// AIMD concurrency control on top of p-limit: quota errors halve concurrency, successes grow it
// back by one per window, up to the configured maximum. p-limit honours a changed `concurrency`
// for the tasks it starts next, so conversations in flight are never cancelled by a decrease.
import pLimit, { type LimitFunction } from 'p-limit';

export interface ThrottleStats {
  decreases: number;
  increases: number;
  minConcurrency: number;
  quotaWaits: number;
}

export class AimdThrottle {
  readonly limit: LimitFunction;
  private successes = 0;
  private lastDecrease = Number.NEGATIVE_INFINITY;
  readonly stats: ThrottleStats;

  constructor(
    private readonly max: number,
    private readonly now: () => number = Date.now,
  ) {
    this.limit = pLimit(Math.max(1, max));
    this.stats = { decreases: 0, increases: 0, minConcurrency: Math.max(1, max), quotaWaits: 0 };
  }

  get concurrency(): number {
    return this.limit.concurrency;
  }

  /** Multiplicative decrease, at most once per cool-down so one burst of rejections halves once. */
  onQuotaError(retryDelayMs = 0): void {
    this.stats.quotaWaits += 1;
    const t = this.now();
    if (t - this.lastDecrease < Math.max(250, retryDelayMs)) return;
    this.lastDecrease = t;
    const next = Math.max(1, Math.floor(this.limit.concurrency / 2));
    if (next < this.limit.concurrency) {
      this.limit.concurrency = next;
      this.stats.decreases += 1;
      this.stats.minConcurrency = Math.min(this.stats.minConcurrency, next);
    }
    this.successes = 0;
  }

  /** Additive increase: +1 after a window of successful turns as large as the current concurrency. */
  onSuccess(): void {
    if (this.limit.concurrency >= this.max) return;
    this.successes += 1;
    if (this.successes >= this.limit.concurrency) {
      this.successes = 0;
      this.limit.concurrency += 1;
      this.stats.increases += 1;
    }
  }
}
