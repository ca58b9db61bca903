// AIMD concurrency control: quota errors halve the limit, successes grow it back by one per window,
// up to the configured maximum. One limit governs two things:
// - conversations started (p-limit: a changed `concurrency` applies to the ones it starts next, so
//   conversations in flight are never cancelled by a decrease);
// - turns in flight (permits): a turn holds one from its first request to its reply, and queues,
//   first come first served, when none is free. A quota rejection pauses the permits for the wait
//   the server asked for, and the rejected turn gives its permit up and queues again, ahead of the
//   turns not yet sent (`requeue`): after the pause the turns waiting longest are sent first, and a
//   lowered limit holds at once, also among conversations already running.
import pLimit, { type LimitFunction } from 'p-limit';

export interface ThrottleStats {
  decreases: number;
  increases: number;
  minConcurrency: number;
  quotaWaits: number;
}

interface Waiter {
  grant(): void;
  /** Removed from its queue (aborted); skipped when its turn comes. */
  gone: boolean;
}

/** A first-in, first-out queue of waiters: an array read from a moving head, compacted as it drains. */
class WaiterQueue {
  private items: Waiter[] = [];
  private head = 0;

  push(w: Waiter): void {
    this.items.push(w);
  }

  /** The first waiter not gone, taken off the queue; undefined when none is left. */
  shift(): Waiter | undefined {
    while (this.head < this.items.length) {
      const w = this.items[this.head++]!;
      if (this.head > 64 && this.head * 2 > this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
      if (!w.gone) return w;
    }
    return undefined;
  }
}

export class AimdThrottle {
  /** Starts conversations: at most `concurrency` at a time. */
  readonly limit: LimitFunction;
  private successes = 0;
  private lastDecrease = Number.NEGATIVE_INFINITY;
  readonly stats: ThrottleStats;
  /** Turn permits held. */
  private held = 0;
  /** Turns that gave their permit up after a quota rejection: served before `waiting`. */
  private readonly returning = new WaiterQueue();
  /** Turns not yet sent, in the order they asked. */
  private readonly waiting = new WaiterQueue();
  /** Waiters in the queues, not counting those gone. */
  private waiters = 0;
  /** While paused (after a quota rejection), until when (`now`); 0 when not paused. */
  private pausedUntil = 0;
  private pauseTimer: ReturnType<typeof setTimeout> | undefined;

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
      this.grant();
    }
  }

  /**
   * A turn's permit at once, when one is free, no turn is queued for one and no quota wait is
   * under way: true. Synchronous, so a run the quota never limits pays no promise per turn; on
   * false, call `acquire`.
   */
  tryAcquire(): boolean {
    if (this.held >= this.limit.concurrency || this.waiters > 0 || this.pausedUntil !== 0) return false;
    this.held += 1;
    return true;
  }

  /** Queues for a permit (after a failed `tryAcquire`); rejects with the signal's reason on abort. */
  acquire(signal: AbortSignal): Promise<void> {
    return this.enqueue(this.waiting, signal);
  }

  /** Turn permits held: turns in flight. */
  get inFlight(): number {
    return this.held;
  }

  /** Gives a held permit back. */
  release(): void {
    this.held -= 1;
    this.grant();
  }

  /**
   * After a quota rejection: no permit is granted for `waitMs` (the server's wait, for every turn:
   * the quota is shared), and the turn gives its permit up and queues again, ahead of turns not yet
   * sent. Settles holding the permit, even when it rejects (aborted: the permit is taken back over
   * the limit), so the caller's one `release` stays paired with its one `acquire`.
   */
  requeue(waitMs: number, signal: AbortSignal): Promise<void> {
    this.held -= 1;
    if (waitMs > 0 && !signal.aborted) this.pause(waitMs);
    return this.enqueue(this.returning, signal).catch((err: unknown) => {
      this.held += 1;
      throw err;
    });
  }

  private pause(ms: number): void {
    const until = this.now() + ms;
    if (until <= this.pausedUntil) return;
    this.pausedUntil = until;
    clearTimeout(this.pauseTimer);
    this.pauseTimer = setTimeout(this.resume, ms);
  }

  private readonly resume = (): void => {
    clearTimeout(this.pauseTimer);
    this.pauseTimer = undefined;
    this.pausedUntil = 0;
    this.grant();
  };

  private enqueue(queue: WaiterQueue, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const onAbort = (): void => {
        waiter.gone = true;
        // Nobody left to wait for the pause: its timer must not hold the process up.
        if (--this.waiters === 0) this.resume();
        reject(signal.reason);
      };
      const waiter: Waiter = {
        gone: false,
        grant: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      queue.push(waiter);
      this.waiters += 1;
      this.grant();
    });
  }

  /** Hands free permits to queued turns, unless paused: first those that gave one up, then in the order they asked. */
  private grant(): void {
    if (this.waiters === 0) return; // the common case: nobody queued
    while (this.pausedUntil === 0 && this.held < this.limit.concurrency) {
      const w = this.returning.shift() ?? this.waiting.shift();
      if (!w) return;
      this.held += 1;
      this.waiters -= 1;
      w.grant();
    }
  }
}
