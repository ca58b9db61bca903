// What the page hands the review controls (README.md "Reviewing verdicts"): each judge verdict's and
// each graded goal's line, as it builds a conversation's details. The line comes back with controls.
import type { SimulationGoalResult } from '../../../model/result.js';
import type { EmbeddedAssertion, EmbeddedConversation } from '../data.js';

export interface Review {
  /** Called once with the run's id, before any line. */
  start(runId: string): void;
  /** A judge expectation's line; `turn` is absent for a conversation-level one. */
  verdict(line: HTMLElement, c: EmbeddedConversation, a: EmbeddedAssertion, key: string, turn?: number): HTMLElement;
  /** A simulation goal's line. */
  goal(line: HTMLElement, c: EmbeddedConversation, g: SimulationGoalResult, index: number): HTMLElement;
}
