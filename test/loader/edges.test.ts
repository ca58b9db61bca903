// Edges of the loader (issue 15.7): nothing is skipped silently, a file that would run nothing is an
// error at file:line:col, and one pass reports every error of every file (env, schema, references,
// duplicates) instead of stopping at the first class.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { loadTree, messagesOf, writeTree } from './helpers.js';

const conv = (name: string, extra = '') => `  - name: ${name}\n    turns:\n      - user: hi\n${extra}`;

describe('nothing is skipped silently', () => {
  it('a spec file with an unknown top-level key (agents:) is an error, not an emulator app', async () => {
    expect(await messagesOf({ 'a.yaml': `agents:\n  root: {}\nconversations:\n${conv('x')}` })).toEqual([
      'a.yaml:1:1: unknown key "agents" (expected one of: app, defaults, include, steps, conversations, toolTests)',
    ]);
  });

  it('an emulator app named as a spec file is an error; found in a folder it is skipped', async () => {
    const app = 'app: projects/p/locations/us/apps/a\nrootAgent: root\nagents:\n  root: {}\n';
    const named = await loadTree({ 'app.yaml': app }, ['app.yaml']);
    expect(named.errors.map((e) => e.message)).toEqual([
      'app.yaml:1:1: this is an emulator app, not a spec file (serve it with --emulator)',
    ]);
    const found = await loadTree({ 'specs/app.yaml': app, 'specs/a.yaml': `conversations:\n${conv('x')}` }, ['specs']);
    expect(found.errors).toEqual([]);
    expect(found.files.map((f) => f.file)).toEqual(['specs/a.yaml']);
  });
});

describe('a file that would run nothing', () => {
  it('{} is an error at the start of the file', async () => {
    expect(await messagesOf({ 'a.yaml': '{}\n' })).toEqual([
      'a.yaml:1:1: the file has no conversations or toolTests: nothing would run',
    ]);
  });

  it('conversations: [] is an error at the empty list', async () => {
    expect(await messagesOf({ 'a.yaml': 'conversations: []\n' })).toEqual([
      'a.yaml:1:16 conversations: must not be empty: a spec file needs at least one conversation',
    ]);
  });

  it('a file of tool tests only, or of conversations from its fragments only, is fine', async () => {
    const tools =
      'toolTests:\n  - name: t\n    tool: lookup\n    expect:\n' +
      '      response: [{ path: "$.ok", operator: equals, value: true }]\n';
    expect(await messagesOf({ 'tools.yaml': tools })).toEqual([]);
    const fragment = `conversations:\n${conv('x')}`;
    const { errors, files } = await loadTree({ 'a.yaml': 'include: [f.yaml]\n', 'f.yaml': fragment });
    expect(errors).toEqual([]);
    expect(files.map((f) => f.conversations.length)).toEqual([1]);
  });

  it('inline data: that is not canonical base64 is an error at its value (it was sent as garbage bytes)', async () => {
    const blob = (data: string) => `conversations:\n  - name: a\n    turns:\n      - blob: { data: ${data} }\n`;
    expect(await messagesOf({ 'a.yaml': blob('"fixtures/receipt.pdf"') })).toEqual([
      'a.yaml:4:23 conversations[0].turns[0].blob.data: not base64: "." at character 17; ' +
        'to send a file, write file: instead of data:',
    ]);
    expect(await messagesOf({ 'a.yaml': blob('"aGVsbG8 gd29ybGQ="') })).toEqual([
      'a.yaml:4:23 conversations[0].turns[0].blob.data: not base64: a space or line break at character 8 ' +
        '(write it on one line, as base64 -w0 does)',
    ]);
    expect(await messagesOf({ 'a.yaml': blob('aGVsbG8') })).toEqual([
      'a.yaml:4:23 conversations[0].turns[0].blob.data: not base64: its length 7 is not a multiple of 4',
    ]);
    expect(await messagesOf({ 'a.yaml': blob('aGVsbG9=') })).toEqual([
      'a.yaml:4:23 conversations[0].turns[0].blob.data: not canonical base64: ' +
        'its last character has bits that decode to nothing',
    ]);
    expect(await messagesOf({ 'a.yaml': blob('"aGVs=bG8"') })).toEqual([
      'a.yaml:4:23 conversations[0].turns[0].blob.data: not base64: "=" is only padding at the end',
    ]);
    expect(await messagesOf({ 'a.yaml': blob('aGVsbG8=') })).toEqual([]);
    const image =
      'conversations:\n  - name: a\n    turns:\n      - image: { data: "iVBORw0KGgo", mimeType: image/png }\n';
    expect(await messagesOf({ 'i.yaml': image })).toEqual([
      'i.yaml:4:24 conversations[0].turns[0].image.data: not base64: its length 11 is not a multiple of 4',
    ]);
  });

  it('an empty user: is an error at its value', async () => {
    expect(await messagesOf({ 'a.yaml': 'conversations:\n  - name: x\n    turns:\n      - user: ""\n' })).toEqual([
      'a.yaml:4:15 conversations[0].turns[0].user: must not be empty',
    ]);
  });
});

