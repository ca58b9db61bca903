import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppDefinitionError, loadAppDefinition, validateAppObject } from './load-app.js';

const dir = mkdtempSync(path.join(tmpdir(), 'emu-app-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}
async function problemsOf(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppDefinitionError);
    expect((err as AppDefinitionError).code).toBe('EMULATOR_APP_INVALID');
    return (err as AppDefinitionError).problems;
  }
  throw new Error('expected the app to be rejected');
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const HEAD = 'app: projects/p/locations/us/apps/a\nrootAgent: root\n';

describe('loadAppDefinition', () => {
  it('loads the demo app', async () => {
    const app = await loadAppDefinition(path.resolve(import.meta.dirname, '../../specs/demo/app.yaml'));
    expect(app.app).toBe('projects/demo/locations/us/apps/cymbal-support');
    expect(Object.keys(app.agents)).toEqual(['root_agent', 'billing_agent']);
  });

  it('reports an unknown key at file:line:col with a suggestion', async () => {
    const f = file(
      'typo.yaml',
      `${HEAD}agents:\n  root:\n    routes:\n      - on: { default: true }\n        sya: hi\n`,
    );
    expect(await problemsOf(loadAppDefinition(f))).toEqual([
      `${f}:7:9 agents.root.routes[0]: unknown key "sya" (did you mean "say"?)`,
    ]);
  });

  it('reports a missing required key and a bad value', async () => {
    const f = file(
      'missing.yaml',
      `${HEAD}agents:\n  root:\n    routes:\n      - on: { default: true }\n        say: hi\n` +
        'faults: { unavailable: 2 }\n',
    );
    expect(await problemsOf(loadAppDefinition(f))).toEqual([`${f}:8:24 faults.unavailable: must be <= 1`]);
    const h = file('noaction.yaml', `${HEAD}agents:\n  root:\n    routes:\n      - on: { default: true }\n`);
    expect(await problemsOf(loadAppDefinition(h))).toEqual([`${h}:6:9 agents.root.routes[0]: needs one of say or do`]);
    const g = file('noroutes.yaml', `${HEAD}agents:\n  root: {}\n`);
    expect(await problemsOf(loadAppDefinition(g))).toEqual([`${g}:4:9 agents.root: missing required key "routes"`]);
  });

  it('reports dangling references: root agent, transfer target, tool, toolResponse, regex', async () => {
    const f = file(
      'refs.yaml',
      [
        'app: projects/p/locations/us/apps/a',
        'rootAgent: main',
        'tools:',
        '  t: { response: {} }',
        'agents:',
        '  root:',
        '    routes:',
        '      - on: { text: "/([/" }',
        '        do: [ { transfer: elsewhere }, { call: { tool: nope } } ]',
        '      - on: { toolResponse: t }',
        '        say: x',
        '',
      ].join('\n'),
    );
    const problems = await problemsOf(loadAppDefinition(f));
    expect(problems).toEqual([
      `${f}:2:12 rootAgent: agent "main" is not defined (defined: root)`,
      `${f}:8:21 agents.root.routes[0].on.text: invalid regular expression /([/: Unterminated character class`,
      `${f}:9:27 agents.root.routes[0].do[0].transfer: agent "elsewhere" is not defined (defined: root)`,
      `${f}:9:56 agents.root.routes[0].do[1].call.tool: tool "nope" is not defined (defined: t)`,
      `${f}:10:29 agents.root.routes[1].on.toolResponse: ` +
        'tool "t" is not a client tool of this app (client tools: none)',
    ]);
  });

  it('reports YAML syntax errors and unreadable files', async () => {
    const f = file('syntax.yaml', 'app: [unclosed\n');
    expect((await problemsOf(loadAppDefinition(f)))[0]).toMatch(
      new RegExp(`^${f.replace(/[.]/g, '\\.')}:\\d+:\\d+: YAML syntax error`),
    );
    expect((await problemsOf(loadAppDefinition(path.join(dir, 'absent.yaml'))))[0]).toMatch(
      /absent\.yaml:1:1: file not found/,
    );
  });

  it('reports a route condition on a variable neither declared nor set by any route, like ${vars.x}', async () => {
    const f = file(
      'condition.yaml',
      [
        'app: projects/p/locations/us/apps/a',
        'rootAgent: root',
        'variables: { tier: gold }',
        'agents:',
        '  root:',
        '    routes:',
        '      - on: { text: hi, variable: { var: teir, equals: gold } }',
        '        say: hi',
        '      - on: { variable: { var: stage, exists: true } }',
        '        say: staged',
        '      - on:',
        '          variable:',
        '            var: tier',
        '            matches: /^g/',
        '        do: [ { set: { stage: one } }, { say: "${vars.stagee}" } ]',
        '',
      ].join('\n'),
    );
    expect(await problemsOf(loadAppDefinition(f))).toEqual([
      `${f}:7:42 agents.root.routes[0].on.variable.var: ` +
        'variable "teir" is not declared under variables: nor set by any route (known: tier, stage)',
      `${f}:15:47 agents.root.routes[2].do[1].say: \${vars.stagee}: ` +
        'variable "stagee" is not declared under variables: nor set by any route (known: tier, stage)',
    ]);
  });

  it('reports a transcriptsFile problem once labelled, at its line', async () => {
    const app = `${HEAD}agents:\n  root:\n    routes:\n      - on: { default: true }\n        say: hi\n`;
    const absent = file('absent-transcripts.yaml', `${app}transcriptsFile: gone.json\n`);
    const gone = path.join(dir, 'gone.json');
    expect(await problemsOf(loadAppDefinition(absent))).toEqual([
      expect.stringMatching(new RegExp(`^${escape(`${absent}:8:18 transcriptsFile: cannot read ${gone}: `)}`)),
    ]);
    file('list.json', '[]');
    file('badkey.json', '{"nothex": "hi"}');
    file('notjson.json', '{');
    const problems = async (json: string) =>
      problemsOf(loadAppDefinition(file(`uses-${json}.yaml`, `${app}transcriptsFile: ${json}\n`)));
    const at = (json: string) => `${path.join(dir, `uses-${json}.yaml`)}:8:18 transcriptsFile: ${path.join(dir, json)}`;
    expect(await problems('list.json')).toEqual([`${at('list.json')} must hold a JSON object {key: text}`]);
    expect(await problems('badkey.json')).toEqual([
      `${at('badkey.json')}: "nothex" is not a transcript key (64 lower-case hex digits)`,
    ]);
    expect(await problems('notjson.json')).toEqual([
      `${at('notjson.json')} is not valid JSON (its content is not shown)`,
    ]);
  });

  it('refuses a uniform latency whose min is above its max, at its line', async () => {
    const app = `${HEAD}agents:\n  root:\n    routes: [ { on: { default: true }, say: hi } ]\n`;
    const f = file('latency.yaml', `${app}latencyMs: { min: 300, max: 10 }\n`);
    expect(await problemsOf(loadAppDefinition(f))).toEqual([
      `${f}:6:19 latencyMs.min: min 300 is above max 10 (a uniform latency is drawn between them)`,
    ]);
    await expect(
      loadAppDefinition(file('latency-ok.yaml', `${app}latencyMs: { min: 10, max: 10 }\n`)),
    ).resolves.toBeDefined();
  });

  it('validates in-memory apps too', async () => {
    expect(await problemsOf(validateAppObject({ app: 'x', rootAgent: 'r', agents: { r: { routes: [] } } }))).toEqual([
      '<app>:1:1 app: must match pattern "^projects/[^/]+/locations/[^/]+/apps/[^/]+$"',
    ]);
  });
});
