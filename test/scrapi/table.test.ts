// docs/scrapi-compatibility.md against the fixtures: every carried row is exercised by a fixture in
// its format (the round trip in src/runner/scrapi/scrapi.test.ts then checks what each became), and
// what the new fixture conversations became.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecs } from '../../src/runner/load/index.js';
import { ROOT } from '../helpers/cli.js';
import { messagesOf } from '../loader/helpers.js';
import { sameMeaningPrompt } from '../../src/model/same-meaning.js';

const DIR = path.join(ROOT, 'test/fixtures/specs/scrapi');
const read = (name: string) => readFileSync(path.join(DIR, name), 'utf8');
const FIXTURES: Record<string, string[]> = {
  'Turn evals': ['turn_evals.yaml', 'turn_evals_conversations.yaml'],
  'Golden datasets': ['goldens.yaml'],
  'Golden export form': ['golden_export.yaml', 'golden_export_more.yaml'],
  'Simulation evals': ['simulations.yaml'],
};

/** Tokens whose YAML spelling is not simply `key:`. */
const SPELLED: Record<string, RegExp> = {
  'user: "<event>NAME</event>"': /user: "<event>\w+<\/event>"/,
  'historical_contexts: "<id>"': /historical_contexts: [\w/-]+\n/,
  'historical_contexts: [...]': /historical_contexts:\n\s+- /,
  'historical_contexts: {test_name}': /test_name:/,
  '{lookup_order: {...}}': /value: \{ \w+: \{/,
  '{order_id: "42"}': /value: \{ \w+: [^{]/,
  null: /agent: .*null/,
  'expectation.skipEvaluation: true': /skipEvaluation: true/,
  '{session_id}': /session_id:/,
  '{utterances}': /utterances:/,
  '{test_name}': /test_name:/,
  'user: null': /user: null/,
  'agent: "# silent"': /agent: "# silent"/,
  'action: transfer_to_agent': /action: transfer_to_agent/,
  'args.agent': /args: \{ agent:/,
  '*Override': /\w+Override:/,
  '{prompt}': /- prompt:/,
  '{llmCriteria: {prompt}}': /llmCriteria: \{ prompt:/,
};

function rowsOf(section: string): Array<{ cell: string; status: string }> {
  const doc = readFileSync(path.join(ROOT, 'docs/scrapi-compatibility.md'), 'utf8');
  const body = doc.split(/^### /m).find((s) => s.startsWith(section))!;
  return body
    .split('\n')
    .filter((l) => l.startsWith('| `') || l.startsWith('| step') || l.startsWith('| turn') || l.startsWith('| typed'))
    .map((l) => l.split(' | '))
    .map(([cell, , status]) => ({ cell: cell!.slice(2), status: status!.replace(/ \|$/, '') }));
}

function patternOf(token: string): RegExp {
  if (SPELLED[token]) return SPELLED[token];
  const typed = /^type: (\w+)$/.exec(token) ?? /^\$matchType: (\w+)$/.exec(token);
  if (typed) return new RegExp(`(type|\\$matchType): ${typed[1]}\\b`);
  const key = token.split(/[ .]/).filter(Boolean).pop()!.replace(/^\$/, '\\$');
  return new RegExp(`(^|[\\s{,])${key}:`, 'm');
}

describe('the compatibility table', () => {
  it.each(Object.keys(FIXTURES))('every carried row of "%s" is exercised by a fixture of that format', (section) => {
    const rows = rowsOf(section);
    expect(rows.length).toBeGreaterThan(10);
    const text = FIXTURES[section]!.map(read).join('\n');
    const missing = rows
      .filter((r) => !r.status.startsWith('error'))
      .flatMap((r) => [...r.cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!).filter((t) => !/^(other|unknown)/.test(t)))
      .filter((token) => !patternOf(token).test(text));
    expect(missing).toEqual([]);
  });
});

describe('fixture conversations', () => {
  const load = async (name: string) => {
    const { files, errors } = await loadSpecs([path.join(DIR, name)], { cwd: ROOT });
    expect(errors).toEqual([]);
    return files[0]!.conversations;
  };
  const exp = (es: Array<{ matcher: string; options: unknown }>) => es.map((e) => ({ [e.matcher]: e.options }));

  it('turn evals with conversations:', async () => {
    const [welcome, keyed, steps] = await load('turn_evals_conversations.yaml');
    expect(welcome!.turns[0]!.input).toEqual({ kind: 'event', event: 'WELCOME' });
    expect(exp(keyed!.turns[0]!.expect)).toEqual([
      { toolCall: { name: 'lookup_account', args: { account_id: 'ACC-1001' } } },
      { toolCall: { name: 'lookup_account', response: { balance: 42.5 } } },
      { toolCall: { anyTool: true, response: { balance: 42.5 } } },
    ]);
    expect(steps!.history).toEqual({ conversation: 's-1', turns: 2 });
    expect(steps!.turns.map((t) => [t.label, t.variables])).toEqual([
      ['1', { channel: 'web' }],
      ['2', undefined],
    ]);
    expect(exp(steps!.turns[1]!.expect)).toEqual([{ text: { equals: '7' } }]);
    expect(exp(steps!.expect)).toEqual([{ noToolCalls: true }]);
  });

  it('goldens: events, agent lists, arguments, every $matchType, order, transfers', async () => {
    const [, every] = await load('goldens.yaml');
    expect(every!.tags).toEqual(['orders', 'P1']);
    expect(every!.turns.map((t) => t.input)).toEqual([
      { kind: 'event', event: 'WELCOME' },
      { kind: 'event', event: 'REFRESH' },
      { kind: 'event', event: 'RESUME' },
      { kind: 'text', text: 'look up order 42' },
    ]);
    expect(exp(every!.turns[0]!.expect)).toEqual([{ judge: { prompt: sameMeaningPrompt('Welcome!') } }]);
    expect(exp(every!.turns[3]!.expect)).toEqual([
      {
        toolCall: {
          name: 'lookup_order',
          args: { id: '42', note: { $contains: 'gift' }, code: { $regex: '^[A-Z]{3}$' }, channel: { $any: true } },
          response: { status: { $any: true } },
        },
      },
      { judge: { prompt: 'Tool lookup_order returned status whose value means: "the order has shipped"' } },
      { toolCall: { name: 'log_lookup', args: {} } },
      { transfer: { to: 'shipping_agent', match: 'suffix' } },
      { toolSequence: { tools: ['lookup_order', 'log_lookup'], mode: 'inOrder' } },
    ]);
  });

  it('export form: every input kind, toolset tools, a lone response, variables at the end', async () => {
    const [c] = await load('golden_export_more.yaml');
    expect(c!.turns.map((t) => t.input)).toEqual([
      { kind: 'text', text: 'open a ticket' },
      { kind: 'toolResponses', responses: [{ id: 't1', tool: 'open_ticket', response: { ticket_id: 'T-9' } }] },
      { kind: 'blob', data: 'JVBERi0=', mimeType: 'application/pdf' },
      { kind: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' },
      { kind: 'event', event: 'RESUME' },
      { kind: 'variables', variables: { done: true } },
    ]);
    expect(exp(c!.turns[0]!.expect)).toEqual([{ toolCall: { name: 'open_ticket', args: { priority: 'high' } } }]);
    expect(exp(c!.turns[1]!.expect)).toEqual([
      { toolCall: { name: 'lookup_account', args: {}, response: { status: 'ok' } } },
    ]);
    expect(exp(c!.expect)).toEqual([{ judge: { prompt: 'The agent confirms the ticket number' } }]);
  });
});

describe('rows marked error', () => {
  it.each([
    [
      'other config keys',
      'tests:\n  - name: a\n    user: hi\n    config: { audio_config: {} }\n',
      't.yaml:4:15 tests[0].config: unknown key "audio_config" (expected one of: modality, use_tool_fakes, ' +
        'deployment_id, variables, turn_count, historical_contexts, gemini_model) ' +
        '[read as cxas-scrapi turn evals, recognised by "tests" at 1:1]',
    ],
    [
      'per-step config keys',
      'tests:\n  - name: a\n    turns:\n      - turn: 1\n        user: hi\n        config: { use_tool_fakes: true }\n',
      't.yaml:6:19 tests[0].turns[0].config: ' +
        "per-turn config.use_tool_fakes is not supported; set it in the test's config",
    ],
    [
      'a transfer step',
      'displayName: x\ngolden:\n  turns:\n    - steps:\n        - agentTransfer: { targetAgent: a }\n',
      't.yaml:5:11 golden.turns[0].steps[0].agentTransfer: ' +
        'a transfer step (moving the conversation to another agent) is not supported; ' +
        'start the conversation at that agent with entryAgent',
    ],
    [
      'an unknown $matchType',
      'conversations:\n  - conversation: a\n    turns:\n      - user: hi\n        tool_calls:\n' +
        '          - action: t\n            args: { a: { $matchType: fuzzy, value: x } }\n',
      't.yaml:7:38 conversations[0].turns[0].tool_calls[0].args.a.$matchType: ' +
        'unknown $matchType "fuzzy" (did you mean "semantic"?); the platform would compare it exactly',
    ],
  ])('%s', async (_row, text, message) => {
    expect(await messagesOf({ 't.yaml': text })).toEqual([message]);
  });
});
