// cxas-scrapi formats: loaded with the same meaning, strict about unknown keys, and convertible.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConversationSpec } from '../../model/spec.js';
import { messagesOf, writeTree } from '../../../test/loader/helpers.js';
import { loadSpecs } from '../load/index.js';
import { convertFile } from './convert.js';
import { detectFormat, NATIVE_CASE_KEYS, NATIVE_TOP_KEYS, NATIVE_TURN_KEYS } from './detect.js';
import { readSchema } from '../../package-root.js';

type SchemaShape = { properties?: object; $defs: Record<string, { properties?: object }> };
import { sameMeaningPrompt } from '../../model/same-meaning.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const DIR = 'test/fixtures/specs/scrapi';

async function load(name: string): Promise<ConversationSpec[]> {
  const { files, errors } = await loadSpecs([`${DIR}/${name}`], { cwd: ROOT });
  expect(errors).toEqual([]);
  return files[0]!.conversations;
}

const byName = (cs: ConversationSpec[], name: string): ConversationSpec => cs.find((c) => c.name === name)!;
const exp = (c: ConversationSpec, turn: number) =>
  c.turns[turn]!.expect.map((e) => ({ [e.matcher]: e.options, origin: e.origin }));

describe('format detection', () => {
  it('recognises each format by its shape', () => {
    expect(detectFormat({ conversations: [{ name: 'a', turns: [{ user: 'hi' }] }] })).toBe('native');
    expect(detectFormat({ tests: [] })).toBe('scrapi-turn-eval');
    expect(detectFormat({ conversations: [{ name: 'a', user: 'hi', expectations: [] }] })).toBe('scrapi-turn-eval');
    expect(detectFormat({ conversations: [{ name: 'a', turns: [{ turn: 't1', user: 'hi' }] }] })).toBe(
      'scrapi-turn-eval',
    );
    expect(detectFormat({ conversations: [{ conversation: 'a', turns: [{ user: 'hi', agent: 'yo' }] }] })).toBe(
      'scrapi-golden',
    );
    expect(detectFormat({ common_session_parameters: {}, conversations: [] })).toBe('scrapi-golden');
  });

  it('validates a native file with one mistake as native, not as the scrapi format the mistake suggests', async () => {
    const native = 'conversations:\n  - name: a\n    turns:\n      - user: hi\n';
    expect(await messagesOf({ 'g.yaml': `golden: true\n${native}` })).toEqual([
      'g.yaml:1:1: unknown key "golden" (expected one of: app, defaults, include, steps, conversations, toolTests)',
    ]);
    expect(await messagesOf({ 'c.yaml': `config: { timeoutMs: 100 }\n${native}` })).toEqual([
      'c.yaml:1:1: unknown key "config" (expected one of: app, defaults, include, steps, conversations, toolTests)',
    ]);
    expect(await messagesOf({ 'a.yaml': `${native}      - agent: hello\n` })).toEqual([
      'a.yaml:5:9 conversations[0].turns[1]: unknown key "agent" (expected one of: user, event, dtmf, blob, image, ' +
        'audio, toolResponses, variables, expect, timeoutMs, label, use, with)',
    ]);
  });

  it('says which cxas-scrapi format a file was read as, and by which key', async () => {
    const golden = 'conversations:\n  - conversation: a\n    turns:\n      - user: hi\n        agent: hello\n';
    expect(await messagesOf({ 'g.yaml': `${golden}        tool_call: []\n` })).toEqual([
      'g.yaml:6:9 conversations[0].turns[0]: unknown key "tool_call" (did you mean "tool_calls"?) ' +
        '[read as cxas-scrapi golden, recognised by "agent" at 5:9]',
    ]);
    // A step's `expectations:` under `name:` is the likelier typo of `expect:`: still native.
    expect(detectFormat({ conversations: [{ name: 'a', turns: [{ user: 'hi', expectations: [] }] }] })).toBe('native');
    // Cases that read as scrapi outnumber the native-looking one: the file stays a turn eval.
    const turnEvals = {
      config: {},
      conversations: [
        { name: 'a', turns: [{ turn: 1, user: 'hi' }] },
        { name: 'b', turns: [{ turn: 1, user: 'hi' }] },
        { name: 'c', turns: [{ user: 'hi', expect: [] }] },
      ],
    };
    expect(detectFormat(turnEvals)).toBe('scrapi-turn-eval');
  });

  it('lists as native-only exactly the keys spec.schema.json has and no cxas-scrapi schema has there', () => {
    const schema = (name: string) => readSchema(`${name}.schema.json`) as SchemaShape;
    const keys = (s: { properties?: object }) => Object.keys(s.properties ?? {});
    const native = schema('spec');
    const [turnEval, golden] = [schema('scrapi-turn-eval'), schema('scrapi-golden')];
    const only = (mine: string[], ...theirs: string[][]) => mine.filter((k) => !theirs.some((t) => t.includes(k)));
    const tops = [
      turnEval,
      golden,
      schema('scrapi-golden-export'),
      schema('scrapi-simulation'),
      schema('scrapi-tool-test'),
    ];
    expect(NATIVE_TOP_KEYS).toEqual(only(keys(native), ...tops.map(keys)));
    const [nCase, tCase, gCase] = [
      native.$defs['conversation']!,
      turnEval.$defs['case']!,
      golden.$defs['conversation']!,
    ];
    expect(NATIVE_CASE_KEYS).toEqual(only(keys(nCase), keys(tCase), keys(gCase)));
    const [nTurn, tStep, gTurn] = [native.$defs['turn']!, turnEval.$defs['step']!, golden.$defs['turn']!];
    expect(NATIVE_TURN_KEYS).toEqual(only(keys(nTurn), keys(tStep), keys(gTurn)));
  });

  it('reads a tool test file with one mistyped case as tool tests, and names the typo', async () => {
    const tests = [
      'tests:',
      '  - name: lookup ok',
      '    tool: lookup_account',
      '    args: { account_id: ACC-1001 }',
      '  - name: lookup typo',
      '    tol: lookup_account',
      '    args: { account_id: ACC-1001 }',
    ].join('\n');
    expect(await messagesOf({ 't.yaml': tests })).toEqual([
      't.yaml:5:5 tests[1]: missing required key "tool" [read as cxas-scrapi tool tests, recognised by "tests" at 1:1]',
      't.yaml:6:5 tests[1]: unknown key "tol" (did you mean "tool"?)',
    ]);
    // Mostly turn evals: one case with a tool test's key is reported there, not the whole file.
    const turnEvals = {
      tests: [
        { name: 'a', user: 'hi' },
        { name: 'b', user: 'hi' },
        { name: 'c', tool: 't' },
      ],
    };
    expect(detectFormat(turnEvals)).toBe('scrapi-turn-eval');
  });
});

