// The six meanings issue 19 found lost on the way from cxas-scrapi files; each test failed before.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import type { ConversationSpec } from '../../src/model/spec.js';
import { sameMeaningPrompt } from '../../src/model/same-meaning.js';
import { loadTree, writeTree } from '../loader/helpers.js';

async function conversations(text: string): Promise<ConversationSpec[]> {
  const { files, errors } = await loadTree({ 'evals/x.yaml': text });
  expect(errors.map((e) => e.message)).toEqual([]);
  return files.flatMap((f) => f.conversations);
}

const expectations = (c: ConversationSpec, turn: number) =>
  c.turns[turn]!.expect.map((e) => ({ [e.matcher]: e.options }));

const TEMPLATE_GOLDEN = `conversations:
  - conversation: escalation_customer_request
    session_parameters: {}
    turns:
      - user: "<event>welcome</event>"
        agent: "Hi, I am your virtual assistant. How can I help you today?"
      - user: "I want to speak to a real person."
        agent: "Of course, I can connect you with someone who can help."
        tool_calls:
          - action: set_session_state
            args:
              _action_trigger: "escalate"
              _escalation_reason:
                $matchType: "semantic"
                $matchValue: "Customer requested to speak with a human agent"
                $originalValue: ""
              _escalation_topic:
                $matchType: "ignore"
                $matchValue: ""
                $originalValue: ""
          - action: log_escalation
`;

describe('meanings kept from cxas-scrapi files', () => {
  it('1. <event>NAME</event> as the whole user text is an event, in goldens and turn evals', async () => {
    const [golden] = await conversations(TEMPLATE_GOLDEN);
    expect(golden!.turns[0]!.input).toEqual({ kind: 'event', event: 'welcome' });
    const [turnEval] = await conversations('tests:\n  - name: t\n    user: " <event>WELCOME</event> "\n');
    expect(turnEval!.turns.map((t) => t.input)).toEqual([{ kind: 'event', event: 'WELCOME' }]);
    const [text] = await conversations('tests:\n  - name: t\n    user: "say <event>x</event> please"\n');
    expect(text!.turns[0]!.input).toEqual({ kind: 'text', text: 'say <event>x</event> please' });
  });

  it('2. $matchType semantic with $matchValue keeps the expected meaning in the judge prompt', async () => {
    const [golden] = await conversations(TEMPLATE_GOLDEN);
    const judges = golden!.turns[1]!.expect.filter((e) => e.matcher === 'judge').map((e) => e.options);
    expect(judges).toEqual([
      { prompt: sameMeaningPrompt('Of course, I can connect you with someone who can help.') },
      {
        prompt:
          'Tool set_session_state was called with argument _escalation_reason whose value means: ' +
          '"Customer requested to speak with a human agent"',
      },
    ]);
    const call = golden!.turns[1]!.expect.find((e) => e.matcher === 'toolCall')!;
    expect(call.options).toEqual({
      name: 'set_session_state',
      args: { _action_trigger: 'escalate', _escalation_reason: { $any: true }, _escalation_topic: { $any: true } },
    });
  });

  it("3. tool_output keyed by tool name checks that tool's response, not any tool's", async () => {
    const text =
      'tests:\n  - name: t\n    user: cupcakes\n    expectations:\n' +
      '      - { type: tool_output, value: { search_products: {}, get_price: { currency: USD } } }\n' +
      '      - { type: tool_input, value: { query: cupcake decorations } }\n';
    const [c] = await conversations(text);
    expect(expectations(c!, 0)).toEqual([
      { toolCall: { name: 'search_products', response: {} } },
      { toolCall: { name: 'get_price', response: { currency: 'USD' } } },
      { toolCall: { anyTool: true, args: { query: 'cupcake decorations' } } },
    ]);
  });

  it("4. the order of a golden turn's tool calls is kept as toolSequence inOrder", async () => {
    const [golden] = await conversations(TEMPLATE_GOLDEN);
    expect(expectations(golden!, 1).filter((e) => 'toolSequence' in e)).toEqual([
      { toolSequence: { tools: ['set_session_state', 'log_escalation'], mode: 'inOrder' } },
    ]);
  });

  it('6. the golden export form (displayName, golden.turns with steps) loads', async () => {
    const exported = [
      'displayName: Basic Product Search Simplified',
      'golden:',
      '  turns:',
      '  - steps:',
      '    - userInput:',
      '        event:',
      '          event: WelcomeEvent',
      '  - steps:',
      '    - userInput:',
      '        text: balloons',
      '  evaluationExpectations:',
      '    - displayName: Simple tool expectation 1',
      '      llmCriteria:',
      '        prompt: Did the agent call get_themes and filter_themes tool sequentially?',
    ].join('\n');
    const [c] = await conversations(exported);
    expect(c!.name).toBe('Basic Product Search Simplified');
    expect(c!.turns.map((t) => t.input)).toEqual([
      { kind: 'event', event: 'WelcomeEvent' },
      { kind: 'text', text: 'balloons' },
    ]);
    expect(c!.expect.map((e) => e.options)).toEqual([
      { prompt: 'Did the agent call get_themes and filter_themes tool sequentially?' },
    ]);
  });

  it("5. convert keeps the author's comments on the entries they describe and says what it wrote", async () => {
    const source = [
      '# Escalation goldens: the callback makes them deterministic.',
      'conversations:',
      '  # The customer asks for a person.',
      '  - conversation: escalation',
      '    turns:',
      '      # The first turn starts the session.',
      '      - user: "<event>welcome</event>"',
      '        agent: Hi, how can I help?  # the greeting',
      '      - user: I want a real person',
      '        tool_calls:',
      '          # The trigger for the callback.',
      '          - action: set_session_state',
      '    expectations:',
      '      # Judged over the whole conversation.',
      '      - The agent acknowledges the request',
    ].join('\n');
    const cwd = writeTree({ 'evals/g.yaml': source });
    const out: string[] = [];
    vi.spyOn(process, 'cwd').mockReturnValue(cwd);
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    await buildProgram().parseAsync(['node', 'cxas-eval', 'convert', 'evals/g.yaml', '-o', 'specs/g.yaml']);
    vi.restoreAllMocks();
    expect(out.join('')).toBe('wrote specs/g.yaml: 1 conversation from evals/g.yaml\n');
    const written = readFileSync(path.join(cwd, 'specs/g.yaml'), 'utf8');
    expect(written).toContain('# Converted by cxas-eval from evals/g.yaml (scrapi-golden)');
    expect(written).toContain('# Escalation goldens: the callback makes them deterministic.\n');
    expect(written).toContain('  # The customer asks for a person.\n');
    expect(written).toMatch(/# The customer asks for a person\.\n( {2}#.*\n)* {2}- name: escalation\n/);
    expect(written).toContain('      # The first turn starts the session.\n      - event: welcome\n');
    expect(written).toContain('          # the greeting\n          - judge:\n');
    expect(written).toContain('          # The trigger for the callback.\n          - toolCall:\n');
    expect(written).toContain('      # Judged over the whole conversation.\n      - judge:\n');
  });
});
