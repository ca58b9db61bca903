// `expect:` items → Expectation: one matcher, or `not:` wrapping one; options kept as written
// (after env interpolation), except `custom.module`, which is resolved against the spec file.
import { existsSync } from 'node:fs';
import type { JsonObject, JsonValue } from '../../model/json.js';
import type { Expectation, MatcherName } from '../../model/spec.js';
import type { SpecError } from '../../validation/index.js';
import type { Source } from './source.js';

type Path = Array<string | number>;

export function toExpectations(source: Source, list: unknown, at: Path, errors: SpecError[]): Expectation[] {
  if (!Array.isArray(list)) return [];
  return list.map((item: JsonObject, i) => toExpectation(source, item, [...at, i], errors));
}

function toExpectation(source: Source, item: JsonObject, at: Path, errors: SpecError[]): Expectation {
  const negated = item['not'] !== undefined;
  const inner = (negated ? item['not'] : item) as JsonObject;
  const matcher = Object.keys(inner)[0] as MatcherName;
  const optionsPath = negated ? [...at, 'not', matcher] : [...at, matcher];
  const options = matcher === 'custom' ? resolveCustom(source, inner[matcher] as JsonObject, optionsPath, errors) : inner[matcher]!;
  return { matcher, options, negated, loc: source.at(at) };
}

function resolveCustom(source: Source, options: JsonObject, at: Path, errors: SpecError[]): JsonValue {
  const written = options['module'] as string;
  const { abs, display } = source.resolveRelative(written);
  if (!existsSync(abs)) errors.push(source.error('MISSING_FILE', [...at, 'module'], `file "${written}" not found (looked for ${display})`));
  return { ...options, module: display };
}
