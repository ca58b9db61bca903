// Golden tool-call args and outputs may hold `{$matchType, $matchValue}` (or `value`); the
// platform interprets them, cxas-scrapi passes them through. We map them onto our operators
// (the table in docs/scrapi-compatibility.md).
import { quoted } from '../../model/location.js';
import type { JsonObject, JsonValue } from '../../model/json.js';
import { suggestKey } from '../../validation/index.js';
import { regexProblem } from '../load/regex.js';

/** Every `$matchType` cxas-scrapi's docs and linter define. */
export const MATCH_TYPES = ['exact', 'contains', 'regexp', 'ignore', 'semantic'] as const;
/** Keys of a match-type object: `$originalValue` is written by platform exports and means nothing to matching. */
const MATCH_KEYS = ['$matchType', '$matchValue', 'value', '$originalValue'];
/** Typos cxas-scrapi's linter names; the platform silently compares them exactly. */
const KNOWN_TYPOS: Record<string, string> = { regex: 'regexp', fuzzy: 'semantic' };

interface MatchProblem {
  path: string[];
  code: 'BAD_VALUE' | 'BAD_REGEX' | 'UNKNOWN_KEY' | 'WRONG_TYPE';
  text: string;
}

export interface MappedArgs {
  args: JsonObject;
  /** semantic matches need an LLM judge: the value becomes `$any` and a judge expectation carries the meaning. */
  semantic: Array<{ key: string; meaning: string }>;
  /** Problems with their key path under the mapped object, reported by the caller at their position. */
  problems: MatchProblem[];
}

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

const isMatchTypeObject = (v: unknown): v is JsonObject => isObject(v) && '$matchType' in v;

export function mapMatchTypes(value: JsonObject, prefix: string[] = []): MappedArgs {
  const out: MappedArgs = { args: {}, semantic: [], problems: [] };
  for (const [key, v] of Object.entries(value)) {
    const keyPath = [...prefix, key];
    if (isMatchTypeObject(v)) out.args[key] = mapOne(v, keyPath, out);
    else if (isObject(v)) {
      const inner = mapMatchTypes(v, keyPath);
      out.args[key] = inner.args;
      out.semantic.push(...inner.semantic);
      out.problems.push(...inner.problems);
    } else out.args[key] = v;
  }
  return out;
}

/** `$matchValue` is the template's spelling, `value` the docs'; `$matchValue` wins when both are there. */
function expectedOf(o: JsonObject): JsonValue | undefined {
  return o['$matchValue'] !== undefined ? o['$matchValue'] : o['value'];
}

function mapOne(o: JsonObject, keyPath: string[], out: MappedArgs): JsonValue {
  const problem = (text: string, code: MatchProblem['code'] = 'BAD_VALUE', at = '$matchType'): JsonValue => {
    out.problems.push({ path: [...keyPath, at], code, text });
    return { $any: true };
  };
  for (const key of Object.keys(o).filter((k) => !MATCH_KEYS.includes(k))) {
    return problem(
      `unknown key ${quoted(key)} next to $matchType (expected one of: ${MATCH_KEYS.join(', ')})`,
      'UNKNOWN_KEY',
      key,
    );
  }
  const type = o['$matchType'];
  if (typeof type !== 'string')
    return problem(`$matchType takes one of: ${MATCH_TYPES.join(', ')}; got ${typeName(type)}`, 'WRONG_TYPE');
  const expected = expectedOf(o);
  const valueKey = o['$matchValue'] !== undefined ? '$matchValue' : 'value';
  const needsValue = (): JsonValue => problem(`$matchType ${type} needs a $matchValue`, 'BAD_VALUE', valueKey);
  switch (type) {
    case 'ignore':
      return { $any: true };
    case 'exact':
      return expected === undefined ? needsValue() : expected;
    case 'contains':
      return expected === undefined || expected === '' ? needsValue() : { $contains: expected };
    case 'regexp': {
      // A pattern is text: 1001 unquoted is a number (the value is never shown: it may be anything).
      if (expected !== undefined && expected !== null && typeof expected !== 'string')
        return problem(
          `$matchType regexp takes a text pattern; got ${typeName(expected)} (quote it)`,
          'WRONG_TYPE',
          valueKey,
        );
      if (typeof expected !== 'string' || expected === '') return needsValue();
      const bad = regexProblem(expected);
      return bad ? problem(bad, 'BAD_REGEX', valueKey) : { $regex: expected };
    }
    case 'semantic':
      if (expected === undefined || expected === '' || expected === null) return needsValue();
      out.semantic.push({
        key: keyPath.join('.'),
        meaning: typeof expected === 'string' ? expected : JSON.stringify(expected),
      });
      return { $any: true };
    default: {
      const hint = KNOWN_TYPOS[type] ?? suggestKey(type, MATCH_TYPES);
      const tail = hint ? ` (did you mean "${hint}"?)` : ` (expected one of: ${MATCH_TYPES.join(', ')})`;
      return problem(`unknown $matchType ${quoted(type)}${tail}; the platform would compare it exactly`);
    }
  }
}

function typeName(v: JsonValue | undefined): string {
  if (v === null || v === undefined) return 'nothing (null)';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  return typeof v === 'boolean' ? 'true or false' : `a ${typeof v}`;
}

/** The judge prompt carrying a semantic match: it quotes the expected meaning. */
export function semanticPrompt(
  tool: string,
  part: 'argument' | 'response field',
  key: string,
  meaning: string,
): string {
  const verb = part === 'argument' ? `was called with argument ${key}` : `returned ${key}`;
  return `Tool ${tool} ${verb} whose value means: "${meaning}"`;
}