describe('one pass reports every error of every file', () => {
  it('an unset ${env.X} does not hide the schema errors of the same file (nor echo at its place)', async () => {
    const text =
      'conversations:\n  - name: x\n    modality: ${env.NOPE}\n' + '    turns:\n      - user: hi\n        bogus: 1\n';
    expect(await messagesOf({ 'a.yaml': text })).toEqual([
      'a.yaml:3:15 conversations[0].modality: environment variable NOPE is not set',
      'a.yaml:6:9 conversations[0].turns[0]: unknown key "bogus" (expected one of: user, event, dtmf, blob, image, ' +
        'audio, toolResponses, variables, expect, timeoutMs, label, use, with)',
    ]);
  });

  it('schema errors do not hide duplicate names, nor make a reference to their conversations unknown', async () => {
    const files = {
      'a.yaml': `conversations:\n${conv('dup')}${conv('base')}`,
      'b.yaml': `conversations:\n${conv('dup')}${conv('dup')}  - name: broken\n    turnz: []\n`,
      'c.yaml': `conversations:\n${conv('after', '    history: { afterConversation: broken }\n')}`,
    };
    expect(await messagesOf(files)).toEqual([
      // "dup" in a.yaml and b.yaml is fine (ids are file#name); twice in b.yaml is not.
      'b.yaml:5:5 conversations[1].name: duplicate conversation name "dup" (first defined at b.yaml:2:5)',
      'b.yaml:9:5 conversations[2]: unknown key "turnz" (did you mean "turns"?)',
    ]);
  });

  it('a file with schema errors: its other parts are still checked and built, its references resolved', async () => {
    const files = {
      'a.yaml': `include: [frag.yaml]
conversations:
  - name: one
    turns: [{ usr: hi }]
  - name: two
    history: { afterConversation: oen }
    turns:
      - { user: hi, event: WELCOME }
      - { user: x, expect: [{ text: { matches: "/(/" } }] }
  - name: three
    turns: [{ use: gret }]
  - name: four
    turns: [{ user: hi, expect: [{ toolCall: { name: x, args: { a: { $regx: 1 } } } }] }]
`,
      'frag.yaml': 'steps:\n  greet: [{ event: WELCOME, expect: [{ text: { contians: x } }] }]\n',
    };
    expect(await messagesOf(files)).toEqual([
      'a.yaml:4:15 conversations[0].turns[0]: unknown key "usr" (did you mean "user"?)',
      'a.yaml:6:35 conversations[1].history.afterConversation: no conversation named "oen" in the suite',
      'a.yaml:8:21 conversations[1].turns[0]: a turn has exactly one input: found user and event',
      'a.yaml:9:48 conversations[1].turns[1].expect[0].text.matches: invalid regular expression /(/: ' +
        'Unterminated group',
      'a.yaml:11:20 conversations[2].turns[0].use: no step named "gret"; did you mean "greet"?',
      'a.yaml:13:70 conversations[3].turns[0].expect[0].toolCall.args.a: unknown operator "$regx" ' +
        '(did you mean "$regex"?)',
      'frag.yaml:2:48 steps.greet[0].expect[0].text: unknown key "contians" (did you mean "contains"?)',
    ]);
  });

  it('a use of a step whose fragment has errors or could not be read is no second, unknown-step error', async () => {
    const main = (frag: string) => `include: [${frag}]\nconversations:\n  - name: x\n    turns: [{ use: greet }]\n`;
    const step = (expect: string) => `steps:\n  greet: [{ event: WELCOME, expect: [${expect}] }]\n`;
    expect(await messagesOf({ 'a.yaml': main('f.yaml'), 'f.yaml': step('{ text: { contians: x } }') })).toEqual([
      'f.yaml:2:48 steps.greet[0].expect[0].text: unknown key "contians" (did you mean "contains"?)',
    ]);
    const unset = step('{ text: { contains: "${env.GREETING}" } }');
    expect(await messagesOf({ 'a.yaml': main('f.yaml'), 'f.yaml': unset })).toEqual([
      'f.yaml:2:58 steps.greet[0].expect[0].text.contains: environment variable GREETING is not set',
    ]);
    expect(await messagesOf({ 'a.yaml': main('missing.yaml') })).toEqual([
      'a.yaml:1:11 include[0]: file "missing.yaml" not found (looked for missing.yaml)',
    ]);
  });

  it("a fragment's conversation with errors still counts by its name, and its reference is checked", async () => {
    const files = {
      'a.yaml': `include: [f.yaml]\nconversations:\n${conv('after', '    history: { afterConversation: base }\n')}`,
      'f.yaml': 'conversations:\n  - name: base\n    history: { afterConversation: nope }\n    turnz: []\n',
    };
    expect(await messagesOf(files)).toEqual([
      'f.yaml:3:35 conversations[0].history.afterConversation: no conversation named "nope" in the suite',
      'f.yaml:4:5 conversations[0]: unknown key "turnz" (did you mean "turns"?)',
    ]);
  });

  it('an afterConversation naming conversations of two files is ambiguous', async () => {
    const files = {
      'a.yaml': `conversations:\n${conv('base')}`,
      'b.yaml': `conversations:\n${conv('base')}`,
      'c.yaml': `conversations:\n${conv('after', '    history: { afterConversation: base }\n')}`,
    };
    expect(await messagesOf(files)).toEqual([
      'c.yaml:5:35 conversations[0].history.afterConversation: "base" is ambiguous: conversations of that name ' +
        'are in a.yaml, b.yaml (rename one)',
    ]);
  });
});

