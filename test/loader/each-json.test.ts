// An `each:` data file named .json is read as strict JSON: what JSON does not allow (a trailing
// comma, a comment, a bare word, single quotes) is a one-line error at its line:col, never read as
// the YAML it also happens to be.
import { describe, expect, it } from 'vitest';
import { loadTree, messagesOf } from './helpers.js';

const spec = 'conversations:\n  - { name: j, each: rows.json, turns: [{ user: "${each.city}" }] }\n';

/** The loader's messages for `rows.json` holding `json`. */
const errorsFor = (json: string): Promise<string[]> => messagesOf({ 'a.yaml': spec, 'rows.json': json });

describe('each: a .json data file is strict JSON', () => {
  it.each([
    [
      'a trailing comma in a list',
      '[\n  {"city": "Paris"},\n]\n',
      'rows.json:2:20: JSON syntax error: a comma before ]: JSON has no trailing commas',
    ],
    [
      'a trailing comma in a row',
      '[{"city": "Paris",}]',
      'rows.json:1:18: JSON syntax error: a comma before }: JSON has no trailing commas',
    ],
    [
      'a comment',
      '// cities\n[{"city": "Paris"}]',
      'rows.json:1:1: JSON syntax error: comments are not JSON (a .json file is read as JSON)',
    ],
    [
      'a bare name',
      '[{city: "Paris"}]',
      'rows.json:1:3: JSON syntax error: expected a name in double quotes, found city',
    ],
    [
      'a bare value',
      '[{"city": Paris}]',
      'rows.json:1:11: JSON syntax error: expected a value, found Paris (text is written in double quotes)',
    ],
    [
      'single quotes',
      "[{'city': 'Paris'}]",
      `rows.json:1:3: JSON syntax error: expected a name in double quotes, found "'"`,
    ],
    [
      'YAML block syntax',
      '- city: Paris\n',
      'rows.json:1:1: JSON syntax error: invalid number "-" (a .json file is read as JSON)',
    ],
    [
      'a missing comma',
      '[\n  {"city": "Paris"}\n  {"city": "Rome"}\n]',
      'rows.json:3:3: JSON syntax error: expected , or ] after a list item',
    ],
    ['a leading zero', '[{"city": 007}]', 'rows.json:1:11: JSON syntax error: invalid number "007"'],
    ['a string never closed', '[{"city": "Paris}]', 'rows.json:1:11: JSON syntax error: a string that is never closed'],
    [
      'a line break in a string',
      '[{"city": "Pa\nris"}]',
      'rows.json:1:14: JSON syntax error: a control character in a string must be escaped (\\n, \\t, \\u0000)',
    ],
    ['a bad escape', '[{"city": "Pa\\xris"}]', 'rows.json:1:14: JSON syntax error: invalid escape \\x'],
    [
      'text after the value',
      '[{"city": "Paris"}]\n[]',
      'rows.json:2:1: JSON syntax error: more text after the JSON value',
    ],
    ['an empty file', '', 'rows.json:1:1: JSON syntax error: the file ends where a value should be'],
    ['a file cut short', '[{"city": "Paris"}', 'rows.json:1:19: JSON syntax error: the file ends inside a list'],
    [
      'a name twice',
      '[{"city": "Paris", "city": "Rome"}]',
      'rows.json:1:20: JSON syntax error: "city" is named twice in this object',
    ],
  ])('%s', async (_, json, message) => {
    expect(await errorsFor(json)).toEqual([message]);
  });

  it('reads valid JSON as before: rows, positions and the values as written', async () => {
    const json = '[\n\t{"city": "Paris", "n": 2.50},\n\t{"city": "R\\u00f6me", "n": 1E1}\n]\n';
    const { files, errors } = await loadTree({ 'a.yaml': spec, 'rows.json': json });
    expect(errors).toEqual([]);
    expect(files[0]!.conversations.map((c) => c.name)).toEqual(['j [city=Paris, n=2.50]', 'j [city=Röme, n=1E1]']);
    const missing = '[\n  {"city": "Paris"},\n  {"town": "Rome"}\n]\n';
    expect(await errorsFor(missing)).toEqual([
      'rows.json:3:3 [1]: this row has no "city" (read by ${each.city} at a.yaml:2:49)',
    ]);
  });
});