describe('cxas-scrapi turn evals', async () => {
  const cs = await load('turn_evals.yaml');

  it('maps every operator with the same meaning, strings to judge', () => {
    expect(exp(byName(cs, 'greeting'), 1)).toEqual([
      { text: { equals: 'Welcome to Cymbal!' }, origin: 'scrapi: equals' },
      { text: { contains: 'Cymbal' }, origin: 'scrapi: contains' },
      { judge: { prompt: 'The agent greets the caller warmly' }, origin: 'scrapi: expectation' },
    ]);
    expect(exp(byName(cs, 'order lookup'), 0)).toEqual([
      { toolCall: { name: 'order', nameMatch: 'suffix' }, origin: 'scrapi: tool_called' },
      { toolCall: { anyTool: true, args: { order_id: '42' } }, origin: 'scrapi: tool_input' },
      { toolCall: { anyTool: true, response: { status: 'shipped' } }, origin: 'scrapi: tool_output' },
      { transfer: { to: 'billing_agent', match: 'suffix' }, origin: 'scrapi: agent_transfer' },
    ]);
    expect(exp(byName(cs, 'no tools for chit-chat'), 0)).toEqual([
      { noToolCalls: true, origin: 'scrapi: no_tools_called' },
    ]);
  });

  it('splits user + event into two turns, event first, variables with the first', () => {
    const g = byName(cs, 'greeting');
    expect(g.turns.map((t) => [t.input, t.variables])).toEqual([
      [{ kind: 'event', event: 'WELCOME' }, { caller_id: '+1555' }],
      [{ kind: 'text', text: 'hi there' }, undefined],
    ]);
    expect(g).toMatchObject({ format: 'scrapi-turn-eval', useToolFakes: true, modality: 'text', tags: ['smoke'] });
  });

  it('maps every historical_contexts shape', () => {
    expect(byName(cs, 'order lookup').history).toEqual({ afterConversation: 'greeting' });
    expect(byName(cs, 'no tools for chit-chat').history).toEqual({
      conversation: 'projects/p/locations/us/apps/a/conversations/c-123',
      turns: 3,
    });
    expect(byName(cs, 'session history').history).toEqual({ conversation: 'abc-123' });
    expect(byName(cs, 'inline history').history).toEqual({
      entries: [
        { user: 'I was charged twice' },
        { agent: 'Sorry to hear that.', name: 'billing_agent' },
        { agent: 'Let me check.' },
      ],
    });
    expect(byName(cs, 'utterances history').history).toEqual({
      entries: [{ user: 'hello' }, { role: 'model', chunks: [{ text: 'hi' }] }],
    });
  });

  it('keeps turn labels and per-turn config, and case-level judges at conversation level', () => {
    const m = byName(cs, 'multi turn');
    expect(m.turns.map((t) => t.label)).toEqual(['start', 'ask']);
    expect(m.turns[1]!.variables).toEqual({ account: 'A1' });
    expect(m.expect.map((e) => e.options)).toEqual([{ prompt: 'The agent stays polite' }]);
    expect(byName(cs, 'order lookup').deploymentId).toBe('prod');
  });
});

