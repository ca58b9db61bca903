// A `simulation:` conversation → Evaluation.scenario: the goals become the task (numbered lines),
// their success criteria the rubrics, the persona a user fact, conversation variables the variable
// overrides; conversation-level toolCall/text expectations become scenario expectations and judge
// prompts LLM criteria. The platform simulates the user itself, so userModel and start are noted.
import type { JsonObject } from '../../model/json.js';
import type { ConversationSpec, SimulationSpec } from '../../model/spec.js';
import { carryExpectation, type ExpectationContext } from './matchers.js';
import { ConstructUses } from './uses.js';

export function toScenario(
  c: ConversationSpec,
  sim: SimulationSpec,
  target: Pick<ExpectationContext, 'app' | 'inventory'>,
  prompts: string[],
  note: (w: string, x: string) => void,
): JsonObject {
  if (sim.userModel) note('simulation.userModel', 'the platform chooses its own user model');
  if (sim.start) note('simulation.start', 'the platform starts the conversation itself');
  if (sim.responseGuide) note('simulation.responseGuide', 'not carried');
  sim.goals.forEach((g, i) => {
    if (g.maxTurns !== undefined || g.responseGuide || g.variables)
      note(`simulation.goals[${i}]`, 'per-goal maxTurns, responseGuide and variables are not carried');
  });
  const scenarioExpectations: JsonObject[] = [];
  c.expect.forEach((e, j) => {
    // Read as a turn's expectation: what a golden turn would carry, scenario expectations can hold.
    const level = e.matcher === 'judge' ? 'conversation' : 'turn';
    const uses = new ConstructUses();
    // A scenario carries no tool fakes: no tool is answered by a mock.
    const mocked = new Set<string>();
    const at = { ...target, mocked, strict: c.match === 'strict', level, where: `expect[${j}]`, uses } as const;
    const carried = carryExpectation(e, at);
    if (carried && 'judge' in carried) prompts.push(carried.judge);
    else if (carried && carried.golden.every((g) => g['toolCall'] || g['agentResponse'])) {
      scenarioExpectations.push(
        ...carried.golden.map((g): JsonObject =>
          g['toolCall']
            ? { toolExpectation: { expectedToolCall: g['toolCall'] } }
            : { agentResponse: g['agentResponse']! },
        ),
      );
    } else note(`expect[${j}]`, carried ? `${e.matcher} has no scenario expectation form` : 'not carried');
  });
  return {
    task: sim.goals.map((g, i) => `${i + 1}. ${g.goal}`).join('\n'),
    rubrics: sim.goals.map((g) => g.successCriteria),
    ...(sim.persona ? { userFacts: [{ name: 'persona', value: sim.persona }] } : {}),
    ...(sim.maxTurns !== undefined ? { maxTurns: Math.min(sim.maxTurns, 100) } : {}),
    ...(c.variables ? { variableOverrides: c.variables } : {}),
    ...(scenarioExpectations.length ? { scenarioExpectations } : {}),
  };
}

/** The inverse, for pull: numbered task lines pair with the rubrics when their counts agree. */
export function simulationFromScenario(s: JsonObject): JsonObject {
  const lines = String(s['task'] ?? '')
    .split('\n')
    .map((l) => l.replace(/^\d+\.\s*/, '').trim())
    .filter(Boolean);
  const rubrics = (s['rubrics'] as string[] | undefined) ?? [];
  const goals =
    lines.length === rubrics.length && lines.length > 0
      ? lines.map((goal, i) => ({ goal, successCriteria: rubrics[i]! }))
      : [{ goal: String(s['task'] ?? ''), successCriteria: rubrics.join('; ') || 'The task is completed' }];
  const persona = ((s['userFacts'] as JsonObject[] | undefined) ?? []).find((f) => f['name'] === 'persona')?.['value'];
  return { ...(persona ? { persona } : {}), goals, ...(s['maxTurns'] ? { maxTurns: s['maxTurns'] } : {}) };
}