describe('afterConversation cycles are errors at the reference', () => {
  const after = (name: string) => `    history: { afterConversation: ${name} }\n`;

  it('two conversations that run after each other: one error, naming the cycle', async () => {
    const files = {
      'a.yaml': `conversations:\n${conv('a', after('b'))}`,
      'b.yaml': `conversations:\n${conv('b', after('c'))}${conv('c', after('a'))}${conv('d', after('c'))}`,
    };
    expect(await messagesOf(files)).toEqual([
      'a.yaml:5:35 conversations[0].history.afterConversation: afterConversation cycle: a -> b -> c -> a',
    ]);
  });

  it('a conversation that runs after itself', async () => {
    expect(await messagesOf({ 's.yaml': `conversations:\n${conv('s', after('s'))}` })).toEqual([
      's.yaml:5:35 conversations[0].history.afterConversation: conversation "s" would run after itself',
    ]);
  });

  it('a default afterConversation that names a conversation the default applies to, at the default', async () => {
    const files = {
      'a.yaml':
        'include: [f.yaml]\n' +
        `conversations:\n${conv('setup')}${conv('next')}  - name: own\n    history: [{ user: hi }]\n` +
        '    turns: [{ user: hi }]\n',
      'f.yaml': `defaults:\n${after('setup').replace('    ', '  ')}`,
    };
    expect(await messagesOf(files)).toEqual([
      'f.yaml:2:33 defaults.history.afterConversation: conversation "setup" would run after itself ' +
        '(this default history applies to "setup" too: give it a history of its own)',
    ]);
  });
});

