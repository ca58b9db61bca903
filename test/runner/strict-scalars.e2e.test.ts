// Under match: strict, scalars compare type-exactly (issue 25 point 6): a tool response whose
// balance became the string "42.5" no longer matches `response: {balance: 42.5}`; lenient specs
// keep the number/numeric-string leniency. An operator ($oneOf) does not loosen a strict spec, and
// `rescore` of the stored run gives the same verdicts as the run.
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';

const APP = `app: projects/test/locations/us/apps/bank
rootAgent: root_agent
tools:
  get_balance:
    response: { balance: "42.5" }
agents:
  root_agent:
    routes:
      - on: { default: true }
        do:
          - call: { tool: get_balance, args: { account: "7" } }
          - say: "Your balance is \${tool.get_balance.balance}"
`;
const spec = (match: string, name: string, balance = '42.5') => `  - name: ${name}
    match: ${match}
    turns:
      - user: balance please
        expect:
          - toolCall: { name: get_balance, args: { account: "7" }, response: { balance: ${balance} } }
`;
const SPECS =
  `conversations:\n${spec('lenient', 'lenient number')}${spec('strict', 'strict number')}` +
  `${spec('lenient', 'lenient oneOf', '{ $oneOf: [42.5] }')}${spec('strict', 'strict oneOf', '{ $oneOf: [42.5] }')}`;
const EXPECTED = {
  'lenient number': 'passed',
  'strict number': 'failed',
  'lenient oneOf': 'passed',
  'strict oneOf': 'failed',
};
const statuses = (result: RunResult) => Object.fromEntries(result.conversations.map((c) => [c.name, c.status]));

describe('strict scalars', async () => {
  const p = await tempProject({
    'app.yaml': APP,
    'specs/s.yaml': SPECS,
  });
  afterAll(() => p.cleanup());

  it('42.5 matches "42.5" when lenient, not under match: strict', async () => {
    const res = await runCli(runArgs({ app: 'app.yaml' }), { cwd: p.dir });
    expect(res.code).toBe(1);
    const result = await readJson<RunResult>(path.join(p.dir, 'out/results.json'));
    expect(statuses(result)).toEqual(EXPECTED);
    const strict = result.conversations.find((c) => c.name === 'strict number')!;
    const [assertion] = strict.turns[0]!.assertions;
    expect(assertion!.message).toContain('(0 matching)');
    expect(JSON.stringify(assertion!.details)).toContain('response.balance: expected 42.5, got \\"42.5\\"');
    const oneOf = result.conversations.find((c) => c.name === 'strict oneOf')!;
    expect(JSON.stringify(oneOf.turns[0]!.assertions[0]!.details)).toContain('expected one of [42.5], got \\"42.5\\"');
  });

  it('rescore of the stored run keeps the strict verdicts', async () => {
    const res = await runCli(['rescore', 'out/results.json', 'specs', '--output-dir', 'rescored'], { cwd: p.dir });
    expect(res.code).toBe(1);
    const rescored = await readJson<RunResult>(path.join(p.dir, 'rescored/results.json'));
    expect(statuses(rescored)).toEqual(EXPECTED);
  });
});
