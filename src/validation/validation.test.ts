import { describe, expect, it } from 'vitest';
import { compileSchema, editDistance, locate, parseYaml, suggestKey, validateDocument } from './index.js';
import { withInputLimits } from './limits.js';

const schema = {
  $id: 'urn:test:validation',
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    repeat: { type: 'integer', minimum: 1 },
    mode: { enum: ['text', 'audio'] },
    check: { $ref: '#/$defs/check' },
    items: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        properties: { id: { type: 'string' }, args: { type: 'object' } },
      },
    },
    pick: {
      type: 'object',
      additionalProperties: false,
      exactlyOneOf: ['a', 'b'],
      properties: { a: { type: 'string' }, b: { type: 'string' } },
    },
  },
  $defs: {
    check: {
      anyOf: [
        { type: 'string' },
        {
          type: 'object',
          additionalProperties: false,
          properties: { equals: { type: 'string' }, contains: { type: 'string' } },
        },
      ],
    },
  },
};

function errorsOf(text: string): string[] {
  const parsed = parseYaml(text, 'f.yaml');
  if (parsed.errors.length) return parsed.errors.map((e) => e.message);
  return validateDocument(compileSchema(schema), parsed, 'f.yaml').map((e) => e.message);
}

describe('validateDocument', () => {
  it('accepts a valid document', () => {
    expect(errorsOf('name: a\nrepeat: 2\ncheck: hi\n')).toEqual([]);
  });
  it('reports an unknown key at the key with a suggestion', () => {
    expect(errorsOf('items:\n  - id: x\n    arg: {}\n')).toEqual([
      'f.yaml:3:5 items[0]: unknown key "arg" (did you mean "args"?)',
    ]);
  });
  it('lists the known keys when nothing is close', () => {
    expect(errorsOf('zzzzzz: 1\n')).toEqual([
      'f.yaml:1:1: unknown key "zzzzzz" (expected one of: name, repeat, mode, check, items, pick)',
    ]);
  });
  it('reports a wrong type at the value', () => {
    expect(errorsOf('repeat: five\n')).toEqual(['f.yaml:1:9 repeat: expected a whole number, got a string']);
  });
  it('reports a missing key at the object', () => {
    expect(errorsOf('items:\n  - args: {}\n')).toEqual(['f.yaml:2:5 items[0]: missing required key "id"']);
  });
  it('reports enum values', () => {
    expect(errorsOf('mode: video\n')).toEqual(['f.yaml:1:7 mode: expected one of "text", "audio"; got a string']);
  });
  it('collapses an anyOf to the branch whose type matched', () => {
    expect(errorsOf('check: { equal: x }\n')).toEqual([
      'f.yaml:1:10 check: unknown key "equal" (did you mean "equals"?)',
    ]);
  });
  it('collapses an anyOf with no matching type to one wrong-type line', () => {
    expect(errorsOf('check: 5\n')).toEqual(['f.yaml:1:8 check: expected a string or a map, got a number']);
  });
  it('explains exactlyOneOf', () => {
    expect(errorsOf('pick: {}\n')).toEqual(['f.yaml:1:7 pick: needs one of a or b']);
    expect(errorsOf('pick: { a: x, b: y }\n')).toEqual(['f.yaml:1:15 pick: takes only one of a or b: found a and b']);
  });
  it('reports every error, in file order', () => {
    expect(errorsOf('repeat: 0\nmode: 1\n')).toEqual([
      'f.yaml:1:9 repeat: must be >= 1',
      'f.yaml:2:7 mode: expected one of "text", "audio"; got a number',
    ]);
  });
});

