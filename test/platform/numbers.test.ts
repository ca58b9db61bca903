// Push refuses a number in an expected value (`@numbers`) exactly where lenient local matching takes
// a string for a number, which the platform would compare as a different value: one reading of
// numerals for both, so an exponent ("4.25e1") cannot be carried while it matches 42.5 locally.
import { describe, expect, it } from 'vitest';
import { matchValue } from '../../src/assertions/match-value.js';
import type { JsonObject } from '../../src/model/json.js';
import { carryExpectation } from '../../src/platform/push/matchers.js';
import { inventoryOf } from '../../src/platform/push/inventory.js';
import { ConstructUses } from '../../src/platform/push/uses.js';

const APP = 'projects/p/locations/us/apps/a';
const inventory = inventoryOf([{ name: `${APP}/tools/lookup`, displayName: 'Lookup' }]);

/**
 * The keys push refuses for `toolCall: {name: lookup, args}`, `{name: lookup, response}` and
 * `variables: values` (the response written with `output`, which alone push carries for an unfaked tool).
 */
function refused(value: JsonObject): string[] {
  const uses = new ConstructUses();
  const at = {
    app: APP,
    inventory,
    mocked: new Set<string>(),
    strict: false,
    level: 'turn',
    where: 'turns[0].expect[0]',
    uses,
  } as const;
  carryExpectation({ matcher: 'toolCall', negated: false, options: { name: 'lookup', args: value } }, at);
  carryExpectation(
    { matcher: 'toolCall', negated: false, options: { name: 'lookup', response: { output: value } } },
    at,
  );
  carryExpectation({ matcher: 'variables', negated: false, options: { values: value } }, at);
  return uses.refused.map((u) => u.key);
}

const NUMERALS = ['42', '-1.5', '4.25e1', '1E3', '2e-2', '0042', '0x2A', ' 42', '+42', '1.', '.5', 'abc', '1e400'];

describe('@numbers', () => {
  it.each(NUMERALS)('refuses "%s" exactly when lenient local matching takes it for a number', (text) => {
    const n = Number(text);
    const readAsNumber = Number.isFinite(n) && matchValue({ v: text }, { v: n }).ok;
    const numbers = [
      'toolCallMatcher.args@numbers',
      'toolCallMatcher.response@numbers',
      'expectation.variables@numbers',
    ];
    expect(refused({ v: text })).toEqual(readAsNumber ? numbers : []);
  });

  it('refuses a number itself, which matches its string form locally', () => {
    expect(refused({ balance: 42.5 })).toHaveLength(3);
    expect(matchValue({ balance: 42.5 }, { balance: '42.5' }).ok).toBe(true);
  });
});
