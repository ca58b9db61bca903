// Whether a conversation in both runs can be compared at all. One that cannot is shown apart with
// the reason and left out of the statistics and the gate: its pass rates would measure something
// other than a change of the agent.
import type { NotCompared } from '../model/comparison.js';
import type { AssertionResult, ConversationResult } from '../model/result.js';
import { finishedRuns } from './side.js';

export interface NotComparedWhy {
  verdict: NotCompared;
  reason: string;
}

/**
 * No finished run on a side (every run skipped, interrupted or a simulator fault there): there is
 * no rate to compare.
 */
function notRun(base: readonly ConversationResult[], head: readonly ConversationResult[]): NotComparedWhy | undefined {
  const missing = [
    ...(finishedRuns(base).length === 0 ? ['base'] : []),
    ...(finishedRuns(head).length === 0 ? ['head'] : []),
  ];
  if (missing.length === 0) return undefined;
  return {
    verdict: 'not-run',
    reason: `no finished run in ${missing.join(' or ')} (skipped, interrupted or a simulator fault)`,
  };
}

function inputsHashes(runs: readonly ConversationResult[]): Set<string> {
  return new Set(finishedRuns(runs).flatMap((r) => (r.inputsHash === undefined ? [] : [r.inputsHash])));
}

/**
 * The conversation sends something else now (its inputsHash differs: turn inputs, variables,
 * history, session settings, tool fakes or the simulated user's brief): a changed test, whose new
 * pass rate says nothing about a change of the agent. `rescore` and `run --replay` refuse a
 * recording on the same ground. Runs that recorded no hash (results of schema 2) cannot tell and
 * are compared.
 */
function inputsChanged(
  base: readonly ConversationResult[],
  head: readonly ConversationResult[],
): NotComparedWhy | undefined {
  const [before, after] = [inputsHashes(base), inputsHashes(head)];
  if (before.size === 0 || after.size === 0) return undefined;
  if (before.size === after.size && [...before].every((h) => after.has(h))) return undefined;
  return {
    verdict: 'inputs-changed',
    reason:
      "the conversation's inputs changed (inputsHash: turn inputs, variables, history, session settings, " +
      "tool fakes or the simulated user's brief): the test changed, not only the agent",
  };
}

/** The expectations a side's runs evaluated, and those they skipped with the first skip's message. */
interface Checks {
  evaluated: Set<string>;
  skipped: Map<string, string>;
}

/**
 * Each expectation by where it is and its place among those of its matcher there (`turn 2 judge`,
 * `conversation goal #2`), over the runs the expectations decided: passed and failed ones (an
 * errored run's verdict is its error, whatever was checked before it, and a recording that did not
 * complete is not judged at all).
 */
function checksOf(runs: readonly ConversationResult[]): Checks {
  const checks: Checks = { evaluated: new Set(), skipped: new Map() };
  const add = (assertions: readonly AssertionResult[], where: string): void => {
    const seen = new Map<string, number>();
    for (const a of assertions) {
      const nth = (seen.get(a.matcher) ?? 0) + 1;
      seen.set(a.matcher, nth);
      const key = `${where} ${a.matcher}${nth > 1 ? ` #${nth}` : ''}`;
      if (a.status !== 'skipped') checks.evaluated.add(key);
      else if (!checks.skipped.has(key)) checks.skipped.set(key, a.message);
    }
  };
  for (const run of runs.filter((r) => r.status === 'passed' || r.status === 'failed')) {
    for (const turn of run.turns) add(turn.assertions, `turn ${turn.index + 1}`);
    add(run.assertions, 'conversation');
  }
  return checks;
}

/** `head skipped 1 expectation that base evaluated (turn 1 judge: needs an LLM judge: …)`, or undefined. */
function skippedByOne(skipping: Checks, evaluating: Checks, sides: [string, string]): string | undefined {
  const missed = [...skipping.skipped].filter(([key]) => evaluating.evaluated.has(key));
  const [first] = missed;
  if (!first) return undefined;
  const [key, message] = first;
  const what = missed.length === 1 ? '1 expectation' : `${missed.length} expectations`;
  const line = message.split('\n', 1)[0] ?? '';
  return `${sides[0]} skipped ${what} that ${sides[1]} evaluated (${key}: ${line})`;
}

/**
 * One side skipped an expectation the other evaluated (e.g. `--no-judge` on one run only): the
 * pass rates then count different checks, and a skipped check reads as a pass, so a judge that
 * failed every base run would make the head look improved.
 */
function checksDiffer(
  base: readonly ConversationResult[],
  head: readonly ConversationResult[],
): NotComparedWhy | undefined {
  const [before, after] = [checksOf(base), checksOf(head)];
  const reason = skippedByOne(after, before, ['head', 'base']) ?? skippedByOne(before, after, ['base', 'head']);
  return reason === undefined ? undefined : { verdict: 'checks-differ', reason };
}

/** Why the conversation's two sides cannot be compared; undefined when they can. */
export function notComparedWhy(
  base: readonly ConversationResult[],
  head: readonly ConversationResult[],
): NotComparedWhy | undefined {
  return notRun(base, head) ?? inputsChanged(base, head) ?? checksDiffer(base, head);
}
