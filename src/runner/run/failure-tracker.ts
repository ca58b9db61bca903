// --max-failures (in the spirit of Playwright's FailureTracker): counts conversation runs whose
// final verdict (after goldens and every other conversation step) is failed or error, and says
// when to stop scheduling. Like Playwright's --repeat-each, every run of a repeated conversation
// counts on its own.
import type { ConversationResult } from '../../model/result.js';

export class FailureTracker {
  private failures = 0;

  constructor(private readonly maxFailures: number | undefined) {}

  /** Call once the conversation's verdict is final. */
  onConversationEnd(result: Pick<ConversationResult, 'status'>): void {
    if (result.status === 'failed' || result.status === 'error') this.failures += 1;
  }

  hasReachedMaxFailures(): boolean {
    return this.maxFailures !== undefined && this.maxFailures > 0 && this.failures >= this.maxFailures;
  }

  get reason(): string {
    return `--max-failures ${this.maxFailures} reached`;
  }
}
