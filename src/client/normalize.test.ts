import { describe, expect, it } from 'vitest';
import { normalizeTurn } from './normalize.js';
import { turnRootSpans } from '../model/turn.js';
import { realisticTurn } from '../../test/client/fixtures/turn.js';

const APP = 'projects/demo/locations/us/apps/support';
const meta = { inputs: [{ kind: 'text' as const, text: 'my account is 123' }], latency: { totalMs: 1700 } };

describe('normalizeTurn on a realistic diagnosticInfo', () => {
  const turn = normalizeTurn(realisticTurn, meta);

  it('reads tool calls from toolCall chunks, marking the client one', () => {
    expect(turn.toolCalls).toEqual([
      {
        id: 'c1',
        name: 'lookup_account',
        displayName: 'Lookup Account',
        resource: `${APP}/tools/lookup_account`,
        args: { account_id: '123' },
        origin: 'server',
        agent: 'root_agent',
      },
      {
        id: 'c2',
        name: 'open_ticket',
        displayName: 'open_ticket',
        resource: `${APP}/tools/open_ticket`,
        args: { priority: 'high' },
        origin: 'client',
        agent: 'billing_agent',
      },
    ]);
  });

  it('reads tool responses, transfers, payloads, variables, citations and endSession', () => {
    expect(turn.toolResponses).toEqual([
      {
        id: 'c1',
        name: 'lookup_account',
        displayName: 'Lookup Account',
        resource: `${APP}/tools/lookup_account`,
        response: { output: { balance: 42.5 } },
        agent: 'root_agent',
      },
    ]);
    expect(turn.transfers).toEqual([
      { to: 'billing_agent', displayName: 'Billing', resource: `${APP}/agents/billing_agent`, from: 'root_agent' },
    ]);
    expect(turn.payloads).toEqual([{ card: 'balance' }]);
    expect(turn.updatedVariables).toEqual({ balance: 42.5, tier: 'gold' });
    expect(turn.citations).toEqual([
      { uri: 'https://ex.com/faq', title: 'FAQ', text: 'fees', requiresAttribution: true },
    ]);
    expect(turn.sessionEnded).toBe(true);
    expect(turn.endSessionMetadata).toEqual({ reason: 'done' });
    expect(turn.agent).toBe('billing_agent');
    expect(turn.turnIndex).toBe(2);
  });

  it('keeps the text once and the transcript in order', () => {
    expect(turn.text).toBe('Your balance is $42.50. <script>alert(1)</script>');
    expect(turn.textParts).toHaveLength(1);
    expect(turn.transcript.map((e) => e.kind)).toEqual([
      'user',
      'toolCall',
      'toolResponse',
      'variables',
      'transfer',
      'toolCall',
      'agent',
      'payload',
      'variables',
      'citations',
      'endSession',
    ]);
    expect(turn.transcript.filter((e) => e.kind === 'agent')).toHaveLength(1);
  });

  it('turns rootSpan into a Span in milliseconds and reports the server latency', () => {
    expect(turn.rootSpan).toEqual({
      name: 'root',
      durationMs: 1500,
      startTime: '2026-01-02T03:04:05.123Z',
      children: [{ name: 'Tool', durationMs: 250, attributes: { name: 'lookup_account' } }],
    });
    expect(turn.latency).toEqual({ totalMs: 1700, serverMs: 1500 });
  });

  it('falls back to the outputs when there is no diagnosticInfo, without double text', () => {
    const plainTurn = normalizeTurn(
      [
        { text: 'Hello', turnIndex: 1 },
        { turnCompleted: true, turnIndex: 1 },
      ],
      { inputs: [{ kind: 'event', event: 'WELCOME' }], latency: { totalMs: 5 } },
    );
    expect(plainTurn.text).toBe('Hello');
    expect(plainTurn.transcript).toEqual([
      { kind: 'user', text: '[event WELCOME]', input: 'event' },
      { kind: 'agent', role: 'agent', text: 'Hello' },
    ]);
    expect(plainTurn.sessionEnded).toBe(false);
    expect(plainTurn.rootSpan).toBeUndefined();
  });

  it('reports a client tool call missing from diagnosticInfo and sums server time over several turns', () => {
    const outputs = [
      { toolCalls: { toolCalls: [{ id: 'x', tool: `${APP}/tools/t`, args: {} }] }, turnIndex: 1 },
      {
        turnCompleted: true,
        turnIndex: 1,
        diagnosticInfo: {
          messages: [{ role: 'user', chunks: [{ text: 'a' }] }],
          rootSpan: { name: 'r', duration: { seconds: '1' } },
        },
      },
      {
        turnCompleted: true,
        turnIndex: 2,
        diagnosticInfo: {
          messages: [],
          rootSpan: { name: 'r', startTime: { seconds: '10' }, endTime: { seconds: '10', nanos: 2e8 } },
        },
      },
    ];
    const t = normalizeTurn(outputs, { inputs: [], latency: { totalMs: 0 } });
    expect(t.toolCalls.map((c) => [c.id, c.origin])).toEqual([['x', 'client']]);
    expect(t.latency.serverMs).toBe(1200);
    expect(t.turnIndex).toBe(2);
    // Every round's root span is kept, the last as rootSpan: the first round's names what ran
    // before the client call (its Tool and LLM spans, the emulator's route).
    expect(t.earlierRootSpans).toEqual([{ name: 'r', durationMs: 1000 }]);
    expect(t.rootSpan).toEqual({ name: 'r', durationMs: 200, startTime: '1970-01-01T00:00:10.000Z' });
    expect(turnRootSpans(t).map((s) => s.durationMs)).toEqual([1000, 200]);
  });

  it('has no earlierRootSpans for a turn of one round', () => {
    expect(normalizeTurn(realisticTurn, meta)).not.toHaveProperty('earlierRootSpans');
  });
});
