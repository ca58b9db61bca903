// One test per error class, by exact one-line message.
import { describe, expect, it } from 'vitest';
import { messagesOf } from '../../../test/loader/helpers.js';

const spec = (body: string): string => `conversations:\n${body}`;

describe('loader error messages', () => {
  it('UNKNOWN_KEY with a suggestion, at the key', async () => {
    const text = spec(
      [
        '  - name: a',
        '    turns:',
        '      - user: hi',
        '        expect:',
        '          - toolCall: { name: x, arg: { id: 1 } }',
      ].join('\n'),
    );
    expect(await messagesOf({ 'specs/billing.yaml': text })).toEqual([
      'specs/billing.yaml:6:34 conversations[0].turns[0].expect[0].toolCall: unknown key "arg" (did you mean "args"?)',
    ]);
  });

  it('WRONG_TYPE, at the value', async () => {
    const text = spec('  - name: a\n    repeat: many\n    turns: [{ user: hi }]\n');
    expect(await messagesOf({ 'a.yaml': text })).toEqual([
      'a.yaml:3:13 conversations[0].repeat: expected a whole number, got a string ("many")',
    ]);
  });

  it('MISSING_KEY, at the object', async () => {
    expect(await messagesOf({ 'a.yaml': spec('  - name: a\n') })).toEqual([
      'a.yaml:2:5 conversations[0]: a conversation needs turns or simulation',
    ]);
  });

  it('TWO_INPUTS, at the second input', async () => {
    const text = spec('  - name: a\n    turns:\n      - user: hi\n        event: WELCOME\n');
    expect(await messagesOf({ 'a.yaml': text })).toEqual([
      'a.yaml:5:9 conversations[0].turns[0]: a turn has exactly one input: found user and event',
    ]);
  });

  it('NO_INPUT', async () => {
    const text = spec('  - name: a\n    turns:\n      - expect: [{ noToolCalls: true }]\n');
    expect(await messagesOf({ 'a.yaml': text })).toEqual([
      'a.yaml:4:9 conversations[0].turns[0]: a turn needs one input: user, event, dtmf, blob, image, audio, toolResponses or variables',
    ]);
  });

  it('BAD_REGEX in text.matches and in $regex', async () => {
    const text = spec(
      [
        '  - name: a',
        '    turns:',
        '      - user: hi',
        '        expect:',
        '          - text: { matches: "/(/" }',
        '          - toolCall: { name: t, args: { id: { $regex: "[" } } }',
      ].join('\n'),
    );
    expect(await messagesOf({ 'a.yaml': text })).toEqual([
      'a.yaml:6:30 conversations[0].turns[0].expect[0].text.matches: invalid regular expression /(/: Unterminated group',
      'a.yaml:7:56 conversations[0].turns[0].expect[1].toolCall.args.id.$regex: invalid regular expression /[/: Unterminated character class',
    ]);
  });

  it('ENV_UNSET, at the scalar', async () => {
    const text = 'app: "${env.CXAS_TEST_APP}"\n' + spec('  - name: a\n    turns: [{ user: hi }]\n');
    expect(await messagesOf({ 'a.yaml': text })).toEqual([
      'a.yaml:1:6 app: environment variable CXAS_TEST_APP is not set',
    ]);
  });

  it('interpolates a set variable', async () => {
    const text = 'app: "${env.CXAS_TEST_APP}"\n' + spec('  - name: a\n    turns: [{ user: hi }]\n');
    expect(await messagesOf({ 'a.yaml': text }, { CXAS_TEST_APP: 'projects/p/locations/l/apps/a' })).toEqual([]);
  });

  it('YAML_SYNTAX', async () => {
    expect(await messagesOf({ 'a.yaml': 'conversations:\n  - name: [a\n' })).toEqual([
      'a.yaml:3:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('DUPLICATE_NAME across files, at the second, naming the first', async () => {
    const one = spec('  - name: same\n    turns: [{ user: hi }]\n');
    expect(await messagesOf({ 'a.yaml': one, 'b.yaml': one })).toEqual([
      'b.yaml:2:5 conversations[0].name: duplicate conversation name "same" (first defined at a.yaml:2:5)',
    ]);
  });

  it('MISSING_FILE for a blob, at the file value', async () => {
    const text = spec('  - name: a\n    turns:\n      - blob: { file: fixtures/missing.pdf }\n');
    expect(await messagesOf({ 'specs/a.yaml': text })).toEqual([
      'specs/a.yaml:4:23 conversations[0].turns[0].blob.file: file "fixtures/missing.pdf" not found (looked for specs/fixtures/missing.pdf)',
    ]);
  });

  it('BAD_VALUE for an unknown operator, with a suggestion', async () => {
    const text = spec(
      '  - name: a\n    turns:\n      - user: hi\n        expect: [{ variables: { pin: { $regx: x } } }]\n',
    );
    expect(await messagesOf({ 'a.yaml': text })).toEqual([
      'a.yaml:5:40 conversations[0].turns[0].expect[0].variables.pin: unknown operator "$regx" (did you mean "$regex"?)',
    ]);
  });

  it('reports the errors of every file, in file order', async () => {
    const bad = spec('  - name: a\n    turns: [{ usr: hi }]\n');
    const messages = await messagesOf({
      'a.yaml': bad,
      'b.yaml': bad.replace('name: a', 'name: b'),
      'c.yaml': 'conversations: 5\n',
    });
    expect(messages).toEqual([
      'a.yaml:3:15 conversations[0].turns[0]: unknown key "usr" (did you mean "user"?)',
      'b.yaml:3:15 conversations[0].turns[0]: unknown key "usr" (did you mean "user"?)',
      'c.yaml:1:16 conversations: expected a list, got a number (5)',
    ]);
  });
});
