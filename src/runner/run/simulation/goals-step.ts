// The goals step: after a simulated conversation (and after the judge step), each goal's
// successCriteria gets its own judge call over the final transcript. The simulated user's own
// opinion is never asked. A goal met/not met/error is also a conversation-level assertion
// (matcher `goal`), so verdicts, JUnit and HTML treat it like any other expectation.
import { judgeAssertion, type JudgeSetup } from '../../../judge/index.js';
import type { AssertionResult, ConversationResult, SimulationGoalResult } from '../../../model/result.js';
import type { Expectation, SimulationGoal } from '../../../model/spec.js';
import type { ConversationPlan } from '../conversation.js';
import { settleVerdict } from '../judge-step.js';
import type { ConversationStep } from '../steps.js';

export function goalsStep(setup: JudgeSetup | undefined, signal?: AbortSignal): ConversationStep {
  return { name: 'goals', apply: (result, plan) => gradeGoals(result, plan, setup, signal) };
}

async function gradeGoals(
  result: ConversationResult,
  plan: ConversationPlan,
  setup: JudgeSetup | undefined,
  signal?: AbortSignal,
): Promise<void> {
  const sim = plan.spec.simulation;
  if (!sim || !result.simulation) return;
  const goals = sim.goals;
  if (result.error || result.status === 'interrupted' || setup?.kind !== 'ready') {
    const judgeMissing = setup && setup.kind !== 'ready' ? setup.reason : 'no judge configured';
    const why =
      result.error || result.status === 'interrupted'
        ? 'not graded: the conversation did not complete'
        : `not graded: ${judgeMissing}`;
    result.simulation.goals = goals.map((g) => notGraded(g, why));
    // Never a pass without grades (the scheduler normally stops such a simulation from running at all).
    if (!result.error && result.status !== 'interrupted')
      result.assertions.push({ matcher: 'goal', negated: false, status: 'error', message: why });
    return;
  }
  // Nothing reached the agent: the driver's `simulation` assertion already makes this an error.
  if (result.simulation.turns === 0) {
    result.simulation.goals = goals.map((g) => notGraded(g, 'not graded: nothing was sent to the agent'));
    return;
  }
  const graded = await Promise.all(
    goals.map(async (goal, i) => {
      const outcome = await setup.judge.evaluate({
        criterion: goal.successCriteria,
        turns: result.turns,
        ...(signal ? { signal } : {}),
      });
      // Said in the goal's verdict; goals are not gated by judge.calibration.require (only expectations are).
      const calibration = await setup.calibration?.status(goal.successCriteria, setup.judge.identity());
      const graded = judgeAssertion(asExpectation(goal), goal.successCriteria, outcome, calibration);
      return { goal: goalResult(goal, outcome), assertion: goalAssertion(goal, i, graded) };
    }),
  );
  result.simulation.goals = graded.map((g) => g.goal);
  result.assertions.push(...graded.map((g) => g.assertion));
  settleVerdict(result, setup);
}

function asExpectation(goal: SimulationGoal): Expectation {
  return {
    matcher: 'judge',
    options: { prompt: goal.successCriteria },
    negated: false,
    ...(goal.loc ? { loc: goal.loc } : {}),
  };
}

function goalAssertion(goal: SimulationGoal, index: number, judged: AssertionResult): AssertionResult {
  const verdict = judged.status === 'passed' ? 'met' : judged.status === 'failed' ? 'not met' : 'not graded';
  return { ...judged, matcher: 'goal', message: `goal ${index + 1} ${verdict} ("${goal.goal}"): ${judged.message}` };
}

function goalResult(
  goal: SimulationGoal,
  outcome: Awaited<ReturnType<Extract<JudgeSetup, { kind: 'ready' }>['judge']['evaluate']>>,
): SimulationGoalResult {
  const base = {
    goal: goal.goal,
    successCriteria: goal.successCriteria,
    ...(outcome.votes ? { votes: outcome.votes } : {}),
  };
  const cached = outcome.calls.length > 0 && outcome.calls.every((c) => c.cached);
  if (outcome.status === 'error')
    return {
      ...base,
      status: 'error',
      reason: `judge error (${outcome.code}): ${outcome.reason}`,
      evidenceTurns: [],
      cached,
    };
  return {
    ...base,
    status: outcome.status === 'passed' ? 'met' : 'not-met',
    reason: outcome.reason,
    evidenceTurns: outcome.evidenceTurns,
    cached,
  };
}

function notGraded(goal: SimulationGoal, reason: string): SimulationGoalResult {
  return { goal: goal.goal, successCriteria: goal.successCriteria, status: 'not-graded', reason, evidenceTurns: [] };
}
