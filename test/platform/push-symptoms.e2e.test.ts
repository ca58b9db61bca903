// The new-user symptoms of issue 26, each as a test: push + run on the emulator's
// EvaluationService (in-process, loopback gRPC) of the bistro app (test/fixtures/platform).
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { Document } from 'yaml';
import { PlatformClient, platformRun, pullEvaluations, pushSpecs, describeUse } from '../../src/platform/index.js';
import { loadSpecs } from '../../src/runner/load/index.js';
import type { SpecFile } from '../../src/model/spec.js';
import type { RunResult } from '../../src/model/result.js';
import { ROOT, tempProject } from '../helpers/cli.js';

const APP = 'projects/bistro/locations/us/apps/bistro';
const SPEC = `app: ${APP}
conversations:
  - name: cancel after booking
    toolFakes: [{ tool: collect_payment, respond: { payment_ref: PAY-2 } }]
    turns:
      - user: book a table
        expect: [{ text: booked }]
      - user: how are you
        expect: [{ text: Sorry }]
      - user: I will pay the deposit
        expect: [{ text: Deposit PAY-2 received. }]
      - user: cancel please
        expect: [{ text: cancelled }]
  - name: search with tool fakes
    useToolFakes: true
    turns:
      - user: book a table
        expect: [{ text: Table F1 }]
  - name: search with real tools
    turns:
      - user: book a table
        expect: [{ text: Table T7 }]
  - name: goodbye ends the session
    turns:
      - user: bye
        expect: [{ sessionEnded: { metadata: { reason: user_goodbye } } }]
  - name: a deposit nobody answers
    turns:
      - user: pay the deposit
        expect: [{ text: Deposit }]
  - name: an operator in the response
    turns:
      - user: book a table
        expect:
          - toolCall: { name: search_tables, response: { output: { table: { $regex: "^T" } } } }
          - text: Table
`;

let emulator: RunningEmulator;
let client: PlatformClient;
let project: Awaited<ReturnType<typeof tempProject>>;
let files: SpecFile[];
let push: Awaited<ReturnType<typeof pushSpecs>>;
let result: RunResult;
let refused: string[];

beforeAll(async () => {
  project = await tempProject({ 'specs/a.yaml': SPEC });
  const loaded = await loadSpecs(['specs/a.yaml'], { cwd: project.dir });
  expect(loaded.errors).toEqual([]);
  files = loaded.files;
  emulator = await startEmulator({
    app: path.join(ROOT, 'test/fixtures/platform/bistro-app.yaml'),
    overrides: { latencyMs: 20 },
    evaluationRuns: { pollsToFinish: 1 },
  });
  client = new PlatformClient({ app: APP, endpoint: emulator.address, insecure: true });
  push = await pushSpecs(files, client);
  const outcome = await platformRun(client, {
    files,
    wait: true,
    timeoutMs: 30_000,
    intervalMs: 1,
    toolVersion: 'test',
    target: { app: APP, emulator: false, apiVersion: 'v1beta' },
  });
  if (outcome.kind !== 'finished') throw new Error(`platform run ${outcome.kind}`);
  result = outcome.result;
  refused = outcome.refused;
});
afterAll(async () => {
  client?.close();
  await emulator?.stop();
  await project?.cleanup();
});

const conversation = (name: string) => result.conversations.find((c) => c.name === name)!;

