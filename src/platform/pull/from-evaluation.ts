// Evaluation.golden → a native conversation (the inverse of push/to-evaluation.ts), so that
// pushing a pulled spec from the pulled project layout changes nothing. An evaluation made
// otherwise keeps its platform verdict where a spec can say it, and a note where it cannot.
import type { JsonObject, JsonValue } from '../../model/json.js';
import { isJsonObject } from '../../model/json.js';
import { sameMeaningPrompt } from '../../model/same-meaning.js';
import { shortName } from '../../model/inventory.js';
import type { RunSettings } from '../push/run-settings.js';
import { pushedWithLosses } from '../push/to-evaluation.js';

/** The short name of a resource name the platform returned (absent: empty). */
export const short = (name: unknown): string => shortName(String(name ?? ''));

export interface PulledConversation {
  conversation: JsonObject;
  notes: string[];
}

export function fromGolden(
  e: JsonObject,
  name: string,
  prompts: Map<string, string>,
  settings: RunSettings = { toolCalls: 'real', runCount: 1 },
): PulledConversation {
  const notes: string[] = [];
  const golden = (e['golden'] as JsonObject | undefined) ?? {};
  const turns = ((golden['turns'] as JsonObject[] | undefined) ?? []).map((t) =>
    ((t['steps'] as JsonObject[] | undefined) ?? []).slice(),
  );
  const first = turns[0] ?? [];
  const variables = conversationVariables(first);
  const toolFakes: JsonObject[] = [];
  while (isMock(first[0])) {
    const mock = (first.shift()!['expectation'] as JsonObject)['mockToolResponse'] as JsonObject;
    const response = (mock['response'] as JsonObject | undefined) ?? {};
    const onlyError = Object.keys(response).length === 1 && response['error'] !== undefined;
    toolFakes.push({
      tool: short(mock['tool'] ?? mock['displayName']),
      ...(onlyError ? { error: response['error']! } : { respond: response }),
    });
  }
  // Push repeats each fake on every turn (a fake is conversation-wide): the repeats are the same fakes.
  for (const steps of turns.slice(1)) while (isMock(steps[0]) && isRepeatedFake(steps[0]!, toolFakes)) steps.shift();
  if (pushedWithLosses(e))
    notes.push('pushed with --lossy: what the platform could not carry is listed in its description, not pulled');
  const expect = ((golden['evaluationExpectations'] as string[] | undefined) ?? []).map((n) => {
    if (!prompts.has(n)) notes.push(`evaluation expectation ${n} not found`);
    return { judge: { prompt: prompts.get(n) ?? n } };
  });
  const conversation: JsonObject = {
    name,
    ...(((e['tags'] as string[] | undefined) ?? []).length ? { tags: e['tags']! } : {}),
    ...(settings.runCount > 1 ? { repeat: settings.runCount } : {}),
    ...(settings.passRate !== undefined ? { passRate: settings.passRate } : {}),
    ...(variables ? { variables } : {}),
    ...(settings.toolCalls === 'fake' ? { useToolFakes: true } : {}),
    ...(toolFakes.length ? { toolFakes } : {}),
    turns: withExtraCallsChecked(
      e,
      turns.map((steps, i) => toTurn(steps, i, notes)),
      notes,
    ),
    ...(expect.length ? { expect } : {}),
  };
  return { conversation, notes };
}

/**
 * Whether extra tool calls fail the evaluation's turns: the platform's default (FAIL), unless its
 * threshold override allows them (push always writes ALLOW, as a local run allows them).
 */
function extraCallsFail(e: JsonObject): boolean {
  const override = e['evaluationMetricsThresholdOverride'] as JsonObject | undefined;
  const golden = override?.['goldenEvaluationMetricsThresholds'] as JsonObject | undefined;
  const settings = golden?.['toolMatchingSettings'] as JsonObject | undefined;
  return settings?.['extraToolCallBehavior'] !== 'ALLOW';
}