describe('afterConversation cycles in cxas-scrapi turn evals', () => {
  it('a config test_name that names one of the tests is an error at the config', async () => {
    const text =
      'config:\n  historical_contexts: { test_name: first }\ntests:\n' +
      '  - name: first\n    user: hi\n  - name: second\n    user: hi\n';
    expect(await messagesOf({ 'evals.yaml': text })).toEqual([
      'evals.yaml:2:37 config.historical_contexts.test_name: conversation "first" would run after itself ' +
        '(this default history applies to "first" too: give it a history of its own)',
    ]);
  });
});

describe('cxas-eval validate', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  it('reports the config errors and the errors of the spec files named on the command line together', async () => {
    const cwd = writeTree({ 'cxas-eval.config.yaml': 'concurrency: many\n', 'a.yaml': '{}\n' });
    const err: string[] = [];
    vi.spyOn(process, 'cwd').mockReturnValue(cwd);
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    await buildProgram().parseAsync(['node', 'cxas-eval', 'validate', 'a.yaml']);
    expect(process.exitCode).toBe(2);
    expect(err.join('').split('\n').filter(Boolean)).toEqual([
      'cxas-eval.config.yaml:1:14 concurrency: expected a whole number, got a string',
      'a.yaml:1:1: the file has no conversations or toolTests: nothing would run',
      '2 errors in 2 files',
    ]);
  });
});

describe('user text in a message stays one line, and text', () => {
  // Line breaks, terminal escapes (ESC and the C1 CSI 0x9b), the Unicode line separator and a
  // bidirectional override, as a key, a name, a step name and a file name may hold them.
  // eslint-disable-next-line no-control-regex
  const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

  it('quotes keys, names and step names escaped, and escapes what else reaches the message', async () => {
    const messages = await messagesOf({
      'a.yaml':
        'conversations:\n  - name: a\n    "tur\\nns\\u001b[31mRED": 1\n    turns: [{user: hi}]\n' +
        '  - name: "b\\nc"\n    turns: [{user: hi}]\n  - name: "b\\nc"\n    turns: [{user: hi}]\n',
      'b.yaml': 'conversations:\n  - name: d\n    turns: [{use: "q\\u009bz\\u2028"}]\n',
      'in\nname\u001b[2J.yaml': 'conversations:\n  - name: e\n    turns: [{user: hi}]\n    bad\u202e: 1\n',
    });
    expect(messages).toEqual([
      'a.yaml:3:5 conversations[0]: unknown key "tur\\nns\\u001b[31mRED" (expected one of: ' +
        'name, each, tags, repeat, passRate, golden, timeoutMs, history, variables, useToolFakes, deploymentId, ' +
        'entryAgent, timeZone, modality, match, pacing, toolFakes, skip, turns, simulation, expect)',
      'a.yaml:7:5 conversations[2].name: duplicate conversation name "b\\nc" (first defined at a.yaml:5:5)',
      expect.stringMatching(/^b\.yaml:3:\d+ conversations\[0\]\.turns\[0\]\.use: no step named "q\\u009bz\\u2028"/),
      expect.stringMatching(/^in\\nname\\u001b\[2J\.yaml:4:5 conversations\[0\]: unknown key "bad\\u202e"/),
    ]);
    for (const m of messages) expect(m).not.toMatch(CONTROL);
  });
});

describe('loadSpecs called with paths that are not a list of paths (from JavaScript)', () => {
  const tree = { 'specs/a.yaml': `conversations:\n${conv('x')}` };
  it.each([
    ['a string', 'specs', 'loadSpecs():1:1 paths: expected a list of spec files or folders, got a string ("specs")'],
    ['null', null, 'loadSpecs():1:1 paths: expected a list of spec files or folders, got null'],
    ['a number in the list', ['specs', 5], 'loadSpecs():1:1 paths[1]: expected a string, got a number'],
    ['an empty path', [''], 'loadSpecs():1:1 paths[0]: must not be empty'],
  ])('%s: one error naming the argument, nothing loaded, never a rejection', async (_, paths, message) => {
    const loaded = await loadTree(tree, paths as string[]);
    expect(loaded.errors.map((e) => [e.code, e.message])).toEqual([['WRONG_TYPE', message]]);
    expect(loaded.files).toEqual([]);
  });
});
