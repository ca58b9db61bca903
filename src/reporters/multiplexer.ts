// Fans every observer hook out to the reporters in order; one that throws is recorded and the
// others go on (a broken reporter must not lose the run or the other reports).
import type { ConversationStartInfo, RunObserverHook } from '../model/observer.js';
import type { Attempt, ConversationResult, ErrorInfo, RunResult, RunStartInfo, TurnRecord } from '../model/result.js';
import type { Reporter, ReporterFailure } from './types.js';

const DONE: Promise<void> = Promise.resolve();

export class ReporterMultiplexer implements Reporter {
  readonly name = 'multiplexer';
  readonly failures: ReporterFailure[] = [];

  constructor(private readonly reporters: readonly Reporter[]) {}

  /** The failures so far as run-level errors of the final RunResult (its verdict counts them). */
  runErrors(): ErrorInfo[] {
    return this.failures.map((f) => ({ code: 'REPORTER_FAILED', message: `${f.reporter}.${f.hook}: ${f.error}` }));
  }

  private call(hook: RunObserverHook, args: unknown[]): Promise<void> {
    // Per-turn hooks fire thousands of times; most reporters implement none of them.
    if (!this.reporters.some((r) => r[hook])) return DONE;
    return this.callEach(hook, args);
  }

  private async callEach(hook: RunObserverHook, args: unknown[]): Promise<void> {
    for (const reporter of this.reporters) {
      const fn = reporter[hook] as ((...a: unknown[]) => void | Promise<void>) | undefined;
      if (!fn) continue;
      try {
        await fn.apply(reporter, args);
      } catch (err) {
        this.failures.push({ reporter: reporter.name, hook, error: err instanceof Error ? err.message : String(err) });
      }
    }
  }

  onRunStart(info: Readonly<RunStartInfo>): Promise<void> {
    return this.call('onRunStart', [info]);
  }

  onConversationStart(c: ConversationStartInfo): Promise<void> {
    return this.call('onConversationStart', [c]);
  }

  onTurnEnd(conversationId: string, turn: Readonly<TurnRecord>): Promise<void> {
    return this.call('onTurnEnd', [conversationId, turn]);
  }

  onAttemptDiscarded(conversationId: string, attempt: Readonly<Attempt>): Promise<void> {
    return this.call('onAttemptDiscarded', [conversationId, attempt]);
  }

  onConversationEnd(result: Readonly<ConversationResult>): Promise<void> {
    return this.call('onConversationEnd', [result]);
  }

  onRunEnd(result: Readonly<RunResult>): Promise<void> {
    return this.call('onRunEnd', [result]);
  }
}
