// Hand-built RunResults for reporter tests: every feature a report must show, with fixed times.
import {
  type AssertionResult,
  type ConversationResult,
  type RunResult,
  type TurnRecord,
} from '../../src/model/result.js';
import { finalizeRun } from '../../src/model/finalize.js';
import { emptyTurnResult, type TranscriptEntry, type TurnInput } from '../../src/model/turn.js';

export const SECRET = 'sk-live-ABC123';
export const XSS_TEXT =
  '<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2"> ' +
  '<a href="javascript:window.__pwned=3">click</a>';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
const iso = (offsetMs: number): string => new Date(T0 + offsetMs).toISOString();

export function turnRecord(
  index: number,
  inputs: TurnInput[],
  entries: TranscriptEntry[],
  extra: Partial<TurnRecord> = {},
  latencyMs = 120 + index * 30,
): TurnRecord {
  const result = { ...emptyTurnResult(index + 1), inputs, transcript: entries, latency: { totalMs: latencyMs } };
  for (const e of entries) {
    if (e.kind === 'agent') result.textParts.push(e.text);
    if (e.kind === 'toolCall') result.toolCalls.push(e.call);
    if (e.kind === 'toolResponse') result.toolResponses.push(e.response);
    if (e.kind === 'transfer') result.transfers.push(e.transfer);
    if (e.kind === 'payload') result.payloads.push(e.payload);
    if (e.kind === 'variables') Object.assign(result.updatedVariables, e.variables);
  }
  result.text = result.textParts.join(' ');
  return {
    index,
    inputs,
    result,
    assertions: [],
    loc: { file: 'specs/x.yaml', line: 10 + index * 4, col: 9 },
    ...extra,
  };
}

function passed(matcher: string, message: string, turn?: number): AssertionResult {
  return { matcher, negated: false, status: 'passed', message, turn };
}

export function conversation(
  over: Partial<ConversationResult> & Pick<ConversationResult, 'name' | 'file'>,
): ConversationResult {
  const specId = `${over.file}#${over.name}`;
  const runIndex = over.runIndex ?? 0;
  return {
    id: `${specId}#${runIndex}`,
    specId,
    tags: [],
    runIndex,
    repeat: 1,
    modality: 'text',
    status: 'passed',
    sessionId: `session-${runIndex}`,
    startedAt: iso(1000),
    durationMs: 1500,
    turns: [],
    assertions: [],
    attempts: [
      {
        attempt: 1,
        sessionId: `session-${runIndex}`,
        status: over.status ?? 'passed',
        durationMs: over.durationMs ?? 1500,
      },
    ],
    loc: { file: over.file, line: 3, col: 5 },
    ...over,
  };
}

function balanceTurns(agentText: string): TurnRecord[] {
  return [
    turnRecord(
      0,
      [{ kind: 'event', event: 'WELCOME' }],
      [
        { kind: 'user', text: 'WELCOME', input: 'event' },
        { kind: 'agent', role: 'root_agent', text: 'Welcome to Cymbal support!' },
      ],
      { assertions: [passed('text', 'text contains "Welcome"', 0)] },
    ),
    turnRecord(
      1,
      [{ kind: 'text', text: 'My account is 123' }],
      [
        { kind: 'user', text: 'My account is 123', input: 'text' },
        {
          kind: 'toolCall',
          role: 'root_agent',
          call: { id: 'c1', name: 'lookup_account', args: { account_id: '123' }, origin: 'server' },
        },
        {
          kind: 'toolResponse',
          role: 'root_agent',
          response: { id: 'c1', name: 'lookup_account', response: { status: 'ok', balance: 42.5 } },
        },
        {
          kind: 'transfer',
          role: 'root_agent',
          transfer: {
            to: 'billing_agent',
            resource: 'projects/p/locations/us/apps/a/agents/billing_agent',
            from: 'root_agent',
          },
        },
        { kind: 'payload', role: 'billing_agent', payload: { card: 'balance' } },
        { kind: 'variables', role: 'billing_agent', variables: { api_token: SECRET, tier: 'gold' } },
        { kind: 'agent', role: 'billing_agent', text: agentText },
      ],
      { assertions: [passed('toolCall', 'lookup_account called with {"account_id":"123"}', 1)] },
    ),
  ];
}

