// Tool tests, from a native `toolTests:` list or a cxas-scrapi tool-test file (`tests:` whose cases
// name a `tool`), → ToolTestSpecs. The schemas have run; this checks JSONPaths and duplicate names.
import type { JsonObject, JsonValue } from '../../model/json.js';
import { parseJsonPath } from '../../model/json-path.js';
import type { ToolTestCheck, ToolTestOperator, ToolTestSpec } from '../../model/spec.js';
import type { SpecError } from '../../validation/index.js';
import type { KeyPath, Source } from './source.js';

type Raw = Record<string, unknown>;
export type ToolTestFlavour = 'native' | 'scrapi';

const camel = (s: string): string => s.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

export function toToolTests(source: Source, list: Raw[], at: KeyPath, flavour: ToolTestFlavour, errors: SpecError[]): ToolTestSpec[] {
  const seen = new Map<string, number>();
  return list.map((raw, i) => {
    const where = [...at, i];
    const name = String(raw['name']);
    if (seen.has(name)) errors.push(source.error('DUPLICATE_NAME', [...where, 'name'], `tool test name "${name}" is already used by ${at.join('.')}[${seen.get(name)}]`));
    seen.set(name, i);
    const expect = (raw[flavour === 'native' ? 'expect' : 'expectations'] as Raw | undefined) ?? {};
    const checks = (key: string) => ((expect[key] as Raw[] | undefined) ?? []).map((c, j) => toCheck(source, c, [...where, flavour === 'native' ? 'expect' : 'expectations', key, j], errors));
    const variables = variablesOf(raw['variables']);
    return {
      id: `${source.file}#${name}`, name, file: source.file, loc: source.at(where), tags: (raw['tags'] as string[] | undefined) ?? [],
      tool: String(raw['tool']), args: ((raw['args'] ?? raw['agrs']) as JsonObject | undefined) ?? {},
      ...(variables ? { variables } : {}),
      ...(raw['context'] !== undefined ? { context: raw['context'] as JsonObject } : {}),
      expectResponse: checks('response'), expectVariables: checks('variables'),
      ...(typeof raw['skip'] === 'string' ? { skip: raw['skip'] } : {}),
    };
  });
}

/**
 * cxas-scrapi accepts a dict, a JSON string or a list of names (meaning "the app default"); the
 * server applies app defaults itself, so listed names are simply not sent.
 */
function variablesOf(v: unknown): JsonObject | undefined {
  if (typeof v === 'string') return JSON.parse(v) as JsonObject;
  if (Array.isArray(v) || v === undefined || v === null) return undefined;
  return v as JsonObject;
}

function toCheck(source: Source, raw: Raw, where: KeyPath, errors: SpecError[]): ToolTestCheck {
  const path = String(raw['path']);
  try {
    parseJsonPath(path);
  } catch (err) {
    errors.push(source.error('BAD_VALUE', [...where, 'path'], (err as Error).message));
  }
  const operator = camel(String(raw['operator'])) as ToolTestOperator;
  const unary = operator === 'isNull' || operator === 'isNotNull';
  if (!unary && raw['value'] === undefined) errors.push(source.error('BAD_VALUE', where, `operator ${String(raw['operator'])} needs a value`));
  if (unary && raw['value'] !== undefined) errors.push(source.error('BAD_VALUE', [...where, 'value'], `operator ${String(raw['operator'])} takes no value`));
  return {
    path, operator,
    ...(raw['value'] !== undefined ? { value: raw['value'] as JsonValue } : {}), loc: source.at(where),
  };
}

/** ToolTestSpec → the native `toolTests:` entry (the inverse of toToolTests), for `convert`. */
export function toolTestToNative(t: ToolTestSpec): JsonObject {
  const checks = (list: ToolTestCheck[]) => list.map((c) => ({ path: c.path, operator: c.operator, ...(c.value !== undefined ? { value: c.value } : {}) }));
  const expect: JsonObject = {
    ...(t.expectResponse.length ? { response: checks(t.expectResponse) } : {}),
    ...(t.expectVariables.length ? { variables: checks(t.expectVariables) } : {}),
  };
  return {
    name: t.name, ...(t.tags.length ? { tags: t.tags } : {}), tool: t.tool,
    ...(Object.keys(t.args).length ? { args: t.args } : {}),
    ...(t.variables ? { variables: t.variables } : {}), ...(t.context ? { context: t.context } : {}),
    ...(Object.keys(expect).length ? { expect } : {}), ...(t.skip ? { skip: t.skip } : {}),
  };
}
