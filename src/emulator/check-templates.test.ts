// Placeholders that can never resolve fail the app load at their file:line:col.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppDefinitionError, loadAppDefinition } from './load-app.js';

const dir = mkdtempSync(path.join(tmpdir(), 'emu-templates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function problems(name: string, text: string): Promise<string[]> {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  try {
    await loadAppDefinition(f);
    return [];
  } catch (err) {
    if (!(err instanceof AppDefinitionError)) throw err;
    return err.problems.map((p) => p.slice(f.length + 1));
  }
}

const APP = (route: string): string => `app: projects/p/locations/us/apps/a
rootAgent: root
variables: { account_id: A-1 }
tools:
  lookup: { response: { output: { balance: 1 } }, answers: [{ whenArgs: { id: X }, error: not found }] }
  fail: { error: { code: 503 } }
  ask: { client: true }
agents:
  root:
    routes:
${route}`;

describe('static placeholder checks', () => {
  it('accepts placeholders that can resolve', async () => {
    const route = `      - on: { default: true }
        do:
          - set: { tier: gold }
          - call:
              tool: lookup
              args: { id: "\${vars.account_id}", q: "\${input.text}" }
              onError: [{ say: "sorry: \${tool.lookup.error}" }]
          - call: { tool: ask, args: { t: "\${vars.tier}" } }
          - say: "\${tool.lookup.balance} \${tool.ask.anything} \${input.event} \${input.dtmf} \${tool.fail.error}"
`;
    expect(await problems('ok.yaml', APP(route))).toEqual([]);
  });

  it.each([
    [
      '${vars.acount_id}',
      'variable "acount_id" is not declared under variables: nor set by any route (known: account_id)',
    ],
    ['${input.txt}', 'inputs are text, dtmf, event'],
    ['${tools.lookup.balance}', 'a placeholder starts with vars., input. or tool.'],
    ['${tool.lookpu.balance}', 'tool "lookpu" is not defined (defined: lookup, fail, ask)'],
    ['${tool.lookup.balanse}', 'tool "lookup" never answers with "balanse" (its responses have: balance, error)'],
    ['${tool.fail.balance}', 'tool "fail" never answers with "balance" (its responses have: error)'],
  ])('rejects %s at its place', async (placeholder, why) => {
    const route = `      - on: { default: true }\n        say: "Your balance is ${placeholder}."\n`;
    expect(await problems('bad.yaml', APP(route))).toEqual([`12:14 agents.root.routes[0].say: ${placeholder}: ${why}`]);
  });

  it.each([
    ['${ vars.account_id }', 'write ${vars.account_id}, without spaces'],
    ['${vars. account_id}', 'write ${vars.account_id}, without spaces'],
    ['${}', 'a placeholder is ${vars.<name>}, ${input.<text|dtmf|event>} or ${tool.<name>.<field>}'],
    ['${vars.a/b}', 'a placeholder is ${vars.<name>}, ${input.<text|dtmf|event>} or ${tool.<name>.<field>}'],
  ])('rejects %s, which the renderer would leave as literal text', async (braced, hint) => {
    const route = `      - on: { default: true }\n        say: "Hello \${vars.account_id} ${braced}."\n`;
    expect(await problems('malformed.yaml', APP(route))).toEqual([
      `12:14 agents.root.routes[0].say: ${braced}: not a placeholder, so it would stay as literal text (${hint})`,
    ]);
  });

  it('finds a malformed placeholder in args and payloads, once per value', async () => {
    const route = `      - on: { default: true }
        do:
          - call: { tool: lookup, args: { id: "\${ input.text }", again: "\${ input.text }" } }
          - payload: { a: ["x \${tool.lookup.balance }"] }
`;
    expect(await problems('malformed-json.yaml', APP(route))).toEqual([
      '13:41 agents.root.routes[0].do[0].call.args: ${ input.text }: not a placeholder, so it would stay as ' +
        'literal text (write ${input.text}, without spaces)',
      '14:22 agents.root.routes[0].do[1].payload: ${tool.lookup.balance }: not a placeholder, so it would stay as ' +
        'literal text (write ${tool.lookup.balance}, without spaces)',
    ]);
  });

  it('checks whenArgs patterns compile', async () => {
    const text = APP('      - on: { default: true }\n        say: hi\n').replace(
      'whenArgs: { id: X }',
      'whenArgs: { id: "/(/" }',
    );
    expect(await problems('regex.yaml', text)).toEqual([
      expect.stringMatching(/^5:\d+ tools\.lookup\.answers\[0\]\.whenArgs\.id: invalid regular expression/),
    ]);
  });

  it('checks tool responses, args, payloads, end metadata and onError actions too', async () => {
    const route = `      - on: { default: true }
        do:
          - call: { tool: lookup, args: { id: "\${vars.nope}" }, onError: [{ say: "\${input.nope}" }] }
          - payload: { a: "\${vars.nope2}" }
          - end: { metadata: { r: "\${tool.ask}" } }
`;
    expect(await problems('many.yaml', APP(route))).toEqual([
      '13:41 agents.root.routes[0].do[0].call.args: ${vars.nope}: ' +
        'variable "nope" is not declared under variables: nor set by any route (known: account_id)',
      '13:82 agents.root.routes[0].do[0].call.onError[0].say: ${input.nope}: inputs are text, dtmf, event',
      '14:22 agents.root.routes[0].do[1].payload: ${vars.nope2}: ' +
        'variable "nope2" is not declared under variables: nor set by any route (known: account_id)',
    ]);
  });
});