function failedConversation(): ConversationResult {
  const failing: AssertionResult = {
    matcher: 'text',
    negated: false,
    status: 'failed',
    turn: 1,
    loc: { file: 'specs/billing.yaml', line: 21, col: 11 },
    message: 'expected text to contain "refund issued"; got "I cannot help with that."',
    // The matcher keeps its options (src/assertions/text-checks.ts).
    expected: { contains: 'refund issued' },
    actual: 'I cannot help with that.',
  };
  const turns = [
    turnRecord(
      0,
      [{ kind: 'text', text: 'I want a refund' }],
      [
        { kind: 'user', text: 'I want a refund', input: 'text' },
        { kind: 'agent', role: 'root_agent', text: 'Which order?' },
      ],
    ),
    turnRecord(
      1,
      [{ kind: 'text', text: 'Order 77' }],
      [
        { kind: 'user', text: 'Order 77', input: 'text' },
        { kind: 'agent', role: 'root_agent', text: 'I cannot help with that.' },
      ],
      { assertions: [failing] },
      900,
    ),
  ];
  return conversation({
    name: 'refund flow',
    file: 'specs/billing.yaml',
    tags: ['billing', 'p0'],
    status: 'failed',
    durationMs: 2300,
    turns,
    loc: { file: 'specs/billing.yaml', line: 15, col: 5 },
    assertions: [
      {
        matcher: 'toolSequence',
        negated: false,
        status: 'failed',
        message: 'expected tools [refund_order] in order; got []',
        expected: ['refund_order'],
        actual: [],
        loc: { file: 'specs/billing.yaml', line: 25, col: 9 },
      },
    ],
    golden: {
      file: 'goldens/billing/refund-flow.json',
      status: 'mismatched',
      diffs: [{ turn: 1, field: 'text', expected: 'Refund issued for order 77.', actual: 'I cannot help with that.' }],
    },
  });
}

function errorConversation(): ConversationResult {
  const error = { code: 'UNAVAILABLE', message: 'connection refused (127.0.0.1:50051)', turn: 0, transient: true };
  return conversation({
    name: 'escalate to human',
    file: 'specs/support/escalation.yaml',
    tags: ['support'],
    status: 'error',
    durationMs: 3100,
    error,
    turns: [
      {
        index: 0,
        inputs: [{ kind: 'text', text: 'get me a human' }],
        assertions: [],
        error,
        loc: { file: 'specs/support/escalation.yaml', line: 6, col: 9 },
      },
    ],
    attempts: [
      { attempt: 1, sessionId: 's-a1', status: 'error', durationMs: 1000, error, retryDelayMs: 500 },
      { attempt: 2, sessionId: 's-a2', status: 'error', durationMs: 1600, error },
    ],
  });
}

function repeated(runIndex: number, ok: boolean): ConversationResult {
  const assertions: AssertionResult[] = ok
    ? [passed('text', 'text contains "Hello"', 0)]
    : [
        {
          matcher: 'text',
          negated: false,
          status: 'failed',
          turn: 0,
          message: 'expected text to contain "Hello"; got "Hi."',
          loc: { file: 'specs/repeat.yaml', line: 8, col: 11 },
        },
      ];
  const turns = [
    turnRecord(
      0,
      [{ kind: 'text', text: 'hello' }],
      [
        { kind: 'user', text: 'hello', input: 'text' },
        { kind: 'agent', role: 'root_agent', text: ok ? 'Hello there!' : 'Hi.' },
      ],
      { assertions },
      200 + runIndex * 50,
    ),
  ];
  return conversation({
    name: 'flaky greeting',
    file: 'specs/repeat.yaml',
    tags: ['smoke'],
    runIndex,
    repeat: 3,
    status: ok ? 'passed' : 'failed',
    durationMs: 800,
    turns,
  });
}

export function buildConversations(): ConversationResult[] {
  return [
    conversation({
      name: 'balance lookup',
      file: 'specs/billing.yaml',
      tags: ['billing'],
      turns: balanceTurns(`Your balance is $42.50. Token ${SECRET}.`),
    }),
    failedConversation(),
    errorConversation(),
    conversation({
      name: 'legacy judge',
      file: 'specs/support/escalation.yaml',
      status: 'skipped',
      durationMs: 0,
      attempts: [],
      skipReason: 'natural-language expectation needs an LLM judge',
    }),
    repeated(0, true),
    repeated(1, true),
    repeated(2, false),
    conversation({
      name: 'hostile content',
      file: 'specs/security.yaml',
      tags: ['security'],
      turns: balanceTurns(XSS_TEXT),
    }),
  ];
}

/** A RunResult built like a live run's, by the one builder (src/model/finalize.ts), from these facts. */
export function buildRunResult(
  conversations: ConversationResult[] = buildConversations(),
  over: Partial<RunResult> = {},
): RunResult {
  return finalizeRun({
    runId: over.runId ?? 'run-1',
    toolVersion: '0.1.0',
    startedAt: over.startedAt ?? iso(0),
    finishedAt: over.finishedAt ?? iso(9000),
    target: over.target ?? { emulator: true, apiVersion: 'v1', endpoint: '127.0.0.1:50051' },
    shard: over.shard,
    conversations,
    // Judged like a live run: the repeated conversation against its passRate (0.8), not run by run.
    passRates: new Map([['specs/repeat.yaml#flaky greeting', 0.8]]),
    errors: over.errors ?? [],
    interrupted: over.interrupted ?? false,
    policy: over.policy,
    llmUsage: over.llmUsage,
  });
}
