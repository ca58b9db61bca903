// Tool tests, from a native `toolTests:` list or a cxas-scrapi tool-test file (`tests:` whose cases
// name a `tool`), → ToolTestSpecs. The schemas have run; this checks JSONPaths, each operator's
// operand (model/tool-test-operands.ts) and duplicate names.
import { quoted } from '../../model/location.js';
import { isJsonObject, type JsonObject } from '../../model/json.js';
import { parseJsonPath } from '../../model/json-path.js';
import { toolTestOperandProblem } from '../../model/tool-test-operands.js';
import { TOOL_TEST_OPERATORS, type ToolTestCheck, type ToolTestSpec } from '../../model/spec.js';
import type { SpecError } from '../../validation/index.js';
import type { KeyPath, Source } from './source.js';
import type { Check as ScrapiToolCheck, Test as ScrapiToolTest } from '../scrapi/tool-test-document.generated.js';
import type { ToolCheck, ToolTest } from './spec-document.generated.js';

const camel = (s: string): string => s.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

export function toToolTests(
  source: Source,
  list: ToolTest[],
  at: KeyPath,
  flavour: 'native',
  errors: SpecError[],
): ToolTestSpec[];
export function toToolTests(
  source: Source,
  list: ScrapiToolTest[],
  at: KeyPath,
  flavour: 'scrapi',
  errors: SpecError[],
): ToolTestSpec[];
export function toToolTests(
  source: Source,
  list: Array<ToolTest | ScrapiToolTest>,
  at: KeyPath,
  flavour: 'native' | 'scrapi',
  errors: SpecError[],
): ToolTestSpec[] {
  const seen = new Map<string, number>();
  const expectKey = flavour === 'native' ? 'expect' : 'expectations';
  return list.map((raw, i) => {
    const where = [...at, i];
    const name = raw.name;
    if (seen.has(name)) {
      const text = `tool test name ${quoted(name)} is already used by ${at.join('.')}[${seen.get(name)}]`;
      errors.push(source.error('DUPLICATE_NAME', [...where, 'name'], text));
    }
    seen.set(name, i);
    const expect = 'expect' in raw ? raw.expect : 'expectations' in raw ? raw.expectations : undefined;
    const checks = (key: 'response' | 'variables') =>
      (expect?.[key] ?? []).map((c: ToolCheck | ScrapiToolCheck, j: number) =>
        toCheck(source, c, [...where, expectKey, key, j], errors),
      );
    const variables = variablesOf(source, raw.variables, [...where, 'variables'], errors);
    const args = raw.args ?? ('agrs' in raw ? raw.agrs : undefined) ?? {};
    // Tags and skip are native only (the cxas-scrapi schema has neither).
    const native: Pick<ToolTest, 'tags' | 'skip'> = 'tags' in raw || 'skip' in raw ? raw : {};
    return {
      id: `${source.file}#${name}`,
      name,
      file: source.file,
      loc: source.at(where),
      tags: native.tags ?? [],
      tool: raw.tool,
      toolLoc: source.at([...where, 'tool']),
      args,
      ...(variables ? { variables } : {}),
      ...(raw.context !== undefined ? { context: raw.context } : {}),
      expectResponse: checks('response'),
      expectVariables: checks('variables'),
      ...(native.skip !== undefined ? { skip: native.skip } : {}),
    };
  });
}

/**
 * cxas-scrapi accepts a dict, a JSON string or a list of names (meaning "the app default"); the
 * server applies app defaults itself, so listed names are simply not sent.
 */
function variablesOf(
  source: Source,
  v: JsonObject | string | string[] | undefined,
  at: KeyPath,
  errors: SpecError[],
): JsonObject | undefined {
  if (typeof v !== 'string') return Array.isArray(v) ? undefined : v;
  const parsed: unknown = parseJson(v);
  if (isJsonObject(parsed)) return parsed;
  errors.push(source.error('BAD_VALUE', at, 'a variables string must hold a JSON object'));
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toCheck(source: Source, raw: ToolCheck | ScrapiToolCheck, where: KeyPath, errors: SpecError[]): ToolTestCheck {
  const path = raw.path;
  try {
    parseJsonPath(path);
  } catch (err) {
    errors.push(source.error('BAD_VALUE', [...where, 'path'], err instanceof Error ? err.message : String(err)));
  }
  const operator = TOOL_TEST_OPERATORS.find((o) => o === camel(raw.operator));
  if (!operator) {
    // The schemas list the operators; this only fails if one of them and TOOL_TEST_OPERATORS disagree.
    errors.push(source.error('BAD_VALUE', [...where, 'operator'], `unknown operator ${raw.operator}`));
    return { path, operator: 'equals', loc: source.at(where) };
  }
  const unary = operator === 'isNull' || operator === 'isNotNull';
  if (!unary && raw.value === undefined) {
    errors.push(source.error('BAD_VALUE', where, `operator ${raw.operator} needs a value`));
  }
  if (unary && raw.value !== undefined) {
    errors.push(source.error('BAD_VALUE', [...where, 'value'], `operator ${raw.operator} takes no value`));
  }
  const problem = toolTestOperandProblem(operator, raw.value);
  if (problem) errors.push(source.error('BAD_VALUE', [...where, 'value'], `${raw.operator} ${problem}`));
  return { path, operator, ...(raw.value !== undefined ? { value: raw.value } : {}), loc: source.at(where) };
}

/** ToolTestSpec → the native `toolTests:` entry (the inverse of toToolTests), for `convert`. */
export function toolTestToNative(t: ToolTestSpec): JsonObject {
  const checks = (list: ToolTestCheck[]) =>
    list.map((c) => ({ path: c.path, operator: c.operator, ...(c.value !== undefined ? { value: c.value } : {}) }));
  const expect: JsonObject = {
    ...(t.expectResponse.length ? { response: checks(t.expectResponse) } : {}),
    ...(t.expectVariables.length ? { variables: checks(t.expectVariables) } : {}),
  };
  return {
    name: t.name,
    ...(t.tags.length ? { tags: t.tags } : {}),
    tool: t.tool,
    ...(Object.keys(t.args).length ? { args: t.args } : {}),
    ...(t.variables ? { variables: t.variables } : {}),
    ...(t.context ? { context: t.context } : {}),
    ...(Object.keys(expect).length ? { expect } : {}),
    ...(t.skip ? { skip: t.skip } : {}),
  };
}
