// The simulator check (issue 29 point 7): after a simulated conversation, one judge call grades the
// simulated user, not the agent, against the brief it was given. Up to 30% of failed tau2-bench
// trajectories were simulator errors (an early stop, invented facts): such a run says nothing about
// the agent, so it becomes an `error` with code SIMULATOR_FAULT, counted apart in every summary and
// left out of pass^k (src/model/summary.ts, verdict.ts). It reuses the judge as it is (cache, budget,
// samples and majority, fail-closed): the brief and the rules travel as the criterion.
import type { JudgeOutcome, JudgeSetup } from '../../../judge/index.js';
import type { ConversationResult, SimulationResult, SimulatorCheckResult } from '../../../model/result.js';
import type { SimulationSpec } from '../../../model/spec.js';
import { SIMULATOR_FAULT } from '../../../model/summary.js';
import type { ConversationPlan } from '../conversation.js';
import type { ConversationStep } from '../steps.js';

/** The matcher of the assertion that says the check could not be made (a judge error). */
const SIMULATOR_CHECK = 'simulatorCheck';

export function simulatorCheckStep(setup: JudgeSetup | undefined, signal?: AbortSignal): ConversationStep {
  return { name: 'simulator check', apply: (result, plan) => checkSimulator(result, plan, setup, signal) };
}

async function checkSimulator(
  result: ConversationResult,
  plan: ConversationPlan,
  setup: JudgeSetup | undefined,
  signal?: AbortSignal,
): Promise<void> {
  const sim = plan.spec.simulation;
  const done = result.simulation;
  // A conversation that did not complete is an error already; without a judge the goals step says so.
  if (!sim || !done || result.error || result.status === 'interrupted' || done.stopReason === 'error') return;
  if (setup?.kind !== 'ready') return;
  const outcome = await setup.judge.evaluate({
    criterion: simulatorCriterion(sim, done),
    // The turn records are transcript turns as they are (the judge reads their inputs and results).
    turns: result.turns,
    ...(signal ? { signal } : {}),
  });
  const check = checkResult(outcome);
  done.check = check;
  if (check.status === 'fault') {
    const evidence = check.evidenceTurns.length ? ` (evidence turns ${check.evidenceTurns.join(', ')})` : '';
    result.error = { code: SIMULATOR_FAULT, message: `the simulated user broke its brief: ${check.reason}${evidence}` };
  } else if (check.status === 'error') {
    // Fail-closed: a run whose simulated user could not be checked is not a pass.
    result.assertions.push({ matcher: SIMULATOR_CHECK, negated: false, status: 'error', message: check.reason });
  }
}

function checkResult(outcome: JudgeOutcome): SimulatorCheckResult {
  const cached = outcome.calls.length > 0 && outcome.calls.every((c) => c.cached);
  const votes = outcome.votes !== undefined ? { votes: outcome.votes } : {};
  if (outcome.status === 'error')
    return {
      status: 'error',
      reason: `simulator check: judge error (${outcome.code}): ${outcome.reason}`,
      evidenceTurns: [],
      ...votes,
      cached,
    };
  return {
    status: outcome.status === 'passed' ? 'ok' : 'fault',
    reason: outcome.reason,
    evidenceTurns: outcome.evidenceTurns,
    ...votes,
    cached,
  };
}

/**
 * The criterion the judge grades: the simulated user's whole brief (what its prompt gave it, never
 * the success criteria, which it never saw) and the three rules. Why the runner stopped decides
 * whether an early stop can be the user's fault.
 */
function simulatorCriterion(sim: SimulationSpec, done: Pick<SimulationResult, 'stopReason'>): string {
  const brief = {
    ...(sim.persona ? { persona: sim.persona } : {}),
    ...(sim.responseGuide ? { howItAnswers: sim.responseGuide } : {}),
    goals: sim.goals.map((g) => ({ goal: g.goal, ...(g.responseGuide ? { howItAnswers: g.responseGuide } : {}) })),
  };
  return [
    'Simulator check: grade the simulated USER (the events with role "user"), not the agent.',
    `The user was played by a language model from this brief, which is all it knew: ${JSON.stringify(brief)}`,
    'Pass when the user kept all three rules; fail when it broke any, naming the rule and the turn:',
    '1. persona: it stayed in the persona of its brief and acted as the caller, never as the agent;',
    '2. facts: every fact it stated (names, numbers, PINs, account or order details, dates, past events) is in',
    'its brief or was said by the agent; asked for something its brief does not give, it said it did not know',
    'or declined, and never made it up;',
    `3. goals: ${goalsRule(done.stopReason)}`,
  ].join('\n');
}

function goalsRule(stop: SimulationResult['stopReason']): string {
  const rule = 'it did not end the conversation before attempting every goal of its brief, in order,';
  if (stop === 'user-ended') return `${rule} unless the agent made a goal impossible. The user ended the conversation.`;
  const who = stop === 'session-ended' ? 'the agent ended the session' : 'the runner stopped it at a turn limit';
  return `${rule} unless the agent made a goal impossible. Here ${who}: an unattempted goal is not the user's fault.`;
}
