// cxas-scrapi simulation evals (`evals:` with `steps`) → `simulation:` conversations
// (docs/scrapi-compatibility.md §3 "Simulation evals"). cxas-scrapi's simulated user also graded its
// own steps and could mark a failed one completed; here each step's success_criteria is graded by
// the judge and the turn limits are counted by the runner.
import type { ConversationSpec, SimulationGoal, SimulationSpec } from '../../model/spec.js';
import { mappedConversation, someVariables, traced, type Path, type ScrapiContext } from './context.js';
import { judge } from './expectations.js';
import { tagsOf } from './golden.js';
import type { Case, SimulationDocument, Step } from './simulation-document.generated.js';

/** cxas-scrapi's global cap on user turns (`_MAX_TURNS` of simulation_evals.py). */
const SCRAPI_MAX_TURNS = 30;
/** Like native simulations: one run of a random process says little. */
const SIMULATION_REPEAT = 3;

export function simulationConversations(ctx: ScrapiContext, doc: SimulationDocument): ConversationSpec[] {
  return doc.evals.map((c, i) => toConversation(ctx, c, ['evals', i], i));
}

function toConversation(ctx: ScrapiContext, c: Case, at: Path, index: number): ConversationSpec {
  const { steps } = c;
  const first = steps[0];
  const opening = nonEmpty(first.static_utterance);
  // Turn 0 carries the session parameters, and step 1's inject_variables only with a static utterance.
  const firstInjected = opening ? first.inject_variables : undefined;
  const variables = { ...c.session_parameters, ...firstInjected };
  const simulation: SimulationSpec = {
    start: opening ? { user: opening } : { event: 'welcome' },
    goals: steps.map((s, i) => toGoal(ctx, s, [...at, 'steps', i], index, i === 0 && opening !== undefined)),
    maxTurns: SCRAPI_MAX_TURNS,
  };
  const expect = (c.expectations ?? []).map((p, i) =>
    traced(ctx, judge(p, ctx.source.at([...at, 'expectations', i])), [...at, 'expectations', i]),
  );
  const spec = mappedConversation(ctx, at, [...at, 'name'], {
    name: c.name,
    tags: tagsOf(c.tags),
    repeat: SIMULATION_REPEAT,
    ...someVariables(variables),
    modality: 'text',
    toolFakes: [],
    turns: [],
    simulation,
    expect,
    format: 'scrapi-simulation',
  });
  ctx.notes.push({
    conversation: index,
    text:
      "each step's success_criteria is graded by the LLM judge (not by the simulated user); " +
      'turn limits are counted by the runner.',
  });
  return spec;
}

function toGoal(
  ctx: ScrapiContext,
  s: Step,
  at: Path,
  conversation: number,
  openingCarriesVariables: boolean,
): SimulationGoal {
  const goal = nonEmpty(s.goal);
  const criteria = nonEmpty(s.success_criteria);
  if (!goal) ctx.errors.push(ctx.source.error('MISSING_KEY', at, 'a step needs a goal: the simulated user pursues it'));
  if (!criteria)
    ctx.errors.push(
      ctx.source.error('MISSING_KEY', at, 'a step needs success_criteria: the judge grades the step by it'),
    );
  const step = at.at(-1); // `at` ends with the index of the step
  if (step !== 0 && nonEmpty(s.static_utterance)) {
    ctx.notes.push({
      conversation,
      text: `steps[${step}].static_utterance is not used (cxas-scrapi sends only the first step's).`,
    });
  }
  const injected = s.inject_variables;
  if (injected && !openingCarriesVariables) {
    ctx.notes.push({
      conversation,
      text:
        `steps[${step}].inject_variables are sent with that goal's first turn ` +
        "(cxas-scrapi used only the first step's, with a static_utterance).",
    });
  }
  const maxTurns = s.max_turns;
  const responseGuide = nonEmpty(s.response_guide);
  return {
    goal: goal ?? '',
    successCriteria: criteria ?? '',
    ...(maxTurns ? { maxTurns } : {}),
    ...(responseGuide ? { responseGuide } : {}),
    ...(injected && !openingCarriesVariables ? { variables: injected } : {}),
    loc: ctx.source.at(at),
  };
}

function nonEmpty(v: string | undefined): string | undefined {
  return v !== undefined && v.trim() !== '' ? v.trim() : undefined;
}
