// `validate` and the matcher engine must agree on every operator form: a form validate accepts
// is evaluated (passed or failed, never an error), and a form it rejects is one the matcher
// engine refuses too. Each row goes through both: the spec loader and matchValue/runAssertions.
import { describe, expect, it } from 'vitest';
import { BadOptionsError, OPERATORS, matchValue, runAssertions } from '../../src/assertions/index.js';
import type { JsonValue } from '../../src/model/json.js';
import { emptyTurnResult } from '../../src/model/turn.js';
import { loadTree } from '../loader/helpers.js';

interface Form {
  operator: JsonValue;
  actual: JsonValue;
  valid: boolean;
  holds?: boolean;
}

const FORMS: Form[] = [
  { operator: { $regex: '^acc' }, actual: 'acc-1', valid: true, holds: true },
  { operator: { $regex: '/^ACC/i' }, actual: 'acc-1', valid: true, holds: true },
  { operator: { $regex: 5 }, actual: '5', valid: false },
  { operator: { $regex: '/(/' }, actual: 'x', valid: false },
  { operator: { $contains: 'lance' }, actual: 'balance', valid: true, holds: true },
  { operator: { $contains: 2 }, actual: [1, 2], valid: true, holds: true },
  { operator: { $contains: { id: 1 } }, actual: [{ id: 2 }], valid: true, holds: false },
  { operator: { $contains: null }, actual: [null], valid: true, holds: true },
  { operator: { $oneOf: ['gold', 'silver'] }, actual: 'gold', valid: true, holds: true },
  { operator: { $oneOf: [] }, actual: 'gold', valid: false },
  { operator: { $oneOf: 'gold' }, actual: 'gold', valid: false },
  { operator: { $gt: 40 }, actual: 42.5, valid: true, holds: true },
  { operator: { $gt: '40' }, actual: 42.5, valid: false },
  { operator: { $lt: 0 }, actual: 1, valid: true, holds: false },
  { operator: { $lt: null }, actual: 1, valid: false },
  { operator: { $gt: 1, $lt: 5 }, actual: 3, valid: true, holds: true },
  { operator: { $exists: true }, actual: null, valid: true, holds: true },
  { operator: { $exists: false }, actual: 1, valid: true, holds: false },
  { operator: { $exists: 'yes' }, actual: 1, valid: false },
  { operator: { $any: true }, actual: 'x', valid: true, holds: true },
  { operator: { $any: 'number' }, actual: 42.5, valid: true, holds: true },
  { operator: { $any: 'number' }, actual: '42.5', valid: true, holds: false },
  { operator: { $any: 'string' }, actual: 'x', valid: true, holds: true },
  { operator: { $any: 'boolean' }, actual: false, valid: true, holds: true },
  { operator: { $any: 'object' }, actual: { a: 1 }, valid: true, holds: true },
  { operator: { $any: 'array' }, actual: [], valid: true, holds: true },
  { operator: { $any: 'null' }, actual: null, valid: true, holds: true },
  { operator: { $any: false }, actual: 1, valid: false },
  { operator: { $any: 'integer' }, actual: 1, valid: false },
  { operator: { $regex: 'a', foo: 1 }, actual: 'a', valid: false },
  { operator: { $regx: 'a' }, actual: 'a', valid: false },
  { operator: { $ref: 'a' }, actual: 'a', valid: false },
];

/** One conversation per form, checking variable `x`; YAML takes JSON as flow style. */
function specText(): string {
  const conversation = (f: Form, i: number): string =>
    `  - name: form ${i}\n    turns:\n      - user: hi\n        expect:\n` +
    `          - variables: ${JSON.stringify({ x: f.operator })}\n`;
  return `conversations:\n${FORMS.map(conversation).join('')}`;
}

function matcherAccepts(f: Form): boolean {
  try {
    matchValue({ x: f.operator }, { x: f.actual });
    return true;
  } catch (err) {
    if (err instanceof BadOptionsError) return false;
    throw err;
  }
}

describe('operator forms: validate and the matcher engine agree', async () => {
  const { files, errors } = await loadTree({ 'forms.yaml': specText() });
  const rejected = new Set(errors.map((e) => Number(/conversations\[(\d+)\]/.exec(e.message)?.[1])));
  // A file with errors yields no SpecFile, so valid forms are also loaded on their own.
  const validOnly = FORMS.filter((f) => f.valid);
  const valid = await loadTree({
    'valid.yaml': specText()
      .split('  - name: ')
      .filter((c, i) => i === 0 || FORMS[i - 1]!.valid)
      .join('  - name: '),
  });

  it.each(FORMS.map((f, i) => [JSON.stringify(f.operator), i, f] as const))('%s', async (_label, i, f) => {
    expect(
      rejected.has(i),
      `validate ${f.valid ? 'rejected' : 'accepted'} it: ${errors.map((e) => e.message).join('; ')}`,
    ).toBe(!f.valid);
    expect(matcherAccepts(f), 'the matcher engine').toBe(f.valid);
  });

  it('evaluates every valid form as validate loaded it (passed or failed, never error)', async () => {
    expect(valid.errors).toEqual([]);
    const conversations = valid.files[0]!.conversations;
    expect(conversations).toHaveLength(validOnly.length);
    for (const [i, conv] of conversations.entries()) {
      const turn = { ...emptyTurnResult(1), updatedVariables: { x: validOnly[i]!.actual } };
      const [result] = await runAssertions(conv.turns[0]!.expect, { scope: 'turn', turnIndex: 0, turn, turns: [turn] });
      expect(result!.status, `${JSON.stringify(validOnly[i]!.operator)}: ${result!.message}`).toBe(
        validOnly[i]!.holds ? 'passed' : 'failed',
      );
    }
  });

  it('covers every operator the engine implements', () => {
    const used = new Set(FORMS.filter((f) => f.valid).flatMap((f) => Object.keys(f.operator as object)));
    expect([...used].sort()).toEqual([...OPERATORS].sort());
  });

  it('rejects the file holding the invalid forms, at each of them', () => {
    expect(files).toEqual([]);
    expect(rejected.size).toBe(FORMS.filter((f) => !f.valid).length);
  });
});
