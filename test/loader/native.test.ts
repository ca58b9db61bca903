// The native format mapped to the typed model: defaults, includes, anchors, every input kind.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecs } from '../../src/runner/load/index.js';
import { loadTree } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURE = 'test/fixtures/specs/native/full.yaml';

describe('native spec files', async () => {
  const { files, errors } = await loadSpecs([FIXTURE], { cwd: ROOT });
  const [everything, byId, shared] = files[0]!.conversations;

  it('loads without errors, fragment conversations last', () => {
    expect(errors).toEqual([]);
    expect(files[0]!.conversations.map((c) => c.id)).toEqual([
      `${FIXTURE}#everything`,
      `${FIXTURE}#history by id`,
      `${FIXTURE}#shared login`,
    ]);
    expect(files[0]!.app).toBe('projects/p/locations/us/apps/a');
  });

  it('merges fragment defaults, file defaults and the conversation', () => {
    // README: the file's defaults first, then the fragment's, then the conversation's own.
    expect(everything!.tags).toEqual(['suite', 'shared', 'p0']);
    expect(everything!.variables).toEqual({ channel: 'web', customer: { tier: 'gold', region: 'eu' } });
    expect(everything!.useToolFakes).toBe(true);
    expect(shared!.loc).toEqual({ file: 'test/fixtures/specs/native/shared/auth.yaml', line: 6, col: 5 });
    expect(shared!.file).toBe(FIXTURE);
  });

  it('applies merge keys and maps settings', () => {
    expect(everything).toMatchObject({
      repeat: 3,
      passRate: 0.5,
      timeoutMs: 5000,
      modality: 'audio',
      pacing: 'fast',
      timeZone: 'Europe/Paris',
      deploymentId: 'prod',
      entryAgent: 'billing_agent',
      entryAgentLoc: { file: FIXTURE, line: 25, col: 17 },
      format: 'native',
      app: 'projects/p/locations/us/apps/a',
      loc: { file: FIXTURE, line: 17, col: 5 },
    });
    expect(byId).toMatchObject({
      repeat: 1,
      modality: 'text',
      skip: 'not today',
      history: { conversation: 'abc', turns: 2 },
    });
  });

  it('maps history shorthands, model as agent', () => {
    expect(everything!.history).toEqual({
      entries: [{ user: 'Hi' }, { agent: 'Hello', name: 'root_agent' }, { role: 'user', chunks: [{ text: 'raw' }] }],
    });
  });

  it('puts the conversation tool fakes before the default ones', () => {
    expect(everything!.toolFakes.map(({ loc, ...f }) => [f, loc?.line])).toEqual([
      [
        {
          tool: 'open_ticket',
          whenArgs: { priority: { $oneOf: ['high', 'urgent'] } },
          sequence: [{ respond: { ticket_id: 'T-1' } }, { error: 'quota' }],
        },
        33,
      ],
      [{ tool: 'open_ticket', respond: { ticket_id: 'T-0' } }, 9],
    ]);
  });

  it('maps every input kind and resolves files against the spec file', () => {
    const dir = 'test/fixtures/specs/native';
    expect(everything!.turns.map((t) => t.input)).toEqual([
      { kind: 'event', event: 'WELCOME' },
      { kind: 'text', text: 'balance' },
      { kind: 'dtmf', digits: '1234#' },
      { kind: 'blob', file: `${dir}/fixtures/receipt.pdf`, mimeType: 'application/pdf' },
      { kind: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' },
      { kind: 'audio', say: 'hello there' },
      { kind: 'variables', variables: { pin: '1234' } },
      {
        kind: 'toolResponses',
        // Where the tool was written: validate checks it against the app's tools.
        responses: [
          {
            id: 'c1',
            tool: 'open_ticket',
            response: { ok: true },
            loc: expect.objectContaining({ line: 51, col: 41 }),
          },
        ],
      },
    ]);
    expect(everything!.turns[0]).toMatchObject({
      variables: { caller_id: '+1' },
      label: 'greeting',
      loc: { line: 37, col: 9 },
    });
    expect(everything!.turns[1]!.timeoutMs).toBe(100);
  });

  it('maps expectations with not, positions and resolved custom modules', () => {
    expect(everything!.turns[1]!.expect).toEqual([
      { matcher: 'text', options: { contains: 'Welcome' }, negated: false, loc: { file: FIXTURE, line: 43, col: 13 } },
      { matcher: 'toolCall', options: { name: 'escalate' }, negated: true, loc: { file: FIXTURE, line: 44, col: 13 } },
      {
        matcher: 'custom',
        options: { module: 'test/fixtures/specs/native/fixtures/polite.mjs', options: { strict: true } },
        negated: false,
        loc: { file: FIXTURE, line: 45, col: 13 },
      },
    ]);
    expect(everything!.expect).toMatchObject([
      { matcher: 'toolSequence', options: { tools: ['a', 'b'], mode: 'exact' } },
    ]);
  });

  it('does not load an included fragment again on its own when its folder is loaded', async () => {
    const again = await loadSpecs(['test/fixtures/specs/native'], { cwd: ROOT });
    expect(again.errors).toEqual([]);
    expect(again.files.map((f) => f.file)).toEqual([FIXTURE]);
  });
});

describe('tags and tool fakes from defaults and fragments', () => {
  // README: the file's defaults first, then its fragments' (as its tool fakes); the conversation's
  // own tags last, its own tool fakes first.
  it('follow one order: the file, then its fragments', async () => {
    const defaults = (tag: string) =>
      `defaults:\n  tags: [${tag}]\n  toolFakes: [{ tool: t, respond: { from: ${tag} } }]\n`;
    const { files, errors } = await loadTree({
      'main.yaml':
        `include: [a.yaml, b.yaml]\n${defaults('main')}` +
        'conversations:\n  - name: c\n    tags: [conv]\n    toolFakes: [{ tool: t, respond: { from: conv } }]\n' +
        '    turns: [{ user: hi }]\n',
      'a.yaml': `include: [c.yaml]\n${defaults('a')}`,
      'b.yaml': defaults('b'),
      'c.yaml': defaults('c'),
    });
    expect(errors).toEqual([]);
    const [c] = files[0]!.conversations;
    expect(c!.tags).toEqual(['main', 'b', 'a', 'c', 'conv']);
    expect(c!.toolFakes.map((f) => f.respond?.['from'])).toEqual(['conv', 'main', 'b', 'a', 'c']);
  });
});

describe('discovery', () => {
  it('skips emulator apps and goldens/, reads .yml, reports missing paths', async () => {
    const conv = (name: string) => `conversations:\n  - name: ${name}\n    turns: [{ user: hi }]\n`;
    const { files, errors } = await loadTree(
      {
        'specs/a.yaml': conv('a'),
        'specs/deep/b.yml': conv('b'),
        'specs/app.yaml': 'agents: {}\n',
        'specs/goldens/x.yaml': 'turns: []\n',
      },
      ['specs', 'nope'],
    );
    expect(files.map((f) => f.file)).toEqual(['specs/a.yaml', 'specs/deep/b.yml']);
    expect(errors.map((e) => e.message)).toEqual(['nope:1:1: no such file or directory']);
  });

  it('reports an include cycle and a missing include at the include item', async () => {
    const { errors } = await loadTree({ 'a.yaml': 'include: [b.yaml, gone.yaml]\n', 'b.yaml': 'include: [a.yaml]\n' }, [
      'a.yaml',
    ]);
    expect(errors.map((e) => e.message)).toEqual([
      'a.yaml:1:19 include[1]: file "gone.yaml" not found (looked for gone.yaml)',
      'b.yaml:1:11 include[0]: include cycle: a.yaml -> b.yaml -> a.yaml',
    ]);
  });
});

describe('positions through anchors, merge keys and fragments', () => {
  it('points into the anchor for a mistake reached through <<', async () => {
    const text = 'x-turn: &t { usr: hi }\nconversations:\n  - name: a\n    turns:\n      - <<: *t\n';
    const { errors } = await loadTree({ 'a.yaml': text });
    expect(errors.map((e) => e.message)).toEqual([
      'a.yaml:1:14 conversations[0].turns[0]: unknown key "usr" (did you mean "user"?)',
    ]);
  });

  it('reports an unset variable inside an included fragment at its scalar', async () => {
    const { errors } = await loadTree(
      {
        'a.yaml': 'include: [frag.yaml]\nconversations:\n  - name: a\n    turns: [{ user: hi }]\n',
        'frag.yaml': 'defaults:\n  deploymentId: "${env.DEPLOY}"\n',
      },
      ['a.yaml'],
    );
    expect(errors.map((e) => e.message)).toEqual([
      'frag.yaml:2:17 defaults.deploymentId: environment variable DEPLOY is not set',
    ]);
  });

  it('keeps variables next to an input as the turn variables', async () => {
    const { files, errors } = await loadTree({
      'a.yaml': 'conversations:\n  - name: a\n    turns: [{ user: hi, variables: { x: 1 } }]\n',
    });
    expect(errors).toEqual([]);
    expect(files[0]!.conversations[0]!.turns[0]).toMatchObject({
      input: { kind: 'text', text: 'hi' },
      variables: { x: 1 },
    });
  });
});

describe('history under defaults', () => {
  it("replaces the defaults' history as a whole: no key of it is kept", async () => {
    const { files, errors } = await loadTree(
      {
        'a.yaml':
          'include: [f.yaml]\n' +
          'defaults:\n  history: { conversation: from-defaults, turns: 2 }\n' +
          'conversations:\n' +
          '  - name: setup\n    history: [{ user: hi }]\n    turns: [{ user: hi }]\n' +
          '  - name: follow-up\n    history: { afterConversation: setup }\n    turns: [{ user: hi }]\n' +
          '  - name: other\n    history: { conversation: own }\n    turns: [{ user: hi }]\n' +
          '  - name: plain\n    turns: [{ user: hi }]\n',
        'f.yaml': 'defaults:\n  history: { afterConversation: setup }\n',
      },
      ['a.yaml'],
    );
    expect(errors).toEqual([]);
    expect(files[0]!.conversations.map((c) => [c.name, c.history])).toEqual([
      ['setup', { entries: [{ user: 'hi' }] }],
      ['follow-up', { afterConversation: 'setup' }],
      ['other', { conversation: 'own' }],
      ['plain', { conversation: 'from-defaults', turns: 2 }],
    ]);
  });
});

describe('fragments', () => {
  it('refuses an app in a fragment rather than ignoring it', async () => {
    const { errors } = await loadTree(
      { 'a.yaml': 'include: [f.yaml]\n', 'f.yaml': 'app: projects/p/locations/l/apps/x\n' },
      ['a.yaml'],
    );
    expect(errors.map((e) => e.message)).toEqual([
      'f.yaml:1:1 app: app in an included fragment would be ignored; set it in a.yaml',
    ]);
  });

  it("runs a fragment's toolTests as the including file's, after its own, where they were written", async () => {
    const tool = (name: string) =>
      `  - name: ${name}\n    tool: lookup\n    expect:\n` +
      '      response: [{ path: "$.ok", operator: equals, value: true }]\n';
    const { files, errors } = await loadTree(
      {
        'a.yaml': `include: [shared/f.yaml]\ntoolTests:\n${tool('own')}`,
        'shared/f.yaml': `include: [g.yaml]\ntoolTests:\n${tool('shared')}`,
        'shared/g.yaml': `toolTests:\n${tool('nested')}`,
        'b.yaml': `include: [shared/g.yaml]\nconversations:\n  - name: x\n    turns: [{ user: hi }]\n`,
      },
      ['a.yaml', 'b.yaml'],
    );
    expect(errors.map((e) => e.message)).toEqual([
      'b.yaml:1:11 include[0]: shared/g.yaml holds tool tests and is already included by a.yaml; ' +
        'a fragment with tool tests belongs to one spec file (share defaults instead)',
    ]);
    expect(files[0]!.toolTests!.map((t) => [t.id, t.file, `${t.loc!.file}:${t.loc!.line}`])).toEqual([
      ['a.yaml#own', 'a.yaml', 'a.yaml:3'],
      ['a.yaml#shared', 'a.yaml', 'shared/f.yaml:3'],
      ['a.yaml#nested', 'a.yaml', 'shared/g.yaml:2'],
    ]);
  });

  it("reports a tool test name of a fragment that the including file uses too, at the fragment's", async () => {
    const tool = (name: string, path = '$.ok') =>
      `  - name: ${name}\n    tool: lookup\n    expect:\n` +
      `      response: [{ path: "${path}", operator: equals, value: true }]\n`;
    const { errors } = await loadTree(
      { 'a.yaml': `include: [f.yaml]\ntoolTests:\n${tool('same')}`, 'f.yaml': `toolTests:\n${tool('same', '$.a b')}` },
      ['a.yaml'],
    );
    expect(errors.map((e) => e.message)).toEqual([
      'f.yaml:2:11 toolTests[0].name: tool test name "same" is already used at a.yaml:3:5',
      'f.yaml:5:26 toolTests[0].expect.response[0].path: JSONPath "$.a b": cannot read " b" ' +
        "(supported: .key, ['key'], [n], [*])",
    ]);
  });

  it('reports a duplicate name within one file', async () => {
    const { errors } = await loadTree({
      'a.yaml': 'conversations:\n  - name: x\n    turns: [{ user: hi }]\n  - name: x\n    turns: [{ user: hi }]\n',
    });
    expect(errors.map((e) => e.message)).toEqual([
      'a.yaml:4:5 conversations[1].name: duplicate conversation name "x" (first defined at a.yaml:2:5)',
    ]);
  });
});