describe('issue 26 symptoms', () => {
  it('a conversation-level tool fake answers the client call at turn 3 (it was pushed onto turn 1 only)', async () => {
    const evaluations = await client.call('EvaluationService', 'ListEvaluations', { parent: APP }, 'parent');
    const cancel = (evaluations['evaluations'] as Array<Record<string, unknown>>).find(
      (e) => e['displayName'] === 'cancel after booking',
    )!;
    const turns = (cancel['golden'] as { turns: Array<{ steps: Array<Record<string, unknown>> }> }).turns;
    const mocks = turns.map((t) => t.steps.filter((s) => JSON.stringify(s).includes('mockToolResponse')).length);
    expect(mocks).toEqual([1, 1, 1, 1]);
    const c = conversation('cancel after booking');
    expect(c.status).toBe('passed');
    expect(c.turns[3]!.result!.text).toBe('Your booking is cancelled and the deposit refunded.');
    // A mock configures the replay: it is not reported as a skipped check.
    expect(c.turns.flatMap((t) => t.assertions).map((a) => a.matcher)).toEqual(['text', 'text', 'text', 'text']);
  });

  it('useToolFakes is carried: fakes for that conversation, real tools for the others, in one command', async () => {
    expect(conversation('search with tool fakes').status).toBe('passed');
    expect(conversation('search with real tools').status).toBe('passed');
    const runs = await client.call('EvaluationService', 'ListEvaluationRuns', { parent: APP }, 'parent');
    const modes = (runs['evaluationRuns'] as Array<{ config: { toolCallBehaviour: string } }>).map(
      (r) => r.config.toolCallBehaviour,
    );
    expect(modes.sort()).toEqual(['FAKE', 'REAL']);
  });

  it('a conversation with nothing the platform can check is refused, not pushed to come back skipped', () => {
    const goodbye = push.entries.find((e) => e.title.endsWith('goodbye ends the session'))!;
    expect(goodbye).toMatchObject({ action: 'refused', reason: 'nothing the platform can check' });
    expect(goodbye.losses.map(describeUse)).toEqual([
      'turns[0].expect[0] (expectation.sessionEnded): golden expectations cannot check the end of the session',
      'the conversation (push.nothing): nothing left that the platform can check (it would report SKIPPED)',
    ]);
    // Not run, so reported as not evaluated: an error naming what push refuses.
    expect(result.conversations.find((c) => c.name === 'goodbye ends the session')).toMatchObject({
      status: 'error',
      error: { code: 'PLATFORM_REFUSED' },
    });
    expect(refused).toEqual([
      'specs/a.yaml › goodbye ends the session (expectation.sessionEnded, push.nothing)',
      'specs/a.yaml › an operator in the response (toolCallMatcher.response@operators)',
    ]);
  });

  it("durations and turn latencies come from the platform's turn latencies (they were all 0ms)", () => {
    const c = conversation('search with real tools');
    const latency = c.turns[0]!.result!.latency;
    expect(latency.totalMs).toBeGreaterThanOrEqual(20);
    expect(latency.serverMs).toBe(latency.totalMs);
    expect(c.durationMs).toBe(latency.totalMs);
    expect(c.attempts[0]!.durationMs).toBe(c.durationMs);
    const cancel = conversation('cancel after booking');
    expect(cancel.durationMs).toBeGreaterThanOrEqual(80);
  });

  it('a client tool left waiting is a client tool call and an error, not agent text {"role":"agent"}', () => {
    const c = conversation('a deposit nobody answers');
    expect(c.status).toBe('error');
    expect(c.error).toMatchObject({ code: 'UNANSWERED_CLIENT_TOOL' });
    expect(c.error!.message).toMatch(/^turn 1: client tool collect_payment was left waiting/);
    expect(c.turns[0]!.result!.toolCalls).toMatchObject([{ name: 'collect_payment', origin: 'client' }]);
    const text = c.turns[0]!.assertions[0]!;
    expect(text.message).toContain('observed no agent text');
    expect(text.message).not.toContain('{"role":"agent"}');
  });

  it('the push note names operators in a response as such (it spoke of toolCall args)', () => {
    const entry = push.entries.find((e) => e.title.endsWith('an operator in the response'))!;
    expect(entry.losses.map(describeUse)).toEqual([
      'turns[0].expect[0] (toolCallMatcher.response@operators): ' +
        'the platform compares values literally ($regex, $any, $gt, … are not read)',
    ]);
  });

  it('pull gives back the fakes, useToolFakes and the turns; pushing the pulled spec changes nothing', async () => {
    const pulled = await pullEvaluations(client, {});
    expect(pulled.notes).toEqual([]);
    const file = pulled.files.find((f) => f.path === 'specs/a.yaml')!;
    const byName = Object.fromEntries(file.conversations.map((c) => [String(c['name']), c]));
    expect(byName['cancel after booking']).toMatchObject({
      toolFakes: [{ tool: 'collect_payment', respond: { payment_ref: 'PAY-2' } }],
    });
    expect(byName['search with tool fakes']).toMatchObject({ useToolFakes: true });
    const doc = new Document({ app: file.app, conversations: file.conversations });
    await project.write('pulled/specs/a.yaml', doc.toString());
    const again = await loadSpecs(['specs/a.yaml'], { cwd: path.join(project.dir, 'pulled') });
    expect(again.errors).toEqual([]);
    const repush = await pushSpecs(again.files, client, { dryRun: true });
    expect(repush.entries.map((e) => [e.title, e.action])).toEqual(
      file.conversations.map((c) => [`specs/a.yaml › ${String(c['name'])}`, 'unchanged']),
    );
  });

  it('--lossy pushes a refused conversation with its losses in the description, not one with no check', async () => {
    const lossy = await pushSpecs(files, client, { lossy: true });
    const actions = Object.fromEntries(lossy.entries.map((e) => [e.title.split(' › ')[1], e.action]));
    expect(actions).toMatchObject({ 'an operator in the response': 'create', 'goodbye ends the session': 'refused' });
    const list = await client.call('EvaluationService', 'ListEvaluations', { parent: APP }, 'parent');
    const pushed = (list['evaluations'] as Array<Record<string, unknown>>).find(
      (e) => e['displayName'] === 'an operator in the response',
    )!;
    expect(pushed['description']).toBe(
      'cxas-eval spec: specs/a.yaml › an operator in the response\n' +
        'not carried (pushed with --lossy):\n' +
        '- turns[0].expect[0] (toolCallMatcher.response@operators): ' +
        'the platform compares values literally ($regex, $any, $gt, … are not read)',
    );
  });
});
