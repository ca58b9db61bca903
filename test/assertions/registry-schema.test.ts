// The registry, MATCHER_NAMES and the spec schema must name the same matchers: a matcher the
// schema accepts but the registry lacks would be an `unknown matcher` error at run time, and
// one the schema lacks could never be written in a spec.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MATCHERS } from '../../src/assertions/index.js';
import { MATCHER_NAMES } from '../../src/model/spec.js';

interface SpecSchema {
  $defs: { expectation: { properties: Record<string, unknown> } };
}

function schemaMatcherNames(): string[] {
  const schema = JSON.parse(
    readFileSync(new URL('../../schemas/spec.schema.json', import.meta.url), 'utf8'),
  ) as SpecSchema;
  return Object.keys(schema.$defs.expectation.properties).filter((k) => k !== 'not');
}

const sorted = (names: readonly string[]): string[] => [...names].sort();

describe('matcher registry', () => {
  it('has exactly the matchers of MATCHER_NAMES', () => {
    expect(sorted(Object.keys(MATCHERS))).toEqual(sorted(MATCHER_NAMES));
  });

  it('has exactly the matchers the spec schema accepts (besides not)', () => {
    expect(sorted(Object.keys(MATCHERS))).toEqual(sorted(schemaMatcherNames()));
  });

  it('holds a function for every name', () => {
    for (const name of MATCHER_NAMES) expect(typeof MATCHERS[name], name).toBe('function');
  });
});
