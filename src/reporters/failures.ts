// What the end-of-run summaries (`list`, `github`) say about each failed or errored conversation:
// its title and its problems, each with the spec position to look at.
import type { AssertionResult, ConversationResult, RunResult } from '../model/result.js';
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

/** The failed and errored conversations of a run, in run order. */
export function runFailures(result: RunResult): Failure[] {
  return result.conversations
    .filter((c) => c.status === 'failed' || c.status === 'error')
    .map((c) => ({ conversation: c, title: conversationTitle(c), problems: conversationProblems(c) }));
}
