// A scripted conversation → Evaluation.golden (turns → steps: user inputs, then golden
// expectations; tool fakes → mock tool responses; judge → EvaluationExpectation prompts). What
// cannot be carried is listed per conversation, never silently dropped.
import { createHash } from 'node:crypto';
import type { JsonObject } from '../../model/json.js';
import type { ConversationSpec, TurnSpec } from '../../model/spec.js';
import { carryExpectation } from './matchers.js';
import { toScenario } from './to-scenario.js';

export interface MappedEvaluation {
  /** Stable resource id: a hash of spec path + conversation name (the upsert key). */
  evaluationId: string;
  evaluation: JsonObject;
  /** Judge prompts; push turns them into EvaluationExpectations and fills golden.evaluationExpectations. */
  prompts: string[];
  uncarried: string[];
}

const hash = (text: string, n: number): string => createHash('sha256').update(text).digest('hex').slice(0, n);

export const evaluationIdOf = (c: Pick<ConversationSpec, 'file' | 'name'>): string =>
  `cxas-${hash(`${c.file}#${c.name}`, 20)}`;
export const expectationIdOf = (prompt: string): string => `cxas-eval-${hash(prompt, 8)}`;
/** Written into the description so pull (and people) can trace an evaluation to its spec. */
export const specMarker = (c: Pick<ConversationSpec, 'file' | 'name'>): string =>
  `cxas-eval spec: ${c.file} › ${c.name}`;

export function toEvaluation(c: ConversationSpec, app: string): MappedEvaluation {
  const uncarried: string[] = [];
  const prompts: string[] = [];
  const note = (where: string, what: string) => uncarried.push(`${where}: ${what}`);
  if (c.simulation) {
    const scenario = toScenario(c, c.simulation, app, prompts, note);
    const evaluation: JsonObject = { displayName: c.name, description: specMarker(c), tags: c.tags, scenario };
    return { evaluationId: evaluationIdOf(c), evaluation, prompts: [...new Set(prompts)], uncarried };
  }
  if (c.history) note('history', 'conversation history is not sent to platform evaluations');
  if (c.entryAgent) note('entryAgent', 'the platform starts at the root agent');
  if (c.modality === 'audio') note('modality', 'audio conversations run as text');
  const turns = c.turns.map((t, i) => toTurn(t, i, app, prompts, note, c.match === 'strict'));
  const mocks = mockResponses(c, app, note);
  if (mocks.length && turns[0]) (turns[0]['steps'] as JsonObject[]).unshift(...mocks);
  if (c.variables && turns[0]) (turns[0]['steps'] as JsonObject[]).unshift({ userInput: { variables: c.variables } });
  c.expect.forEach((e, j) => {
    const carried = carryExpectation(e, app, c.match === 'strict');
    if ('judge' in carried) prompts.push(carried.judge);
    else
      note(
        `expect[${j}]`,
        'uncarried' in carried
          ? carried.uncarried
          : `${e.matcher} at conversation level (golden expectations belong to turns)`,
      );
  });
  const evaluation: JsonObject = {
    displayName: c.name,
    description: specMarker(c),
    tags: c.tags,
    golden: { turns },
  };
  return { evaluationId: evaluationIdOf(c), evaluation, prompts: [...new Set(prompts)], uncarried };
}

function toTurn(
  t: TurnSpec,
  i: number,
  app: string,
  prompts: string[],
  note: (w: string, x: string) => void,
  strict: boolean,
): JsonObject {
  const steps: JsonObject[] = [];
  if (t.variables) steps.push({ userInput: { variables: t.variables } });
  const input = t.input;
  if (input.kind === 'text') steps.push({ userInput: { text: input.text } });
  else if (input.kind === 'event') steps.push({ userInput: { event: { event: input.event } } });
  else if (input.kind === 'dtmf') steps.push({ userInput: { dtmf: input.digits } });
  else if (input.kind === 'variables') steps.push({ userInput: { variables: input.variables } });
  else note(`turns[${i}]`, `${input.kind} input is not carried`);
  t.expect.forEach((e, j) => {
    const carried = carryExpectation(e, app, strict);
    if ('golden' in carried) steps.push(...carried.golden.map((expectation) => ({ expectation })));
    else if ('judge' in carried) prompts.push(carried.judge);
    else note(`turns[${i}].expect[${j}]`, carried.uncarried);
  });
  return { steps };
}

function mockResponses(c: ConversationSpec, app: string, note: (w: string, x: string) => void): JsonObject[] {
  return c.toolFakes.flatMap((f, i) => {
    if (f.whenArgs || f.sequence || f.error !== undefined || !f.respond) {
      note(
        `toolFakes[${i}]`,
        'only a plain respond: becomes a mock tool response (whenArgs, sequence and error are not carried)',
      );
      return [];
    }
    return [{ expectation: { mockToolResponse: { tool: `${app}/tools/${f.tool}`, response: f.respond } } }];
  });
}