describe("a multi-turn test's own variables", () => {
  const text = [
    'config: { variables: { channel: web, authenticated: false } }',
    'tests:',
    '  - name: m',
    '    variables: { authenticated: true }',
    '    turns:',
    '      - turn: 1',
    '        user: balance',
    '        variables: { step: 1 }',
  ].join('\n');

  it("are sent with the first turn, over the config variables, under the first step's", async () => {
    const { files, errors } = await loadSpecs(['t.yaml'], { cwd: writeTree({ 't.yaml': text }) });
    expect(errors).toEqual([]);
    const [m] = files[0]!.conversations;
    expect(m!.variables).toEqual({ channel: 'web', authenticated: true });
    expect(m!.turns.map((t) => t.variables)).toEqual([{ step: 1 }]);
  });

  it('are written by convert, with a note that cxas-scrapi did not send them', async () => {
    const cwd = writeTree({ 't.yaml': text });
    const { text: out, errors } = await convertFile('t.yaml', { cwd });
    expect(errors).toEqual([]);
    expect(out).toContain('# cxas-scrapi did not send the variables of a multi-turn test;');
    writeFileSync(path.join(cwd, 'native.yaml'), out!);
    const { files, errors: reloaded } = await loadSpecs(['native.yaml'], { cwd });
    expect(reloaded).toEqual([]);
    expect(files[0]!.conversations[0]!.variables).toEqual({ channel: 'web', authenticated: true });
  });
});

