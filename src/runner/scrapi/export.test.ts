// The golden export form (one CES Evaluation: displayName, golden.turns[].steps) loads with its meaning.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { messagesOf, writeTree } from '../../../test/loader/helpers.js';
import { loadSpecs } from '../load/index.js';
import { convertFile } from './convert.js';
import { sameMeaningPrompt } from '../../model/same-meaning.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

describe('golden export form', async () => {
  const { files, errors } = await loadSpecs(['test/fixtures/specs/scrapi/golden_export.yaml'], { cwd: ROOT });
  const c = files[0]!.conversations[0]!;
  const exp = (turn: number) => c.turns[turn]!.expect.map((e) => ({ [e.matcher]: e.options }));

  it('reads name, tags, inputs and variables steps', () => {
    expect(errors).toEqual([]);
    expect(c).toMatchObject({ name: 'pin then balance', tags: ['billing', 'smoke'], format: 'scrapi-golden' });
    expect(c.turns.map((t) => [t.input, t.variables])).toEqual([
      [{ kind: 'event', event: 'WELCOME' }, { customer_tier: 'gold' }],
      [{ kind: 'dtmf', digits: '1234#' }, undefined],
      [{ kind: 'text', text: 'what is my balance' }, undefined],
      [{ kind: 'text', text: 'I want to talk to a human' }, undefined],
    ]);
  });

  it('maps every expectation kind; a response joins its call by id; skipEvaluation drops one', () => {
    expect(exp(0)).toEqual([
      { judge: { prompt: sameMeaningPrompt('Welcome to Cymbal support! Please enter your PIN followed by #.') } },
    ]);
    expect(exp(1)).toEqual([{ variables: { values: { authenticated: true } } }, { noToolCalls: true }]);
    expect(exp(2)).toEqual([
      { judge: { prompt: sameMeaningPrompt('Your balance is $42.5.') } },
      {
        toolCall: {
          name: 'lookup_account',
          args: { account_id: { $regex: '^ACC-\\d+$' } },
          response: { balance: 42.5, currency: 'USD' },
        },
      },
    ]);
    expect(exp(3)).toEqual([{ transfer: { to: 'billing_agent', match: 'suffix' } }]);
    expect(c.toolFakes.map(({ loc: _l, ...f }) => f)).toEqual([{ tool: 'open_ticket', respond: { ticket_id: 'T-1' } }]);
    expect(c.expect.map((e) => e.options)).toEqual([
      { prompt: 'The agent asks for the PIN before giving the balance' },
      { prompt: 'The agent stays polite' },
    ]);
  });

  it('keeps the order of two calls in a turn', async () => {
    const text = [
      'displayName: two calls',
      'golden:',
      '  turns:',
      '    - steps:',
      '        - userInput: { text: hi }',
      '        - expectation: { toolCall: { tool: apps/a/tools/first } }',
      '        - expectation: { toolCall: { displayName: second, args: { x: 1 } } }',
    ].join('\n');
    const {
      files: [f],
    } = await loadSpecs(['e.yaml'], { cwd: writeTree({ 'e.yaml': text }) });
    expect(f!.conversations[0]!.turns[0]!.expect.map((e) => ({ [e.matcher]: e.options }))).toEqual([
      { toolCall: { name: 'first', args: {} } },
      { toolCall: { name: 'second', args: { x: 1 } } },
      { toolSequence: { tools: ['first', 'second'], mode: 'inOrder' } },
    ]);
  });

  it("keeps a golden turn's inputs in one turn, as the platform sends them, with all its expectations", async () => {
    const text = [
      'displayName: variables after the text',
      'golden:',
      '  turns:',
      '    - steps:',
      '        - expectation: { noToolCalls: false }',
      '        - userInput: { text: what is my balance }',
      '        - userInput: { variables: { authenticated: true } }',
      '        - expectation: { toolCall: { tool: apps/a/tools/lookup_account } }',
      '    - steps:',
      '        - userInput: { variables: { a: 1 } }',
      '        - userInput: { dtmf: "1#", variables: { b: 2 } }',
      '        - userInput: { variables: { a: 3 } }',
      '    - steps:',
      '        - userInput: { variables: { done: true } }',
      '        - expectation: { updatedVariables: { done: true } }',
    ].join('\n');
    const { files, errors } = await loadSpecs(['e.yaml'], { cwd: writeTree({ 'e.yaml': text }) });
    expect(errors).toEqual([]);
    expect(
      files[0]!.conversations[0]!.turns.map(({ loc: _l, ...t }) => ({ ...t, expect: t.expect.map((e) => e.matcher) })),
    ).toEqual([
      { input: { kind: 'text', text: 'what is my balance' }, variables: { authenticated: true }, expect: ['toolCall'] },
      { input: { kind: 'dtmf', digits: '1#' }, variables: { a: 3, b: 2 }, expect: [] },
      { input: { kind: 'variables', variables: { done: true } }, expect: ['variables'] },
    ]);
  });

  it('refuses a second main input in one golden turn, and expectations with no input', async () => {
    const text = [
      'displayName: two inputs',
      'golden:',
      '  turns:',
      '    - steps:',
      '        - userInput: { text: hi }',
      '        - userInput: { text: again }',
      '        - userInput: { event: { event: E }, dtmf: "1" }',
      '    - steps:',
      '        - expectation: { noToolCalls: true }',
    ].join('\n');
    const second =
      'a second user input in one golden turn: the platform sends a turn as one request with one text, ' +
      'event, dtmf, toolResponses, blob or image (and its variables); put it in a turn of its own';
    expect(await messagesOf({ 'e.yaml': text })).toEqual([
      `e.yaml:6:24 golden.turns[0].steps[1].userInput.text: ${second}`,
      `e.yaml:7:24 golden.turns[0].steps[2].userInput.event: ${second}`,
      'e.yaml:9:11 golden.turns[1].steps[0]: an expectation step needs a user input step in its turn',
    ]);
  });

  it("makes one tool fake of a tool's mocks with one response, and refuses different responses by turn", async () => {
    const golden = (second: string) =>
      [
        'displayName: two tickets',
        'golden:',
        '  turns:',
        '    - steps:',
        '        - expectation: { mockToolResponse: { tool: apps/a/tools/open_ticket, response: { ticket_id: T-1 } } }',
        '        - userInput: { text: open a ticket }',
        '    - steps:',
        '        - userInput: { text: another ticket }',
        `        - expectation: { mockToolResponse: { tool: apps/a/tools/open_ticket, response: ${second} } }`,
        '    - steps:',
        '        - userInput: { text: and one more }',
        '        - expectation: { mockToolResponse: { displayName: open_ticket, response: { ticket_id: T-1 } } }',
      ].join('\n');
    const { files, errors } = await loadSpecs(['e.yaml'], {
      cwd: writeTree({ 'e.yaml': golden('{ ticket_id: T-1 }') }),
    });
    expect(errors).toEqual([]);
    expect(files[0]!.conversations[0]!.toolFakes.map(({ loc, ...f }) => ({ ...f, line: loc?.line }))).toEqual([
      { tool: 'open_ticket', respond: { ticket_id: 'T-1' }, line: 5 },
    ]);
    expect(await messagesOf({ 'e.yaml': golden('{ ticket_id: T-2 }') })).toEqual([
      'e.yaml:9:88 golden.turns[1].steps[1].expectation.mockToolResponse.response: tool "open_ticket" is mocked ' +
        'with different responses in golden.turns[0], golden.turns[1] and golden.turns[2]: a platform mock holds ' +
        'for its turn, a tool fake for every turn, so the turns cannot have their own; mock it with one response, ' +
        'or write toolFakes (with whenArgs or a sequence) in a native spec',
    ]);
  });

  it('refuses blob or image data that is not canonical base64, at the value', async () => {
    const text =
      'displayName: d\ngolden:\n  turns:\n    - steps:\n        - userInput: { blob: { data: "receipt.pdf" } }\n';
    expect(await messagesOf({ 'e.yaml': text })).toEqual([
      'e.yaml:5:38 golden.turns[0].steps[0].userInput.blob.data: not base64: "." at character 8',
    ]);
  });

  it('reports problems at file:line:col', async () => {
    const text = [
      'displayName: bad',
      'golden:',
      '  turns:',
      '    - steps:',
      '        - userInput: { txt: hi }',
      '        - expectation: { noToolCalls: true }',
      '    - steps:',
      '        - userInput: { text: hi }',
      '        - expectation: { toolCall: { tool: t, args: { a: { $matchType: regex, $matchValue: x } } } }',
      '  evaluationExpectations: [projects/p/locations/l/apps/a/evaluationExpectations/e1]',
    ].join('\n');
    expect(await messagesOf({ 'e.yaml': text })).toEqual([
      'e.yaml:5:24 golden.turns[0].steps[0].userInput: unknown key "txt" (did you mean "text"?) ' +
        '[read as cxas-scrapi golden export (one platform Evaluation), recognised by "golden" at 2:1]',
    ]);
    expect(await messagesOf({ 'e.yaml': text.replace('txt', 'text') })).toEqual([
      'e.yaml:9:72 golden.turns[1].steps[1].expectation.toolCall.args.a.$matchType: ' +
        'unknown $matchType "regex" (did you mean "regexp"?); the platform would compare it exactly',
      'e.yaml:10:28 golden.evaluationExpectations[0]: names a platform expectation without its prompt; ' +
        'write the prompt (cxas-scrapi export resolves it)',
    ]);
  });

  it('converts with the comments on the golden turns they describe', async () => {
    const { text } = await convertFile('test/fixtures/specs/scrapi/golden_export.yaml', { cwd: ROOT });
    expect(text).toContain(
      '      # The balance lookup: args with $matchType, the response paired by id.\n' +
        '      - user: what is my balance\n',
    );
    expect(text).toContain('  # A CES Evaluation in the export form');
    expect(text).toContain('  # turn 2: note: the PIN is checked without tools\n');
  });
});
