// cxas-scrapi simulation evals (`evals:` with `steps`) → `simulation:` conversations
// (docs/scrapi-compatibility.md §3 "Simulation evals"). cxas-scrapi's simulated user also graded its
// own steps and could mark a failed one completed; here each step's success_criteria is graded by
// the judge and the turn limits are counted by the runner.
import type { JsonObject } from '../../model/json.js';
import type { ConversationSpec, SimulationGoal, SimulationSpec } from '../../model/spec.js';
import { formatPath } from '../../validation/index.js';
import { traced, type Path, type Raw, type ScrapiContext } from './context.js';
import { judge } from './expectations.js';
import { tagsOf } from './golden.js';

/** cxas-scrapi's global cap on user turns (`_MAX_TURNS` of simulation_evals.py). */
export const SCRAPI_MAX_TURNS = 30;
/** Like native simulations: one run of a random process says little. */
const SIMULATION_REPEAT = 3;

const obj = (properties: Record<string, object>, extra: object = {}) => ({
  type: 'object',
  additionalProperties: false,
  properties,
  ...extra,
});
const text = { type: 'string' };

export const SIMULATION_SCHEMA = {
  $id: 'urn:cxas-eval:scrapi-simulation',
  ...obj({ evals: { type: 'array', items: { $ref: '#/$defs/case' } } }, { required: ['evals'] }),
  $defs: {
    case: obj(
      {
        name: { type: 'string', minLength: 1 },
        tags: { anyOf: [{ type: 'array', items: text }, text] },
        steps: { type: 'array', minItems: 1, items: { $ref: '#/$defs/step' } },
        expectations: { type: 'array', items: text },
        session_parameters: { type: 'object' },
      },
      { required: ['name', 'steps'] },
    ),
    step: obj({
      goal: text,
      success_criteria: text,
      response_guide: text,
      max_turns: { type: 'integer', minimum: 0 },
      static_utterance: text,
      inject_variables: { type: 'object' },
    }),
  },
};

export function simulationConversations(ctx: ScrapiContext): ConversationSpec[] {
  return ((ctx.source.value as Raw)['evals'] as Raw[]).map((c, i) => toConversation(ctx, c, ['evals', i], i));
}

function toConversation(ctx: ScrapiContext, c: Raw, at: Path, index: number): ConversationSpec {
  const name = c['name'] as string;
  const steps = c['steps'] as Raw[];
  const first = steps[0]!;
  const opening = nonEmpty(first['static_utterance']);
  // Turn 0 carries the session parameters, and step 1's inject_variables only with a static utterance.
  const firstInjected = opening ? (first['inject_variables'] as JsonObject | undefined) : undefined;
  const variables = { ...((c['session_parameters'] as JsonObject | undefined) ?? {}), ...(firstInjected ?? {}) };
  const simulation: SimulationSpec = {
    start: opening ? { user: opening } : { event: 'welcome' },
    goals: steps.map((s, i) => toGoal(ctx, s, [...at, 'steps', i], index, i === 0 && opening !== undefined)),
    maxTurns: SCRAPI_MAX_TURNS,
  };
  const expect = ((c['expectations'] as string[] | undefined) ?? []).map((p, i) =>
    traced(judge(p, ctx.source.at([...at, 'expectations', i])), [...at, 'expectations', i]),
  );
  const spec: ConversationSpec = {
    id: `${ctx.source.file}#${name}`,
    name,
    file: ctx.source.file,
    loc: ctx.source.at([...at, 'name'], true),
    tags: tagsOf(c['tags']),
    repeat: SIMULATION_REPEAT,
    ...(Object.keys(variables).length ? { variables } : {}),
    modality: 'text',
    toolFakes: [],
    turns: [],
    simulation,
    expect,
    format: 'scrapi-simulation',
  };
  ctx.notes.push({
    conversation: index,
    text:
      "each step's success_criteria is graded by the LLM judge (not by the simulated user); " +
      'turn limits are counted by the runner.',
  });
  ctx.refs.set(spec, { namePath: formatPath([...at, 'name']) });
  return traced(spec, at);
}

function toGoal(
  ctx: ScrapiContext,
  s: Raw,
  at: Path,
  conversation: number,
  openingCarriesVariables: boolean,
): SimulationGoal {
  const goal = nonEmpty(s['goal']);
  const criteria = nonEmpty(s['success_criteria']);
  if (!goal) ctx.errors.push(ctx.source.error('MISSING_KEY', at, 'a step needs a goal: the simulated user pursues it'));
  if (!criteria)
    ctx.errors.push(
      ctx.source.error('MISSING_KEY', at, 'a step needs success_criteria: the judge grades the step by it'),
    );
  const step = at.at(-1) as number;
  if (step > 0 && nonEmpty(s['static_utterance'])) {
    ctx.notes.push({
      conversation,
      text: `steps[${step}].static_utterance is not used (cxas-scrapi sends only the first step's).`,
    });
  }
  const injected = s['inject_variables'] as JsonObject | undefined;
  if (injected && !openingCarriesVariables) {
    ctx.notes.push({
      conversation,
      text:
        `steps[${step}].inject_variables are sent with that goal's first turn ` +
        "(cxas-scrapi used only the first step's, with a static_utterance).",
    });
  }
  const maxTurns = s['max_turns'] as number | undefined;
  return {
    goal: goal ?? '',
    successCriteria: criteria ?? '',
    ...(maxTurns ? { maxTurns } : {}),
    ...(nonEmpty(s['response_guide']) ? { responseGuide: nonEmpty(s['response_guide'])! } : {}),
    ...(injected && !openingCarriesVariables ? { variables: injected } : {}),
    loc: ctx.source.at(at),
  };
}

function nonEmpty(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}
