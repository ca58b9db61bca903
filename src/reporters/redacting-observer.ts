// The one redaction pass of a run: every event is masked once, before any reporter (or the copy kept
// for an interrupted run) sees it; the reporters behind it need no patterns of their own.
import type { ConversationStartInfo, RunObserver } from '../model/observer.js';
import type { Attempt, ConversationResult, RunResult, RunStartInfo, TurnRecord } from '../model/result.js';
import type { Redactor } from '../model/redact.js';

export class RedactingObserver implements RunObserver {
  /** Each conversation is masked once; the final RunResult reuses the masked copies. */
  private readonly masked = new WeakMap<object, ConversationResult>();

  constructor(
    private readonly inner: RunObserver,
    private readonly redactor: Redactor,
  ) {}

  onRunStart(info: Readonly<RunStartInfo>): void | Promise<void> {
    return this.inner.onRunStart?.(this.redactor.model(info));
  }

  onConversationStart(c: ConversationStartInfo): void | Promise<void> {
    return this.inner.onConversationStart?.(this.redactor.model(c));
  }

  onTurnEnd(conversationId: string, turn: Readonly<TurnRecord>): void | Promise<void> {
    return this.inner.onTurnEnd?.(this.redactor.conversationId(conversationId), this.redactor.model(turn));
  }

  onAttemptDiscarded(conversationId: string, attempt: Readonly<Attempt>): void | Promise<void> {
    return this.inner.onAttemptDiscarded?.(this.redactor.conversationId(conversationId), this.redactor.model(attempt));
  }

  onConversationEnd(result: Readonly<ConversationResult>): void | Promise<void> {
    return this.inner.onConversationEnd?.(this.conversation(result));
  }

  onRunEnd(result: Readonly<RunResult>): void | Promise<void> {
    return this.inner.onRunEnd?.(this.run(result));
  }

  /** The masked run: what every report of it (complete or interrupted) is rendered from. */
  run(result: Readonly<RunResult>): RunResult {
    const header = this.redactor.model({ ...result, conversations: [] });
    return { ...header, conversations: result.conversations.map((c) => this.conversation(c)) };
  }

  conversation(result: Readonly<ConversationResult>): ConversationResult {
    if (!this.redactor.active) return result as ConversationResult; // nothing to mask: no copy to remember
    let copy = this.masked.get(result);
    if (!copy) {
      copy = this.redactor.model(result) as ConversationResult;
      this.masked.set(result, copy);
    }
    return copy;
  }
}
