// What the end-of-run summaries (`list`, `github`) say about each failed or errored conversation:
// its title and its problems, each with the spec position to look at, and whether the run was
// tolerated (a repeated conversation that met its passRate: the run did not fail the suite).
import type { AssertionResult, ConversationResult, RunResult } from '../model/result.js';
import { countAs } from '../model/summary.js';
import { assertionLocation, conversationTitle, errorLocation, errorText, failedAssertions } from './format.js';

export interface Problem {
  /** The assertion's message, or the conversation's error as `CODE: message`. */
  message: string;
  /** `file:line:col`: the assertion's position, or the turn the error happened in. */
  location: string;
  /** The failed (or errored) assertion; absent for the conversation's error. */
  assertion?: AssertionResult;
}

export interface Failure {
  conversation: ConversationResult;
  title: string;
  /** Failed assertions in order, then the error: empty for a golden mismatch alone. */
  problems: Problem[];
  /**
   * Why this run did not fail the suite, e.g. `tolerated: 4/10 runs passed, passRate 0.1`: its
   * conversation met its passRate (src/model/summary.ts `countAs`). Absent for a real failure.
   */
  tolerated?: string;
}

function conversationProblems(c: ConversationResult): Problem[] {
  const problems: Problem[] = failedAssertions(c).map((a) => ({
    message: a.message,
    location: assertionLocation(a, c),
    assertion: a,
  }));
  if (c.error) problems.push({ message: errorText(c.error), location: errorLocation(c) });
  return problems;
}

function toleratedNote(c: ConversationResult, result: Pick<RunResult, 'repeats'>): string | undefined {
  if (countAs(c, result.repeats) !== 'tolerated') return undefined;
  const group = result.repeats.find((r) => r.specId === c.specId);
  return `tolerated: ${group?.passed}/${group?.runs} runs passed, passRate ${group?.requiredPassRate ?? 1}`;
}

/** The failed and errored conversations of a run, in run order (tolerated ones marked). */
export function runFailures(result: RunResult): Failure[] {
  return result.conversations
    .filter((c) => c.status === 'failed' || c.status === 'error')
    .map((c) => {
      const tolerated = toleratedNote(c, result);
      return {
        conversation: c,
        title: conversationTitle(c),
        problems: conversationProblems(c),
        ...(tolerated ? { tolerated } : {}),
      };
    });
}
