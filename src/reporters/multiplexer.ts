// Fans every observer hook out to the reporters in order; one that throws is recorded and the
// others go on (a broken reporter must not lose the run or the other reports). Once the run's end is
// reported nothing more is: a run cut short by a signal is reported from what finished, and a
// conversation ending after that (a matcher in flight failing as the run stops) is no part of it.
// Given a way to judge the run again (`RunEndRevision`), the end of the run is reported so that what
// is written agrees with the exit code: a reporter failing there is a run error that the report
// files (written first, and again) and the console reporters (last) all show.
import type { ConversationStartInfo, RunObserverHook } from '../model/observer.js';
import type { Attempt, ConversationResult, ErrorInfo, RunResult, RunStartInfo, TurnRecord } from '../model/result.js';
import { isPromiseLike } from '../model/promise.js';
import type { Reporter, ReporterFailure } from './types.js';

const REPORTER_FAILED = 'REPORTER_FAILED';

/** How a failure reads as a run error: `REPORTER_FAILED`, `<reporter>.<hook>: <error>`. */
function failureError(f: ReporterFailure): ErrorInfo {
  return { code: REPORTER_FAILED, message: `${f.reporter}.${f.hook}: ${f.error}` };
}

/** The reporters a run's errors say failed when the run ended (their reports were not written). */
export function reportersFailedAtEnd(errors: readonly ErrorInfo[]): Set<string> {
  const failed = errors.flatMap((e) =>
    e.code === REPORTER_FAILED ? [/^([\w-]+)\.onRunEnd: /.exec(e.message)?.[1]] : [],
  );
  return new Set(failed.filter((name) => name !== undefined));
}

/** How the end of a run is reported when a reporter may fail there (see onRunEnd). */
export interface RunEndRevision {
  /** Reporters whose onRunEnd only writes the result down (report files, a copy): told first, and again. */
  rewrites(reporter: Reporter): boolean;
  /** The result judged again with these run errors (src/model/finalize.ts), as the reporters get it. */
  revise(result: RunResult, errors: ErrorInfo[]): RunResult;
}

export class ReporterMultiplexer implements Reporter {
  readonly name = 'multiplexer';
  readonly failures: ReporterFailure[] = [];
  private ended = false;
  private finalResult: RunResult | undefined;

  constructor(
    private readonly reporters: readonly Reporter[],
    private readonly revision?: RunEndRevision,
  ) {}

  /** The failures so far as run-level errors of the final RunResult (its verdict counts them). */
  runErrors(): ErrorInfo[] {
    return this.failures.map(failureError);
  }

  /** The result the reporters were last given at the run's end (revised when one failed there). */
  get reported(): RunResult | undefined {
    return this.finalResult;
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
    if (!this.revision || this.ended) {
      this.finalResult ??= result as RunResult;
      return this.call('onRunEnd', [result]);
    }
    this.ended = true;
    return this.endRun(result as RunResult, this.revision);
  }

  /**
   * The report files first (and the history's copy), then the console reporters one by one. After
   * each step, the reporters that failed in it are run errors: the result is judged again and every
   * file already written is written again, so the files, the history and the console reporters that
   * come later say what the exit code says. What a console reporter printed before a later one failed
   * cannot be taken back (README.md, "When a reporter fails").
   */
  private async endRun(result: RunResult, revision: RunEndRevision): Promise<void> {
    const writers = this.reporters.filter((r) => revision.rewrites(r));
    const others = this.reporters.filter((r) => !revision.rewrites(r));
    const state = { result, counted: this.failures.length, written: [] as Reporter[] };
    for (const writer of writers) if (await this.endOne(writer, state.result)) state.written.push(writer);
    await this.reviseAndRewrite(state, revision);
    for (const reporter of others) {
      await this.endOne(reporter, state.result);
      await this.reviseAndRewrite(state, revision);
    }
    this.finalResult = state.result;
  }

  /** Until no rewrite fails: the new failures become run errors, and the files are written again. */
  private async reviseAndRewrite(
    state: { result: RunResult; counted: number; written: Reporter[] },
    revision: RunEndRevision,
  ): Promise<void> {
    while (this.failures.length > state.counted) {
      state.result = revision.revise(state.result, this.failures.slice(state.counted).map(failureError));
      state.counted = this.failures.length;
      const again = state.written;
      state.written = [];
      for (const writer of again) if (await this.endOne(writer, state.result)) state.written.push(writer);
    }
  }

  /** One reporter's onRunEnd; false when it failed (recorded). */
  private async endOne(reporter: Reporter, result: RunResult): Promise<boolean> {
    try {
      await reporter.onRunEnd?.(result);
      return true;
    } catch (err) {
      this.fail(reporter, 'onRunEnd', err);
      return false;
    }
  }
}
