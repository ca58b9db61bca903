// Every matcher passing and failing (and negated), through the real CLI against the emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { NO_CREDENTIALS, readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';
import type { ConversationResult, RunResult } from '../../src/model/result.js';

const SPEC = `
conversations:
  - name: text passes
    turns:
      - event: WELCOME
        expect:
          - text: { contains: Welcome }
          - text: { equals: "Welcome to Cymbal support! Please enter your PIN followed by #." }
          - text: { matches: "/pin/i" }
          - text: { oneOf: [nope, "Welcome to Cymbal support! Please enter your PIN followed by #."] }
          - text: { contains: welcome, ignoreCase: true }
          - text: { similar: "Welcome to Cymbal support, please enter your PIN.", threshold: 0.7 }
          - not: { text: { contains: Goodbye } }
  - name: text fails
    turns:
      - event: WELCOME
        expect:
          - text: { contains: balance }
  - name: negated text fails
    turns:
      - event: WELCOME
        expect:
          - not: { text: { contains: Welcome } }
  - name: tool call passes
    variables: { authenticated: true }
    turns:
      - user: balance
        expect:
          - toolCall: { name: lookup_account, args: { account_id: ACC-1001 }, response: { balance: 42.5 }, count: 1 }
          - toolCall: { displayName: Lookup account }
          - toolCall: { name: lookup_account, args: { account_id: { $regex: "^ACC" } } }
          - not: { toolCall: open_ticket }
    expect:
      - toolSequence: { tools: [lookup_account], mode: exact }
  - name: tool call args fail
    variables: { authenticated: true }
    turns:
      - user: balance
        expect:
          - toolCall: { name: lookup_account, args: { account_id: "124" } }
  - name: no tool calls fails
    variables: { authenticated: true }
    turns:
      - user: balance
        expect:
          - noToolCalls: true
  - name: tool sequence fails
    variables: { authenticated: true }
    turns:
      - user: balance
    expect:
      - toolSequence: { tools: [open_ticket, lookup_account], mode: inOrder }
  - name: tool sequence with half the tools passes
    variables: { authenticated: true }
    turns:
      - user: balance
    expect:
      - toolSequence: { tools: [lookup_account, open_ticket], mode: anyOrder, minRecall: 0.5 }
  - name: tool sequence in any order needs every tool by default
    variables: { authenticated: true }
    turns:
      - user: balance
    expect:
      - toolSequence: { tools: [lookup_account, open_ticket], mode: anyOrder }
  - name: transfer passes and fails
    turns:
      - user: human please
        expect:
          - transfer: billing_agent
          - transfer: root_agent
  - name: no transfer passes
    turns:
      - user: hello
        expect:
          - noTransfer: true
  - name: payload and variables
    turns:
      - user: show me the plan
        expect:
          - payload: { type: rich_card }
          - not: { payload: { type: video } }
      - dtmf: "1234#"
        expect:
          - variables: { authenticated: true, pin: "1234#" }
          - variables: { authenticated: false }
  - name: session ended and latency
    turns:
      - user: bye
        expect:
          - sessionEnded: true
          - latency: { maxMs: 10000 }
          - latency: { firstAudioMs: 100 }
  - name: judge only
    turns:
      - user: hello
        expect:
          - judge: { prompt: The agent is polite }
`;

let results: RunResult;
let byName: Map<string, ConversationResult>;
let stdout = '';
let project: Awaited<ReturnType<typeof tempProject>>;

beforeAll(async () => {
  project = await tempProject({ 'specs/matchers.yaml': SPEC });
  const res = await runCli(runArgs({ reporter: 'json,list' }), {
    cwd: project.dir,
    env: NO_CREDENTIALS,
  });
  stdout = res.stdout + res.stderr;
  expect(res.code, stdout).toBe(1);
  results = await readJson<RunResult>(path.join(project.dir, 'out/results.json'));
  byName = new Map(results.conversations.map((c) => [c.name, c]));
});
afterAll(() => project?.cleanup());

const statusOf = (name: string) => byName.get(name)?.status;
const messages = (name: string) => {
  const c = byName.get(name)!;
  return [...c.turns.flatMap((t) => t.assertions), ...c.assertions]
    .filter((a) => a.status !== 'passed')
    .map((a) => `${a.status}: ${a.message}`);
};

describe('matchers end to end', () => {
  it('passes every text option and its negation', () => {
    expect(messages('text passes')).toEqual([]);
    expect(statusOf('text passes')).toBe('passed');
  });

  it('fails text with expected and actual in the message', () => {
    expect(statusOf('text fails')).toBe('failed');
    expect(messages('text fails')[0]).toMatch(/balance/);
    expect(messages('text fails')[0]).toMatch(/Welcome to Cymbal support/);
    expect(statusOf('negated text fails')).toBe('failed');
  });

  it('checks tool calls by name, display name, args operators, response and count', () => {
    expect(messages('tool call passes')).toEqual([]);
    expect(statusOf('tool call args fail')).toBe('failed');
    expect(messages('tool call args fail')[0]).toContain('lookup_account {account_id: "ACC-1001"}');
    expect(statusOf('no tool calls fails')).toBe('failed');
    expect(statusOf('tool sequence fails')).toBe('failed');
    expect(messages('tool sequence fails')[0]).toMatch(/recall/);
  });

  it('passes anyOrder on minRecall of the tools, and on every tool without it', () => {
    expect(messages('tool sequence with half the tools passes')).toEqual([]);
    expect(statusOf('tool sequence with half the tools passes')).toBe('passed');
    expect(statusOf('tool sequence in any order needs every tool by default')).toBe('failed');
    expect(messages('tool sequence in any order needs every tool by default')[0]).toMatch(/recall 0\.50\)$/);
  });

  it('checks transfers, payloads, variables, session end and latency', () => {
    expect(statusOf('transfer passes and fails')).toBe('failed');
    expect(messages('transfer passes and fails')).toHaveLength(1);
    expect(statusOf('no transfer passes')).toBe('passed');
    expect(statusOf('payload and variables')).toBe('failed');
    expect(messages('payload and variables')).toHaveLength(1);
    // firstAudioMs on a text turn cannot be evaluated: error, never a silent pass.
    expect(statusOf('session ended and latency')).toBe('error');
    expect(messages('session ended and latency')).toHaveLength(1);
  });

  it('records client-side and server-side latency of each turn', () => {
    const latency = byName.get('text passes')!.turns[0]!.result!.latency;
    expect(latency.totalMs).toBeGreaterThanOrEqual(0);
    // The emulator's root span gives the server's own time, kept next to the client's.
    expect(typeof latency.serverMs).toBe('number');
    expect(latency.serverMs!).toBeGreaterThanOrEqual(0);
  });

  it('reports natural-language expectations without a configured judge as errors, never passed', () => {
    const c = byName.get('judge only')!;
    expect(c.status).toBe('error');
    expect(c.turns[0]!.assertions[0]).toMatchObject({ status: 'error', matcher: 'judge' });
    expect(c.turns[0]!.assertions[0]!.message).toMatch(/^judge error \(JUDGE_NOT_CONFIGURED\): no judge configured/);
  });

  it('accounts for every conversation in the summary and prints failures with their location', () => {
    expect(results.summary.total).toBe(14);
    expect(results.summary.passed + results.summary.failed + results.summary.error + results.summary.skipped).toBe(14);
    expect(stdout).toMatch(/specs\/matchers\.yaml:\d+:\d+/);
  });
});