/**
 * Under the platform's default a call that matches none of a turn's toolCall expectations fails the
 * turn. A turn without one then fails on any call: exactly `noToolCalls: true`, which it gets. A
 * turn with some cannot say "no other calls" in a spec: pulled as is, it allows them, which the
 * note says.
 */
function withExtraCallsChecked(e: JsonObject, turns: JsonObject[], notes: string[]): JsonObject[] {
  if (!extraCallsFail(e)) return turns;
  const lenient: string[] = [];
  let added = 0;
  turns.forEach((turn, i) => {
    const expect = (turn['expect'] as JsonObject[] | undefined) ?? [];
    if (expect.some((x) => x['toolCall'] !== undefined)) lenient.push(`turns[${i}]`);
    else if (!expect.some((x) => x['noToolCalls'] === true)) {
      turn['expect'] = [...expect, { noToolCalls: true }];
      added++;
    }
  });
  const why = 'extra tool calls fail its turns on the platform (no extraToolCallBehavior ALLOW: the default)';
  if (added) notes.push(`${why}: the ${added} turn(s) without a toolCall check got noToolCalls: true`);
  if (lenient.length)
    notes.push(`${why}; ${lenient.join(', ')} allow calls their toolCall checks do not match when run locally`);
  return turns;
}

/** A step's variables input, if it is one. */
const variablesOf = (step: JsonObject | undefined): JsonObject | undefined => {
  const input = step?.['userInput'] as JsonObject | undefined;
  return isJsonObject(input?.['variables']) ? input['variables'] : undefined;
};

/**
 * Push writes conversation variables as the first step of the first turn, before its mocks, its
 * turn variables and its input: a leading variables input followed by a mock or by any other user
 * input is the conversation's (taken off the steps). Alone, it is the turn's own input. (Turn
 * variables before the first turn's input mean the same locally: both are sent with that turn.)
 */
function conversationVariables(first: JsonObject[]): JsonObject | undefined {
  const variables = variablesOf(first[0]);
  const rest = first.slice(1);
  if (!variables || !(isMock(rest[0]) || rest.some((s) => s['userInput'] !== undefined))) return undefined;
  first.shift();
  return variables;
}

/** A later turn's mock that push copied from a conversation-wide fake. */
function isRepeatedFake(step: JsonObject, fakes: JsonObject[]): boolean {
  const mock = (step['expectation'] as JsonObject)['mockToolResponse'] as JsonObject;
  const response = (mock['response'] as JsonObject | undefined) ?? {};
  const tool = short(mock['tool'] ?? mock['displayName']);
  return fakes.some(
    (f) =>
      f['tool'] === tool && JSON.stringify(f['respond'] ?? { error: f['error'] ?? null }) === JSON.stringify(response),
  );
}

const isMock = (step: JsonObject | undefined): boolean =>
  isJsonObject(step?.['expectation'] as JsonValue) &&
  (step!['expectation'] as JsonObject)['mockToolResponse'] !== undefined;

function toTurn(steps: JsonObject[], i: number, notes: string[]): JsonObject {
  const inputs = steps.filter((s) => s['userInput']).map((s) => s['userInput'] as JsonObject);
  const turn: JsonObject = {};
  const main = inputs.find((x) => x['variables'] === undefined);
  for (const input of inputs) {
    // Variables inputs are sent in order, a later value over an earlier one: merged so, in one.
    if (isJsonObject(input['variables']))
      turn['variables'] = { ...((turn['variables'] as JsonObject | undefined) ?? {}), ...input['variables'] };
    else if (input === main) Object.assign(turn, inputOf(input, i, notes));
    else notes.push(`turns[${i}]: a second user input was dropped`);
  }
  const expect: JsonObject[] = [];
  for (const s of steps) {
    if (isJsonObject(s['agentTransfer'])) expect.push({ transfer: short(s['agentTransfer']['targetAgent']) });
    if (isJsonObject(s['expectation'])) addExpectation(expect, s['expectation'], i, notes);
  }
  if (expect.length) turn['expect'] = expect;
  return turn;
}

