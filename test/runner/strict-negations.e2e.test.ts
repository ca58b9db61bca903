// Strict is never weaker than lenient: a negated expectation, or a count that only bounds from above
// (`count: 0`), fails under `match: strict` exactly where it fails under lenient, although strict
// compares objects exactly (an exact `{authenticated: true}` matches no update, so its negation
// used to pass while `authenticated` was set). Real CLI, the demo app on the in-process emulator.
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AssertionResult, RunResult } from '../../src/model/result.js';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';

const conversations = (match: string) => `  - name: ${match} negations
    match: ${match}
    turns:
      - dtmf: "1234#"
        expect:
          - text: Thank you, you are now verified.
          - not: { variables: { authenticated: true } }
      - user: Please open a ticket, my internet is down
        expect:
          - not: { toolCall: { name: open_ticket, args: { priority: high } } }
          - toolCall: { name: open_ticket, count: 1 }
          - text: Ticket T-1 is open.
      - user: Show me your premium plan
        expect:
          - payload: { value: { type: rich_card }, count: 0 }
          - text: Here is our premium plan.
    toolFakes:
      - tool: open_ticket
        respond: { ticket_id: T-1 }
  - name: ${match} no citations
    match: ${match}
    turns:
      - user: How long does a refund take?
        expect:
          - citations: { count: 0 }
`;

/** `matcher: message` of each assertion that did not pass, by conversation. */
function failures(result: RunResult): Record<string, string[]> {
  const notPassed = (as: AssertionResult[]) => as.filter((a) => a.status !== 'passed');
  return Object.fromEntries(
    result.conversations.map((c) => [
      c.name,
      [...c.turns.flatMap((t) => notPassed(t.assertions)), ...notPassed(c.assertions)].map(
        (a) => `${a.status} ${a.matcher}: ${a.message}`,
      ),
    ]),
  );
}

describe('strict negations and zero counts', async () => {
  const p = await tempProject({
    'specs/neg.yaml': `conversations:\n${conversations('lenient')}${conversations('strict')}`,
  });
  afterAll(() => p.cleanup());

  it('fail under strict where they fail under lenient', async () => {
    const res = await runCli(runArgs({}, '--no-judge'), { cwd: p.dir });
    expect(res.code).toBe(1);
    const got = failures(await readJson<RunResult>(path.join(p.dir, 'out/results.json')));
    for (const match of ['lenient', 'strict']) {
      expect(got[`${match} negations`]).toEqual([
        expect.stringMatching(
          /^failed variables: expected variables not \{authenticated: true\}; updated: .*authenticated: true/,
        ),
        expect.stringMatching(
          /^failed toolCall: expected no tool call open_ticket with args \{priority: "high"\}; called: open_ticket/,
        ),
        expect.stringMatching(
          /^failed payload: expected a payload matching \{type: "rich_card"\} exactly 0 times; payloads: \{type: "rich/,
        ),
      ]);
      expect(got[`${match} no citations`]).toEqual([
        expect.stringMatching(/^failed citations: expected a citation exactly 0 times; citations: \{uri: /),
      ]);
    }
  });
});
