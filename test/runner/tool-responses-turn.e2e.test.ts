// A `toolResponses` turn answers the client tool call of the turn before it (README "Specs"; a
// cxas-scrapi golden step `userInput.toolResponses` converts to one): that turn ends with the call
// pending, and this turn's answer, given the call's id, lets the agent go on. A call that neither a
// fake nor the next turn answers is still UNMATCHED_TOOL_CALL. Against the demo emulator, whose
// open_ticket is a client tool ("Ticket ${tool.open_ticket.ticket_id} is open." once answered); the
// recording then replays (`run --replay`) and rescores as it ran.
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';

const NATIVE = `conversations:
  - name: answer by hand
    turns:
      - user: open a ticket please
        expect:
          - toolCall: { name: open_ticket, args: { priority: high } }
      - toolResponses:
          - { tool: open_ticket, response: { ticket_id: T-9 } }
        expect:
          - text: "Ticket T-9 is open."
  - name: unanswered
    turns:
      - user: open a ticket please
  - name: answered by another tool
    turns:
      - user: open a ticket please
      - toolResponses:
          - { tool: lookup_account, response: { balance: 1 } }
`;
const SCRAPI = `displayName: ticket by hand
golden:
  turns:
    - steps:
        - userInput: { text: "open a ticket please" }
        - expectation: { toolCall: { displayName: open_ticket, args: { priority: high } } }
    - steps:
        - userInput: { toolResponses: { toolResponses: [ { tool: open_ticket, response: { ticket_id: T-9 } } ] } }
        - expectation: { agentResponse: { chunks: [ { text: "Ticket T-9 is open." } ] } }
`;

describe('a toolResponses turn answers the client call of the turn before', async () => {
  const p = await tempProject({ 'specs/native.yaml': NATIVE, 'specs/export.yaml': SCRAPI });
  afterAll(() => p.cleanup());
  const byName = (r: RunResult) => new Map(r.conversations.map((c) => [c.name, c]));

  it('the call ends its turn pending and the next turn answers it; one answered by no one is an error', async () => {
    const res = await runCli(runArgs({}, '--no-judge'), { cwd: p.dir });
    expect(res.code, res.stdout + res.stderr).toBe(1);
    const run = await readJson<RunResult>(path.join(p.dir, 'out/results.json'));
    const c = byName(run);

    const byHand = c.get('answer by hand')!;
    expect(byHand.status, JSON.stringify(byHand.error)).toBe('passed');
    const [asked, answered] = byHand.turns.map((t) => t.result!);
    const call = asked!.toolCalls.find((t) => t.name === 'open_ticket')!;
    expect(call.origin).toBe('client');
    // The answer carries the pending call's id: the agent went on with it.
    expect(answered!.inputs).toEqual([
      { kind: 'toolResponses', responses: [{ id: call.id, name: 'open_ticket', response: { ticket_id: 'T-9' } }] },
    ]);
    expect(answered!.text).toBe('Ticket T-9 is open.');

    expect(byName(run).get('ticket by hand')!.status).toBe('passed');

    for (const name of ['unanswered', 'answered by another tool']) {
      const unanswered = c.get(name)!;
      expect(unanswered.status).toBe('error');
      expect(unanswered.error?.code).toBe('UNMATCHED_TOOL_CALL');
      expect(unanswered.error?.message).toContain('no toolFakes entry answers client tool call open_ticket');
    }
  });

  it('replays and rescores as it ran', async () => {
    const replay = ['run', 'specs', '--replay', '@latest', '--no-judge', '--reporter', 'json', '--output-dir', 'again'];
    const replayed = await runCli(replay, { cwd: p.dir });
    expect(replayed.code, replayed.stderr).toBe(1);
    const again = byName(await readJson<RunResult>(path.join(p.dir, 'again/results.json')));
    expect(again.get('answer by hand')!.status, JSON.stringify(again.get('answer by hand')!.error)).toBe('passed');

    const rescore = ['rescore', 'out', '--no-judge', '--reporter', 'json', '--output-dir', 'rescored'];
    const rescored = await runCli(rescore, { cwd: p.dir });
    expect(rescored.code, rescored.stderr).toBe(1);
    const scored = byName(await readJson<RunResult>(path.join(p.dir, 'rescored/results.json')));
    const byHand = scored.get('answer by hand')!;
    expect([byHand.status, byHand.skipReason]).toEqual(['passed', undefined]);
  });
});