describe('cxas-scrapi goldens', async () => {
  const [refund] = await load('goldens.yaml');

  it('maps session parameters, null user, agent text and common expectations', () => {
    expect(refund).toMatchObject({
      format: 'scrapi-golden',
      tags: ['refunds'],
      variables: { channel: 'web', customer_tier: 'gold' },
    });
    expect(refund!.turns[0]!.input).toEqual({ kind: 'event', event: 'welcome' });
    expect(exp(refund!, 0)).toEqual([
      { judge: { prompt: sameMeaningPrompt('Welcome! How can I help?') }, origin: 'scrapi: agent' },
    ]);
    expect(refund!.expect.map((e) => e.options)).toEqual([
      { prompt: 'The agent never reveals internal tool names' },
      { prompt: 'The agent confirms the refund amount' },
    ]);
  });

  it('maps tool calls, $matchType and transfers', () => {
    expect(exp(refund!, 1).slice(1)).toEqual([
      {
        toolCall: {
          name: 'lookup_order',
          args: {
            order_id: '42',
            request_id: { $any: true },
            note: { $contains: 'refund' },
            email: { $regex: '^[^@]+@example\\.com$' },
            reason: { $any: true },
          },
          response: { status: 'refundable' },
        },
        origin: 'scrapi: tool_calls',
      },
      {
        judge: {
          prompt: 'Tool lookup_order was called with argument reason whose value means: "customer wants money back"',
        },
        origin: 'scrapi: $matchType semantic',
      },
    ]);
    expect(exp(refund!, 2)).toEqual([
      { transfer: { to: 'billing_agent', match: 'suffix' }, origin: 'scrapi: transfer_to_agent' },
    ]);
  });
});

describe('strict where cxas-scrapi was silent', () => {
  it('reports unknown keys with suggestions, unknown config keys and unknown test_name', async () => {
    const text = [
      'tests:',
      '  - name: a',
      '    user: hi',
      '    session_parameters: { x: 1 }',
      '    config: { use_tool_fake: true }',
      '  - name: b',
      '    user: hi',
      '    historical_contexts: { test_name: nope }',
      '    expectations: [{ type: tool_call, value: x }]',
    ].join('\n');
    expect(await messagesOf({ 't.yaml': text })).toEqual([
      't.yaml:4:5 tests[0]: unknown key "session_parameters" (expected one of: name, conversation, tags, user, ' +
        'event, variables, historical_contexts, turn_count, config, expectations, turns) ' +
        '[read as cxas-scrapi turn evals, recognised by "tests" at 1:1]',
      't.yaml:5:15 tests[0].config: unknown key "use_tool_fake" (did you mean "use_tool_fakes"?)',
      't.yaml:9:28 tests[1].expectations[0].type: expected one of "equals", "contains", "tool_called", ' +
        '"no_tools_called", "agent_transfer", "tool_input", "tool_output"; got a string (did you mean "tool_called"?)',
    ]);
    const empty = 'tests:\n  - name: e\n    user: hi\n    expectations: [{ type: contains, value: "" }]\n';
    expect(await messagesOf({ 't.yaml': empty })).toEqual([
      't.yaml:4:45 tests[0].expectations[0].value: contains needs a text (an empty one always passes)',
    ]);
    const dangling = 'tests:\n  - name: b\n    user: hi\n    historical_contexts: { test_name: nope }\n';
    expect(await messagesOf({ 't.yaml': dangling })).toEqual([
      't.yaml:4:39 tests[0].historical_contexts.test_name: no conversation named "nope" in the suite',
    ]);
  });

  it('refuses an empty user text (the platform refuses it at run time) in each format', async () => {
    const turnEval = 'tests:\n  - name: a\n    user: ""\n  - name: b\n    turns:\n      - { turn: 1, user: "" }\n';
    expect(await messagesOf({ 't.yaml': turnEval })).toEqual([
      't.yaml:3:11 tests[0].user: must not be empty [read as cxas-scrapi turn evals, recognised by "tests" at 1:1]',
      't.yaml:6:26 tests[1].turns[0].user: must not be empty',
    ]);
    const golden =
      'conversations:\n  - conversation: c\n    turns:\n' +
      '      - { user: "", agent: hi }\n      - { user: null, agent: hi }\n';
    expect(await messagesOf({ 'g.yaml': golden })).toEqual([
      'g.yaml:4:17 conversations[0].turns[0].user: must not be empty ' +
        '[read as cxas-scrapi golden, recognised by "agent" at 4:21]',
    ]);
    const exported = 'displayName: e\ngolden:\n  turns:\n    - steps:\n        - userInput: { text: "" }\n';
    expect(await messagesOf({ 'e.yaml': exported })).toEqual([
      'e.yaml:5:30 golden.turns[0].steps[0].userInput.text: must not be empty ' +
        '[read as cxas-scrapi golden export (one platform Evaluation), recognised by "golden" at 2:1]',
    ]);
  });

  it('refuses a golden turn or tool call that spells one thing twice (one would be dropped)', async () => {
    const text = [
      'conversations:',
      '  - conversation: c',
      '    turns:',
      '      - user_event: WELCOME',
      '        event: GOODBYE',
      '        tool_calls:',
      '          - action: lookup',
      '            args: { id: 1 }',
      '            arguments: { id: 2 }',
    ].join('\n');
    expect(await messagesOf({ 'g.yaml': text })).toEqual([
      'g.yaml:5:9 conversations[0].turns[0].event: a golden turn has one event: user_event or event, not both',
      'g.yaml:9:13 conversations[0].turns[0].tool_calls[0].arguments: a tool call has args or arguments, not both',
    ]);
  });

  it("places an unknown test_name where it was written: the test's config, or the top-level config", async () => {
    const inCase = 'tests:\n  - name: b\n    user: hi\n    config:\n      historical_contexts: { test_name: nope }\n';
    expect(await messagesOf({ 't.yaml': inCase })).toEqual([
      't.yaml:5:41 tests[0].config.historical_contexts.test_name: no conversation named "nope" in the suite',
    ]);
    const top = 'config:\n  historical_contexts: { test_name: nope }\ntests:\n  - name: b\n    user: hi\n';
    expect(await messagesOf({ 't.yaml': top })).toEqual([
      't.yaml:2:37 config.historical_contexts.test_name: no conversation named "nope" in the suite',
    ]);
  });
});

