// One case per error class: the spec files loaded, and the exact one-line messages they give.
import { describe, expect, it } from 'vitest';
import { messagesOf } from '../../../test/loader/helpers.js';

const spec = (body: string): string => `conversations:\n${body}`;
const specLines = (...lines: string[]): string => spec(lines.join('\n'));
const withEnvApp = 'app: "${env.CXAS_TEST_APP}"\n' + spec('  - name: a\n    turns: [{ user: hi }]\n');
const unknownUsr = spec('  - name: a\n    turns: [{ usr: hi }]\n');
const named = (name: string): string => spec(`  - name: ${name}\n    turns: [{ user: hi }]\n`);

interface ErrorCase {
  name: string;
  files: Record<string, string>;
  env?: NodeJS.ProcessEnv;
  messages: string[];
}

const cases: ErrorCase[] = [
  {
    name: 'UNKNOWN_KEY with a suggestion, at the key',
    files: {
      'specs/billing.yaml': specLines(
        '  - name: a',
        '    turns:',
        '      - user: hi',
        '        expect:',
        '          - toolCall: { name: x, arg: { id: 1 } }',
      ),
    },
    messages: [
      'specs/billing.yaml:6:34 conversations[0].turns[0].expect[0].toolCall: unknown key "arg" (did you mean "args"?)',
    ],
  },
  {
    name: 'WRONG_TYPE, at the value',
    files: { 'a.yaml': spec('  - name: a\n    repeat: many\n    turns: [{ user: hi }]\n') },
    messages: ['a.yaml:3:13 conversations[0].repeat: expected a whole number, got a string'],
  },
  {
    name: 'MISSING_KEY, at the object',
    files: { 'a.yaml': spec('  - name: a\n') },
    messages: ['a.yaml:2:5 conversations[0]: a conversation needs turns or simulation'],
  },
  {
    name: 'TWO_INPUTS, at the second input',
    files: { 'a.yaml': spec('  - name: a\n    turns:\n      - user: hi\n        event: WELCOME\n') },
    messages: ['a.yaml:5:9 conversations[0].turns[0]: a turn has exactly one input: found user and event'],
  },
  {
    name: 'NO_INPUT',
    files: { 'a.yaml': spec('  - name: a\n    turns:\n      - expect: [{ noToolCalls: true }]\n') },
    messages: [
      'a.yaml:4:9 conversations[0].turns[0]: ' +
        'a turn needs one input: user, event, dtmf, blob, image, audio, toolResponses or variables',
    ],
  },
  {
    name: 'BAD_REGEX in text.matches and in $regex',
    files: {
      'a.yaml': specLines(
        '  - name: a',
        '    turns:',
        '      - user: hi',
        '        expect:',
        '          - text: { matches: "/(/" }',
        '          - toolCall: { name: t, args: { id: { $regex: "[" } } }',
      ),
    },
    messages: [
      'a.yaml:6:30 conversations[0].turns[0].expect[0].text.matches: ' +
        'invalid regular expression /(/: Unterminated group',
      'a.yaml:7:56 conversations[0].turns[0].expect[1].toolCall.args.id.$regex: ' +
        'invalid regular expression /[/: Unterminated character class',
    ],
  },
  {
    name: 'ENV_UNSET, at the scalar',
    files: { 'a.yaml': withEnvApp },
    messages: ['a.yaml:1:6 app: environment variable CXAS_TEST_APP is not set'],
  },
  {
    name: 'interpolates a set variable',
    files: { 'a.yaml': withEnvApp },
    env: { CXAS_TEST_APP: 'projects/p/locations/l/apps/a' },
    messages: [],
  },
  {
    name: 'YAML_SYNTAX',
    files: { 'a.yaml': 'conversations:\n  - name: [a\n' },
    messages: [
      'a.yaml:3:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
  },
  {
    // Ids are file#name, so the same name in two files is two conversations (issue 25: convert --check
    // keeps a source and its conversion side by side); within one file it is an error (edges.test.ts).
    name: 'the same name in two files is no error',
    files: { 'a.yaml': named('same'), 'b.yaml': named('same') },
    messages: [],
  },
  {
    name: 'MISSING_FILE for a blob, at the file value',
    files: { 'specs/a.yaml': spec('  - name: a\n    turns:\n      - blob: { file: fixtures/missing.pdf }\n') },
    messages: [
      'specs/a.yaml:4:23 conversations[0].turns[0].blob.file: ' +
        'file "fixtures/missing.pdf" not found (looked for specs/fixtures/missing.pdf)',
    ],
  },
  {
    name: 'BAD_VALUE for an unknown operator, with a suggestion',
    files: {
      'a.yaml': spec(
        '  - name: a\n    turns:\n      - user: hi\n        expect: [{ variables: { pin: { $regx: x } } }]\n',
      ),
    },
    messages: [
      'a.yaml:5:40 conversations[0].turns[0].expect[0].variables.pin: ' +
        'unknown operator "$regx" (did you mean "$regex"?)',
    ],
  },
  {
    name: 'reports the errors of every file, in file order',
    files: {
      'a.yaml': unknownUsr,
      'b.yaml': unknownUsr.replace('name: a', 'name: b'),
      'c.yaml': 'conversations: 5\n',
    },
    messages: [
      'a.yaml:3:15 conversations[0].turns[0]: unknown key "usr" (did you mean "user"?)',
      'b.yaml:3:15 conversations[0].turns[0]: unknown key "usr" (did you mean "user"?)',
      'c.yaml:1:16 conversations: expected a list, got a number',
    ],
  },
];

describe('loader error messages', () => {
  it.each(cases)('$name', async ({ files, env, messages }) => {
    expect(await messagesOf(files, env)).toEqual(messages);
  });
});
