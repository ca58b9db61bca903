// Calls every reporter's hooks in order; one that throws is recorded and the others go on
// (a broken reporter must not lose the run or the other reports).
import type { ConversationResult, RunResult, RunStartInfo, TurnRecord } from '../model/result.js';
import type { ConversationStartInfo, Reporter, ReporterFailure } from './types.js';

const DONE: Promise<void> = Promise.resolve();

type HookName = 'onRunStart' | 'onConversationStart' | 'onTurnEnd' | 'onConversationEnd' | 'onRunEnd';

export class ReporterMultiplexer implements Reporter {
  readonly name = 'multiplexer';
  readonly failures: ReporterFailure[] = [];

  constructor(private readonly reporters: Reporter[]) {}

  private call(hook: HookName, args: unknown[]): Promise<void> {
    // Per-turn hooks fire thousands of times; most reporters implement none of them.
    if (!this.reporters.some((r) => r[hook])) return DONE;
    return this.callEach(hook, args);
  }

  private async callEach(hook: HookName, args: unknown[]): Promise<void> {
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

  onRunStart(info: RunStartInfo): Promise<void> {
    return this.call('onRunStart', [info]);
  }

  onConversationStart(c: ConversationStartInfo): Promise<void> {
    return this.call('onConversationStart', [c]);
  }

  onTurnEnd(conversationId: string, turn: TurnRecord): Promise<void> {
    return this.call('onTurnEnd', [conversationId, turn]);
  }

  onConversationEnd(result: ConversationResult): Promise<void> {
    return this.call('onConversationEnd', [result]);
  }

  onRunEnd(result: RunResult): Promise<void> {
    return this.call('onRunEnd', [result]);
  }
}