describe('turn_count', () => {
  const TEST_NAME_TEXT =
    'turn_count with historical_contexts: {test_name} is not supported: the history is the whole session of ' +
    'the named test (native history: {afterConversation}), which cannot be cut to N turns; remove turn_count';
  const needs = (why: string) =>
    'turn_count needs historical_contexts naming a recorded conversation (an id or {session_id}); ' +
    `cxas-scrapi ignored it ${why}; remove it`;

  it.each([
    [
      'with a test_name dependency',
      'tests:\n  - name: a\n    user: hi\n  - name: b\n    user: hi\n' +
        '    historical_contexts: { test_name: a }\n    turn_count: 1\n',
      [`t.yaml:7:17 tests[1].turn_count: ${TEST_NAME_TEXT}`],
    ],
    [
      'without historical_contexts',
      'tests:\n  - name: a\n    user: hi\n    turn_count: 3\n',
      [`t.yaml:4:17 tests[0].turn_count: ${needs('without historical_contexts')}`],
    ],
    [
      "in a test's config, next to a list of utterances",
      'tests:\n  - name: a\n    user: hi\n    historical_contexts: [{ user: hello }]\n    config: { turn_count: 2 }\n',
      [`t.yaml:5:27 tests[0].config.turn_count: ${needs('with a list of utterances')}`],
    ],
    [
      'in the top-level config, taken by no test',
      'config: { turn_count: 2 }\ntests:\n  - name: a\n    user: hi\n  - name: b\n    user: hi\n',
      [
        't.yaml:1:23 config.turn_count: turn_count applies to no test: none has historical_contexts naming a ' +
          'recorded conversation (an id or {session_id}), and cxas-scrapi ignored it there; remove it',
      ],
    ],
    [
      'in the top-level config, with test_name dependencies (reported once)',
      'config: { turn_count: 2 }\ntests:\n  - name: a\n    user: hi\n    historical_contexts: s-1\n' +
        '  - name: b\n    user: hi\n    historical_contexts: { test_name: a }\n' +
        '  - name: c\n    user: hi\n    historical_contexts: { test_name: a }\n',
      [`t.yaml:1:23 config.turn_count: ${TEST_NAME_TEXT}`],
    ],
  ])('is refused %s, where it would be dropped', async (_case, text, messages) => {
    expect(await messagesOf({ 't.yaml': text })).toEqual(messages);
  });

  it('in the top-level config, cuts the recorded conversations of the tests without their own', async () => {
    const text = [
      'config: { turn_count: 2 }',
      'tests:',
      '  - { name: a, user: hi, historical_contexts: { session_id: s-1 } }',
      '  - { name: b, user: hi, historical_contexts: s-2, turn_count: 5 }',
      '  - { name: c, user: hi }',
      '  - { name: d, user: hi, historical_contexts: [{ user: hello }] }',
    ].join('\n');
    const { files, errors } = await loadSpecs(['t.yaml'], { cwd: writeTree({ 't.yaml': text }) });
    expect(errors).toEqual([]);
    expect(files[0]!.conversations.map((c) => c.history)).toEqual([
      { conversation: 's-1', turns: 2 },
      { conversation: 's-2', turns: 5 },
      undefined,
      { entries: [{ user: 'hello' }] },
    ]);
  });
});

