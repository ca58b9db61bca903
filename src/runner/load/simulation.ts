// `simulation:` YAML → SimulationSpec (the schema already checked shapes and limits).
import type { SimulationGoal, SimulationSpec } from '../../model/spec.js';
import type { Source } from './source.js';
import type { Simulation, SimulationGoal as GoalDocument } from './spec-document.generated.js';

type Path = Array<string | number>;

export function toSimulation(source: Source, raw: Simulation, at: Path): SimulationSpec {
  const start =
    raw.start?.event !== undefined
      ? { event: raw.start.event }
      : raw.start?.user !== undefined
        ? { user: raw.start.user }
        : undefined;
  return {
    ...(start ? { start } : {}),
    ...(raw.persona !== undefined ? { persona: raw.persona } : {}),
    ...(raw.responseGuide !== undefined ? { responseGuide: raw.responseGuide } : {}),
    goals: raw.goals.map((g, i) => toGoal(source, g, [...at, 'goals', i])),
    ...(raw.maxTurns !== undefined ? { maxTurns: raw.maxTurns } : {}),
    ...(raw.userModel !== undefined ? { userModel: raw.userModel } : {}),
  };
}

function toGoal(source: Source, g: GoalDocument, at: Path): SimulationGoal {
  return {
    goal: g.goal,
    successCriteria: g.successCriteria,
    ...(g.maxTurns !== undefined ? { maxTurns: g.maxTurns } : {}),
    ...(g.responseGuide !== undefined ? { responseGuide: g.responseGuide } : {}),
    ...(g.variables !== undefined ? { variables: g.variables } : {}),
    loc: source.at(at),
  };
}
