// Fans every observer hook out to the reporters in order; one that throws is recorded and the
// others go on (a broken reporter must not lose the run or the other reports). Once the run's end is
// reported nothing more is: a run cut short by a signal is reported from what finished, and a
// conversation ending after that (a matcher in flight failing as the run stops) is no part of it.
import type { ConversationStartInfo, RunObserverHook } from '../model/observer.js';
import type { Attempt, ConversationResult, ErrorInfo, RunResult, RunStartInfo, TurnRecord } from '../model/result.js';
import { isPromiseLike } from '../model/promise.js';
import type { Reporter, ReporterFailure } from './types.js';

export class ReporterMultiplexer implements Reporter {
  readonly name = 'multiplexer';
  readonly failures: ReporterFailure[] = [];
  private ended = false;

  constructor(private readonly reporters: readonly Reporter[]) {}

  /** The failures so far as run-level errors of the final RunResult (its verdict counts them). */
  runErrors(): ErrorInfo[] {
    return this.failures.map((f) => ({ code: 'REPORTER_FAILED', message: `${f.reporter}.${f.hook}: ${f.error}` }));
  }

  /**
   * Synchronous while the reporters are: per-turn hooks fire thousands of times, and the runner
   * bounds a hook that returns a promise with a timer (src/runner/run/observer-guard.ts). From the
   * first reporter that returns a promise on, the rest are called in order after it settles.
   */
  private call(hook: RunObserverHook, args: unknown[]): void | Promise<void> {
    if (this.ended) return undefined;
    if (hook === 'onRunEnd') this.ended = true;
    for (let i = 0; i < this.reporters.length; i++) {
      const reporter = this.reporters[i]!;
      const fn = reporter[hook] as ((...a: unknown[]) => void | Promise<void>) | undefined;
      if (!fn) continue;
      let out: void | Promise<void>;
      try {
        out = fn.apply(reporter, args);
      } catch (err) {
        this.fail(reporter, hook, err);
        continue;
      }
      if (isPromiseLike(out)) return this.callRest(Promise.resolve(out), i, hook, args);
    }
    return undefined;
  }

  private async callRest(pending: Promise<void>, at: number, hook: RunObserverHook, args: unknown[]): Promise<void> {
    try {
      await pending;
    } catch (err) {
      this.fail(this.reporters[at]!, hook, err);
    }
    for (const reporter of this.reporters.slice(at + 1)) {
      const fn = reporter[hook] as ((...a: unknown[]) => void | Promise<void>) | undefined;
      if (!fn) continue;
      try {
        await fn.apply(reporter, args);
      } catch (err) {
        this.fail(reporter, hook, err);
      }
    }
  }

  private fail(reporter: Reporter, hook: RunObserverHook, err: unknown): void {
    this.failures.push({ reporter: reporter.name, hook, error: err instanceof Error ? err.message : String(err) });
  }

  onRunStart(info: Readonly<RunStartInfo>): void | Promise<void> {
    return this.call('onRunStart', [info]);
  }

  onConversationStart(c: ConversationStartInfo): void | Promise<void> {
    return this.call('onConversationStart', [c]);
  }

  onTurnEnd(conversationId: string, turn: Readonly<TurnRecord>): void | Promise<void> {
    return this.call('onTurnEnd', [conversationId, turn]);
  }

  onAttemptDiscarded(conversationId: string, attempt: Readonly<Attempt>): void | Promise<void> {
    return this.call('onAttemptDiscarded', [conversationId, attempt]);
  }

  onConversationEnd(result: Readonly<ConversationResult>): void | Promise<void> {
    return this.call('onConversationEnd', [result]);
  }

  onRunEnd(result: Readonly<RunResult>): void | Promise<void> {
    return this.call('onRunEnd', [result]);
  }
}