function inputOf(input: JsonObject, i: number, notes: string[]): JsonObject {
  if (typeof input['text'] === 'string') return { user: input['text'] };
  if (isJsonObject(input['event'])) return { event: String(input['event']['event']) };
  if (typeof input['dtmf'] === 'string') return { dtmf: input['dtmf'] };
  if (isJsonObject(input['variables'])) return { variables: input['variables'] };
  notes.push(`turns[${i}]: input ${Object.keys(input).join(', ')} is not supported; replaced by an empty text`);
  return { user: '' };
}

function addExpectation(expect: JsonObject[], x: JsonObject, i: number, notes: string[]): void {
  // The platform does not check it (SKIPPED): pulled as a check, it would fail or pass on its own.
  if (x['skipEvaluation'] === true) {
    const kind = Object.keys(x).filter((k) => k !== 'skipEvaluation' && k !== 'comparisonType');
    notes.push(`turns[${i}]: expectation ${kind.join(', ')} has skipEvaluation: true (not checked); not pulled`);
    return;
  }
  const mode = String(x['comparisonType'] ?? '');
  const id = (t: JsonObject): JsonObject =>
    t['tool'] ? { name: short(t['tool']) } : { displayName: String(t['displayName']) };
  if (isJsonObject(x['toolCall'])) {
    const call = x['toolCall'];
    expect.push({
      toolCall: {
        ...id(call),
        // argsMode only beside args: without them it has no effect, and the loader refuses it.
        ...(isJsonObject(call['args']) && Object.keys(call['args']).length
          ? { args: call['args'], ...(mode === 'EQUALS' ? { argsMode: 'exact' } : {}) }
          : {}),
      },
    });
  } else if (isJsonObject(x['toolResponse'])) {
    const res = x['toolResponse'];
    const prev = expect[expect.length - 1]?.['toolCall'] as JsonObject | undefined;
    // Not onto a call with args: locally the response would then have to be that call's, while the
    // platform compares it with any response of the tool.
    if (
      prev &&
      prev['args'] === undefined &&
      prev['argsMode'] === undefined &&
      JSON.stringify(id(res)) ===
        JSON.stringify({ ...(prev['name'] ? { name: prev['name'] } : { displayName: prev['displayName'] }) })
    )
      prev['response'] = (res['response'] as JsonObject | undefined) ?? {};
    else expect.push({ toolCall: { ...id(res), response: (res['response'] as JsonObject | undefined) ?? {} } });
  } else if (isJsonObject(x['agentResponse'])) {
    const text = ((x['agentResponse']['chunks'] as JsonObject[] | undefined) ?? [])
      .map((c) => String(c['text'] ?? ''))
      .join(' ');
    if (mode === 'EQUALS' || mode === 'CONTAINS') expect.push({ text: mode === 'EQUALS' ? { equals: text } : text });
    else {
      // The platform compares meaning. Character similarity (text.similar) would pass a wrong name
      // that shares the wording ("Bob" for "Ada"), so a semantic check becomes a judge expectation.
      expect.push({ judge: { prompt: sameMeaningPrompt(text) } });
      if (mode !== 'SEMANTIC_SIMILARITY')
        notes.push(`turns[${i}]: an agent response without a comparison type became a judge (semantic) check`);
    }
  } else if (isJsonObject(x['agentTransfer'])) expect.push({ transfer: short(x['agentTransfer']['targetAgent']) });
  else if (isJsonObject(x['updatedVariables'])) expect.push({ variables: x['updatedVariables'] });
  else if (x['noToolCalls'] === true) expect.push({ noToolCalls: true });
  else notes.push(`turns[${i}]: expectation ${Object.keys(x).join(', ')} was not pulled`);
}