describe('convert', () => {
  const strip = (cs: ConversationSpec[]) =>
    cs.map(({ id: _i, file: _f, loc: _l, format: _fm, entryAgentLoc: _a, ...c }) => ({
      ...c,
      toolFakes: c.toolFakes.map(({ loc: _x, ...f }) => f),
      turns: c.turns.map(({ loc: _x, ...t }) => ({
        ...t,
        input:
          t.input.kind === 'toolResponses'
            ? { ...t.input, responses: t.input.responses.map(({ loc: _r, ...r }) => r) }
            : t.input,
        expect: t.expect.map(({ loc: _y, origin: _o, ...e }) => e),
      })),
      expect: c.expect.map(({ loc: _y, origin: _o, ...e }) => e),
      ...(c.simulation
        ? { simulation: { ...c.simulation, goals: c.simulation.goals.map(({ loc: _g, ...g }) => g) } }
        : {}),
    }));

  it.each([
    'turn_evals.yaml',
    'turn_evals_conversations.yaml',
    'goldens.yaml',
    'golden_export.yaml',
    'golden_export_more.yaml',
    'simulations.yaml',
  ])('round-trips %s: loading the converted file gives the same conversations', async (name) => {
    const out = mkdtempSync(path.join(tmpdir(), 'cxas-convert-'));
    const { text, errors } = await convertFile(`${DIR}/${name}`, { cwd: ROOT, out: path.join(out, name) });
    expect(errors).toEqual([]);
    writeFileSync(path.join(out, name), text!);
    const converted = await loadSpecs([path.join(out, name)], { cwd: ROOT });
    expect(converted.errors).toEqual([]);
    expect(converted.files[0]!.format).toBe('native');
    expect(strip(converted.files[0]!.conversations)).toEqual(strip(await load(name)));
    rmSync(out, { recursive: true, force: true });
  });

  it('writes comments where meaning could not be carried', async () => {
    const { text } = await convertFile(`${DIR}/turn_evals.yaml`, { cwd: ROOT });
    expect(text).toContain('# cxas-scrapi sent user and event in one request; here the event is its own turn, first.');
    expect(text).toContain(
      '# tool_input/tool_output: cxas-scrapi matched the map keyed by tool name or any single call',
    );
    expect(text).toMatch(/^# yaml-language-server: \$schema=.*schemas\/spec\.schema\.json$/m);
  });
});

describe('test names', () => {
  it('takes conversation over name, as cxas-scrapi does, and needs one of them', async () => {
    const both = 'tests:\n  - name: a\n    conversation: b\n    user: hi\n';
    const { files } = await loadSpecs(['t.yaml'], { cwd: writeTree({ 't.yaml': both }) });
    expect(files[0]!.conversations.map((c) => c.name)).toEqual(['b']);
    expect(await messagesOf({ 't.yaml': 'tests:\n  - user: hi\n' })).toEqual([
      't.yaml:2:5 tests[0]: missing required key "name" (or "conversation")',
    ]);
  });
});
