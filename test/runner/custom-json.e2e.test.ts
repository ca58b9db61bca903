// A custom matcher's `expected`/`actual` go into every report: one JSON cannot write (a cycle, a
// BigInt, a Map) makes that expectation `error` saying where, and every report and the history
// entry are still written (JSON.stringify used to throw in the json reporter and the history).
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';
import type { RunResult } from '../../src/model/result.js';
import { echoApp } from './apps.js';

const MODULE = './checks/odd.mjs';
const one = (name: string): string =>
  `  - name: ${name}\n    turns: [ { user: hi, expect: [ { custom: { module: ${MODULE}, export: ${name} } } ] } ]\n`;

describe('a custom matcher returning values JSON cannot write', async () => {
  const p = await tempProject({
    'app.yaml': echoApp(),
    'specs/checks/odd.mjs': `export function cyclic() {
  const a = { x: 1 }; a.self = a; return { pass: true, actual: a };
}
export function big() { return { pass: false, actual: { n: [1, 10n] } }; }
export function map() { return { pass: true, expected: new Map([[1, 2]]) }; }
export function fine() { return { pass: true, actual: { said: 'hi', left: undefined } }; }
`,
    'specs/odd.yaml': `conversations:\n${['cyclic', 'big', 'map', 'fine'].map(one).join('')}`,
  });
  afterAll(() => p.cleanup());

  it('is an error naming where, and every report and the history are written', async () => {
    const args = runArgs({ app: path.join(p.dir, 'app.yaml'), reporter: 'list,json,junit,html' });
    const res = await runCli(args, { cwd: p.dir });
    expect(res.code, res.stderr).toBe(1);
    expect(res.stderr).not.toMatch(/reporter|history/);
    const results = await readJson<RunResult>(path.join(p.dir, 'out/results.json'));
    const said = results.conversations.map((c) => [c.name, c.status, c.turns[0]!.assertions[0]!.message]);
    const why = (label: string, problem: string): string =>
      `custom: specs/checks/odd.mjs#${label} returned a value that cannot be written as JSON: ${problem}`;
    expect(said).toEqual([
      ['cyclic', 'error', why('cyclic', 'actual.self refers back to a value that contains it (a cycle)')],
      ['big', 'error', why('big', 'actual.n[1] is a BigInt (10n), which JSON cannot write')],
      ['map', 'error', why('map', 'expected is a Map, not a plain object or array')],
      ['fine', 'passed', 'expected custom check specs/checks/odd.mjs#fine to pass; it passed'],
    ]);
    expect(results.conversations[3]!.turns[0]!.assertions[0]!.actual).toEqual({ said: 'hi' });
    const junit = await readFile(path.join(p.dir, 'out/junit.xml'), 'utf8');
    expect(junit).toContain('actual.self refers back');
    const runs = (await readdir(path.join(p.dir, '.cxas-eval/runs'))).filter((f) => f !== 'index.json');
    expect(runs).toHaveLength(1);
  }, 60_000);
});
