// Rules the schema cannot say well, run after it passed: one input per turn, regexes that
// compile, operator objects, a name for toolCall. Errors carry the user's positions.
import type { SpecError } from '../../validation/index.js';
import type {
  ConversationDocument,
  ExpectationDocument,
  NegatedExpectationDocument,
  SettingsDocument,
  TurnDocument,
} from './document.js';
import { toolNamings } from '../../assertions/index.js';
import type { ToolCallOptions } from '../../model/spec.js';
import { checkOperators } from './operators.js';
import { checkOptionEffects, type Level } from './option-effects.js';
import { regexProblem } from './regex.js';
import type { Source } from './source.js';
import { checkSettingValues, checkTurnValues } from './wire-values.js';

type Path = Array<string | number>;

const INPUT_KEYS = ['user', 'event', 'dtmf', 'blob', 'image', 'audio', 'toolResponses'] as const;

function checkTurnInput(source: Source, turn: TurnDocument, at: Path, errors: SpecError[]): void {
  if (turn.use !== undefined) return checkStepUse(source, turn, at, errors);
  if (turn.with !== undefined) {
    const text = 'with: gives the parameters of a use: step; this turn uses none';
    errors.push(source.error('BAD_VALUE', [...at, 'with'], text, { key: true }));
  }
  const found = INPUT_KEYS.filter((k) => turn[k] !== undefined);
  if (found.length > 1) {
    const text = `a turn has exactly one input: found ${found.join(' and ')}`;
    errors.push(source.error('TWO_INPUTS', [...at, found[1]!], text, { key: true, pathOf: at }));
  } else if (found.length === 0 && turn.variables === undefined) {
    errors.push(source.error('NO_INPUT', at, `a turn needs one input: ${INPUT_KEYS.join(', ')} or variables`));
  }
}

/** A `use:` turn stands for the step's turns: it carries nothing of its own but `with:`. */
function checkStepUse(source: Source, turn: TurnDocument, at: Path, errors: SpecError[]): void {
  const extra = Object.keys(turn).find((k) => k !== 'use' && k !== 'with');
  if (extra === undefined) return;
  const text = `a use: turn takes only with: (${extra} belongs in the step's own turns)`;
  errors.push(source.error('BAD_VALUE', [...at, extra], text, { key: true }));
}

/** One turn's input and expectations. */
export function checkTurn(source: Source, turn: TurnDocument, at: Path, errors: SpecError[]): void {
  checkTurnInput(source, turn, at, errors);
  checkTurnValues(source, turn, at, errors);
  checkExpectations(source, turn.expect, [...at, 'expect'], errors, 'turn');
}

/** An expectation list: a conversation's unless `level` says it is a turn's. */
export function checkExpectations(
  source: Source,
  list: ExpectationDocument[] | undefined,
  at: Path,
  errors: SpecError[],
  level: Level = 'conversation',
): void {
  (list ?? []).forEach((item, i) => {
    if (item.not !== undefined) checkMatcher(source, item.not, [...at, i, 'not'], level, errors);
    else checkMatcher(source, item, [...at, i], level, errors);
  });
}

function checkMatcher(
  source: Source,
  e: NegatedExpectationDocument,
  at: Path,
  level: Level,
  errors: SpecError[],
): void {
  checkOptionEffects(source, e, at, level, errors);
  for (const [key, options] of [
    ['text', e.text],
    ['transcript', e.transcript],
  ] as const) {
    if (typeof options !== 'object' || options.matches === undefined) continue;
    const where = [...at, key, 'matches'];
    const problem = regexProblem(options.matches, source.envShown(where));
    if (problem) errors.push(source.error('BAD_REGEX', where, problem));
  }
  if (typeof e.toolCall === 'object') checkToolCall(source, e.toolCall, [...at, 'toolCall'], errors);
  const valueMatchers = {
    payload: e.payload,
    variables: e.variables,
    citations: e.citations,
    sessionEnded: e.sessionEnded,
  };
  for (const [key, options] of Object.entries(valueMatchers)) checkOperators(source, options, [...at, key], errors);
}

/**
 * A toolCall names its tool one way: `name` (any of the call's names), `displayName` (the display
 * name only) or `anyTool: true` (every call). Two of them would leave one unread, so they are refused
 * at the second.
 */
function checkToolCall(source: Source, o: ToolCallOptions, at: Path, errors: SpecError[]): void {
  const ways = toolNamings(o);
  if (ways.length === 0) {
    errors.push(source.error('MISSING_KEY', at, 'toolCall needs name, displayName or anyTool: true'));
  } else if (ways.length > 1) {
    const text = `toolCall names its tool one way (name, displayName or anyTool: true), not ${ways.join(' and ')}`;
    errors.push(source.error('BAD_VALUE', [...at, ways[1]!], text, { key: true }));
  }
  checkOperators(source, o.args, [...at, 'args'], errors);
  checkOperators(source, o.response, [...at, 'response'], errors);
}

/** Settings shared by `defaults` and conversations: tool fakes' whenArgs, values the wire must carry. */
export function checkSettings(source: Source, settings: SettingsDocument, at: Path, errors: SpecError[]): void {
  (settings.toolFakes ?? []).forEach((fake, i) => {
    checkOperators(source, fake.whenArgs, [...at, 'toolFakes', i, 'whenArgs'], errors);
  });
  checkSettingValues(source, settings, at, errors);
}

export function checkConversation(source: Source, conv: ConversationDocument, at: Path, errors: SpecError[]): void {
  checkSettings(source, conv, at, errors);
  if ((conv.turns === undefined) === (conv.simulation === undefined)) {
    const both = conv.turns !== undefined;
    const text = both ? 'a conversation has turns or simulation, not both' : 'a conversation needs turns or simulation';
    const code = both ? 'BAD_VALUE' : 'MISSING_KEY';
    errors.push(source.error(code, both ? [...at, 'simulation'] : at, text, { key: both }));
  }
  (conv.turns ?? []).forEach((turn, i) => checkTurn(source, turn, [...at, 'turns', i], errors));
  checkExpectations(source, conv.expect, [...at, 'expect'], errors);
}
