// Rules the schema cannot say well, run after it passed: one input per turn, regexes that
// compile, operator objects, a name for toolCall. Errors carry the user's positions.
import type { SpecError } from '../../validation/index.js';
import { checkOperators } from './operators.js';
import { regexProblem } from './regex.js';
import type { Source } from './source.js';

type Path = Array<string | number>;
type Raw = Record<string, unknown>;

export const INPUT_KEYS = ['user', 'event', 'dtmf', 'blob', 'image', 'audio', 'toolResponses'] as const;

export function checkTurnInput(source: Source, turn: Raw, at: Path, errors: SpecError[]): void {
  const found = INPUT_KEYS.filter((k) => turn[k] !== undefined);
  if (found.length > 1) {
    errors.push(source.error('TWO_INPUTS', [...at, found[1]!], `a turn has exactly one input: found ${found.join(' and ')}`, { key: true, pathOf: at }));
  } else if (found.length === 0 && turn['variables'] === undefined) {
    errors.push(source.error('NO_INPUT', at, `a turn needs one input: ${INPUT_KEYS.join(', ')} or variables`));
  }
}

export function checkExpectations(source: Source, list: unknown, at: Path, errors: SpecError[]): void {
  if (!Array.isArray(list)) return;
  list.forEach((item: Raw, i) => {
    const negated = item['not'] !== undefined;
    const inner = (negated ? item['not'] : item) as Raw;
    const matcher = Object.keys(inner)[0];
    if (matcher) checkMatcher(source, matcher, inner[matcher], negated ? [...at, i, 'not', matcher] : [...at, i, matcher], errors);
  });
}

function checkMatcher(source: Source, matcher: string, options: unknown, at: Path, errors: SpecError[]): void {
  const o = (options !== null && typeof options === 'object' ? options : {}) as Raw;
  if ((matcher === 'text' || matcher === 'transcript') && typeof o['matches'] === 'string') {
    const problem = regexProblem(o['matches']);
    if (problem) errors.push(source.error('BAD_REGEX', [...at, 'matches'], problem));
  }
  if (matcher === 'toolCall' && typeof options === 'object') {
    if (o['name'] === undefined && o['displayName'] === undefined && o['anyTool'] !== true) {
      errors.push(source.error('MISSING_KEY', at, 'toolCall needs name, displayName or anyTool: true'));
    }
    checkOperators(source, o['args'], [...at, 'args'], errors);
    checkOperators(source, o['response'], [...at, 'response'], errors);
  }
  const valueMatchers = ['payload', 'variables', 'citations', 'sessionEnded'];
  if (valueMatchers.includes(matcher)) checkOperators(source, options, at, errors);
}

/** Settings shared by `defaults` and conversations: tool fakes' whenArgs. */
export function checkSettings(source: Source, settings: Raw, at: Path, errors: SpecError[]): void {
  const fakes = Array.isArray(settings['toolFakes']) ? (settings['toolFakes'] as Raw[]) : [];
  fakes.forEach((fake, i) => checkOperators(source, fake['whenArgs'], [...at, 'toolFakes', i, 'whenArgs'], errors));
}

export function checkConversation(source: Source, conv: Raw, at: Path, errors: SpecError[]): void {
  checkSettings(source, conv, at, errors);
  const turns = Array.isArray(conv['turns']) ? (conv['turns'] as Raw[]) : [];
  turns.forEach((turn, i) => {
    checkTurnInput(source, turn, [...at, 'turns', i], errors);
    checkExpectations(source, turn['expect'], [...at, 'turns', i, 'expect'], errors);
  });
  checkExpectations(source, conv['expect'], [...at, 'expect'], errors);
}