describe('parseYaml', () => {
  it('reports syntax errors with a position', () => {
    const { errors } = parseYaml('a: [1, 2\nb: 3\n', 'f.yaml');
    expect(errors[0]?.code).toBe('YAML_SYNTAX');
    expect(errors[0]?.loc.line).toBeGreaterThanOrEqual(1);
  });
  it('rejects duplicate keys', () => {
    expect(parseYaml('a: 1\na: 2\n', 'f.yaml').errors.map((e) => e.message)).toEqual([
      'f.yaml:2:1: YAML syntax error: Map keys must be unique',
    ]);
  });
  it('rejects keys that differ in YAML but are one property name (1 and "1")', () => {
    expect(parseYaml('v:\n  1: first\n  "1": second\n', 'f.yaml').errors.map((e) => e.message)).toEqual([
      'f.yaml:3:3: YAML syntax error: Map keys must be unique',
    ]);
    expect(parseYaml('true: a\n"true": b\n', 'f.yaml').errors).toHaveLength(1);
  });
  it('refuses list, map and null keys, each where it is written, without the parser warning on stderr', () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => void warnings.push(w.message);
    process.on('warning', onWarning);
    const text = 'v:\n  ? [a, b]\n  : 1\n  ~: nullkey\n  ? {x: 1}\n  : mapkey\n  1: one\nw: { : empty, ? null : n }\n';
    const refused = parseYaml(text, 'f.yaml');
    expect(refused.errors.map((e) => e.message)).toEqual([
      'f.yaml:2:5: a mapping key is a list: keys are names (text), so write it as a quoted string',
      'f.yaml:4:3: a mapping key is null or empty (~, null, or nothing before ":"): keys are names; ' +
        'quote "null" for the word',
      'f.yaml:5:5: a mapping key is a map: keys are names (text), so write it as a quoted string',
      expect.stringMatching(/^f\.yaml:8:5: a mapping key is null or empty/),
      expect.stringMatching(/^f\.yaml:8:17: a mapping key is null or empty/),
    ]);
    expect(refused.value).toBeNull();
    // Through an alias, what it names; a quoted "null" or "" is a name.
    expect(parseYaml('a: &l [1]\nb: { *l : x }\n', 'f.yaml').errors.map((e) => e.message)).toEqual([
      'f.yaml:2:6: a mapping key is a list: keys are names (text), so write it as a quoted string',
    ]);
    expect(parseYaml('a: { "null": 1, "": 2, 3: 4, true: 5 }\n', 'f.yaml').errors).toEqual([]);
    process.off('warning', onWarning);
    expect(warnings).toEqual([]);
  });
  it('refuses integers a number cannot hold exactly, each where it is written', () => {
    const text =
      'a: 12345678901234567890\nb: [9007199254740991, -9007199254740993, 0x20000000000001]\nc: "1e400"\nd: 1.5e300\n';
    expect(parseYaml(text, 'f.yaml').errors.map((e) => e.message)).toEqual([
      'f.yaml:1:4: the integer 12345678901234567890 is beyond ±2^53 and would be read as 12345678901234567000: ' +
        'quote it as a string ("12345678901234567890")',
      'f.yaml:2:23: the integer -9007199254740993 is beyond ±2^53 and would be read as -9007199254740992: ' +
        'quote it as a string ("-9007199254740993")',
      'f.yaml:2:42: the integer 0x20000000000001 is beyond ±2^53 and would be read as 9007199254740992: ' +
        'quote it as a string ("0x20000000000001")',
    ]);
    expect(parseYaml('id: "12345678901234567890"\nmax: 9007199254740991\n', 'f.yaml').errors).toEqual([]);
  });
  it('expands anchors and merge keys', () => {
    const { value } = parseYaml('base: &b { x: 1 }\nitem:\n  <<: *b\n  y: 2\n', 'f.yaml');
    expect(value).toEqual({ base: { x: 1 }, item: { x: 1, y: 2 } });
  });
  it('reports an unresolved alias at the alias, nested or used before its anchor', () => {
    const messages = (text: string) => parseYaml(text, 'f.yaml').errors.map((e) => e.message);
    const unresolved = 'YAML syntax error: Unresolved alias (the anchor must be set before the alias)';
    expect(messages('a: 1\nname: *nope\n')).toEqual([`f.yaml:2:7: ${unresolved}: nope`]);
    expect(messages('a: *x\nb: &x 1\n')).toEqual([`f.yaml:1:4: ${unresolved}: x`]);
    expect(messages('a: 1\nx: &a [1, *nope]\ny: *a\n')).toEqual([`f.yaml:2:11: ${unresolved}: nope`]);
  });
  it('reports a << merge of what is not a map at that <<, not at the start of the file', () => {
    const messages = (text: string) => parseYaml(text, 'f.yaml').errors.map((e) => e.message);
    const notMaps = 'YAML syntax error: Merge sources must be maps or map aliases';
    const text = '# c\nbase: &m { a: 1 }\nword: &s hello\nok:\n  <<: *m\nitems:\n  - b: 2\n    <<: *s\n';
    expect(messages(text)).toEqual([`f.yaml:8:5: ${notMaps}`]);
    // In a list of sources, and written in place rather than through an alias.
    expect(messages('base: &m { a: 1 }\nx:\n  y: 1\n  <<: [*m, [1]]\n')).toEqual([`f.yaml:4:3: ${notMaps}`]);
    expect(messages('x: { <<: 3 }\n')).toEqual([`f.yaml:1:6: ${notMaps}`]);
    expect(messages('base: &m { a: 1 }\nx:\n  <<: [*m, { b: 2 }]\n')).toEqual([]);
  });
  it('refuses a tag it cannot apply at the tag, and reads the standard ones', () => {
    const messages = (text: string) => parseYaml(text, 'f.yaml').errors.map((e) => e.message);
    const hint = '(these files use no tags: remove it, or quote a value starting with "!")';
    expect(messages('a: 1\nname: !foo a\nlist: !!map [a]\n')).toEqual([
      `f.yaml:2:7: YAML tag !foo is not supported ${hint}`,
      `f.yaml:3:7: YAML tag !!map does not fit its value ${hint}`,
    ]);
    // With a syntax error too: every error, in file order.
    expect(messages('a: !foo x\nb: [1, 2\n').map((m) => m.slice(0, 10))).toEqual(['f.yaml:1:4', 'f.yaml:3:1']);
    expect(parseYaml('a: !!str 3\nb: "!foo"\nc: ! 4\nd: !!int "5"\n', 'f.yaml')).toMatchObject({
      value: { a: '3', b: '!foo', c: '4', d: 5 },
      errors: [],
    });
    // Tags the parser knows but whose values are not JSON (a Buffer, a Date, a Set).
    for (const [text, tag] of [
      ['a: 1\nb: !!binary aGk=\n', '!!binary'],
      ['a: 1\nb: !!timestamp 2020-01-01\n', '!!timestamp'],
      ['a: 1\nb: !!set {x}\n', '!!set'],
    ])
      expect(messages(text!)).toEqual([`f.yaml:2:4: YAML tag ${tag} is not supported ${hint}`]);
  });
  it('reports an alias expansion past the bound at an alias, not at the start of the file', () => {
    const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    // Four levels: 10,000 short strings, within the size bound, past the alias-count one.
    for (let i = 1; i < 4; i++)
      levels.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const { errors } = parseYaml(`${levels.join('\n')}\n`, 'f.yaml');
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^f\.yaml:[2-4]:\d+: YAML syntax error: Excessive alias count/),
    ]);
  });
  it('refuses a value past limits.expandedBytes once aliases are expanded, at the alias that crosses it', () => {
    // 1 kB anchored, named by 30 keys: 31 kB expanded, from a file of 1.3 kB.
    const text = `a: &s "${'x'.repeat(1000)}"\n${Array.from({ length: 30 }, (_, i) => `k${i}: *s`).join('\n')}\n`;
    const { value, errors } = withInputLimits({ expandedBytes: 20_000 }, () => parseYaml(text, 'f.yaml'));
    expect(value).toBeNull();
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      [
        'TOO_LARGE',
        "f.yaml:20:6: with its aliases expanded, the file's value goes over 20 kB here (config limits.expandedBytes)",
      ],
    ]);
    // Under the bound the same text reads as usual.
    expect(withInputLimits({ expandedBytes: 40_000 }, () => parseYaml(text, 'f.yaml')).errors).toEqual([]);
  });
  it('counts an alias once per use, a nested alias through its target (a billion laughs is refused quickly)', () => {
    const levels = ['a0: &a0 [xxxxxxxxxx, xxxxxxxxxx]'];
    for (let i = 1; i < 40; i++) levels.push(`a${i}: &a${i} [*a${i - 1}, *a${i - 1}]`);
    const started = Date.now();
    const { errors } = parseYaml(`${levels.join('\n')}\n`, 'f.yaml');
    expect(errors.map((e) => e.code)).toEqual(['TOO_LARGE']);
    expect(errors[0]!.message).toMatch(/^f\.yaml:2[0-9]:\d+: with its aliases expanded/);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('locate', () => {
  it('finds values, keys and keys merged in through <<', () => {
    const { doc } = parseYaml('base: &b { x: 1 }\nitem:\n  <<: *b\n  y: [a, b]\n', 'f.yaml');
    expect(locate(doc, ['item', 'y', 1], 'f.yaml')).toEqual({ file: 'f.yaml', line: 4, col: 10 });
    expect(locate(doc, ['item', 'y'], 'f.yaml', { key: true })).toEqual({ file: 'f.yaml', line: 4, col: 3 });
    expect(locate(doc, ['item', 'x'], 'f.yaml')).toEqual({ file: 'f.yaml', line: 1, col: 15 });
  });
});

describe('suggestKey', () => {
  it('suggests close keys only', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('sya', 'say')).toBe(1); // a swap of adjacent letters is one typo
    expect(suggestKey('sya', ['on', 'say', 'do'])).toBe('say');
    expect(suggestKey('arg', ['args', 'name'])).toBe('args');
    expect(suggestKey('usetoolfakes', ['useToolFakes'])).toBe('useToolFakes');
    expect(suggestKey('zzz', ['args'])).toBeUndefined();
  });
});
