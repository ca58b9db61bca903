// executeRun at the API level: hand-built specs, the real client, the in-process emulator.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Sessions } from '../../src/client/sessions.js';
import { executeRun } from '../../src/runner/run/index.js';
import { expectationOf, type WrittenOptions } from '../../src/model/expectation-options.js';
import type { ConversationSpec, Expectation, MatcherName, SpecFile, TurnSpec } from '../../src/model/spec.js';
import { demoSessions, memConversation, runOnDemo } from '../helpers/demo-sessions.js';

const demo = demoSessions();

/** An expectation as the loader makes it of options written in a spec. */
const expect_ = <K extends MatcherName>(matcher: K, options: WrittenOptions[K], negated = false): Expectation =>
  expectationOf(matcher, options, { match: 'lenient', scope: 'turn' }, negated);
const user = (text: string, expect: Expectation[] = []): TurnSpec => ({ input: { kind: 'text', text }, expect });
const conversation = memConversation;
const run = (conversations: ConversationSpec[], extra: Partial<Parameters<typeof executeRun>[0]> = {}) => {
  const files: SpecFile[] = [{ file: 'mem.yaml', format: 'native', conversations }];
  return runOnDemo(demo, files, { concurrency: 4, ...extra });
};

describe('executeRun', () => {
  it('runs turns in one session and judges assertions', async () => {
    const { result } = await run([
      conversation('welcome then pin', [
        { input: { kind: 'event', event: 'WELCOME' }, expect: [expect_('text', { contains: 'Welcome' })] },
        { input: { kind: 'dtmf', digits: '1234#' }, expect: [expect_('variables', { authenticated: true })] },
        user('balance', [expect_('toolCall', { name: 'lookup_account' }), expect_('text', { contains: '$42.5' })]),
      ]),
      conversation('fails', [user('hello', [expect_('text', { contains: 'nope' })])]),
    ]);
    expect(result.conversations.map((c) => c.error?.message ?? c.status)).toEqual(['passed', 'failed']);
    const [first] = result.conversations;
    expect(first!.turns.map((t) => t.result!.turnIndex)).toEqual([1, 2, 3]);
    expect(first!.attempts).toHaveLength(1);
    expect(result.summary).toMatchObject({ total: 2, passed: 1, failed: 1 });
    expect(result.status).toBe('failed');
  });

  it('replays a finished conversation as history for a dependent one (scrapi test_name)', async () => {
    const { result } = await run([
      conversation('first', [user('I want to talk to a human', [expect_('transfer', 'billing_agent')])]),
      conversation('second', [user('what is my balance', [expect_('text', { contains: 'Billing sees' })])], {
        history: { afterConversation: 'first' },
      }),
    ]);
    expect(result.conversations.map((c) => [c.name, c.status])).toEqual([
      ['first', 'passed'],
      ['second', 'passed'],
    ]);
  });

  it('skips a dependent conversation whose dependency failed, with the reason', async () => {
    const { result } = await run([
      conversation('first', [user('hello', [expect_('text', { contains: 'nope' })])]),
      conversation('second', [user('hello')], { history: { afterConversation: 'first' } }),
    ]);
    expect(result.conversations[1]).toMatchObject({
      status: 'skipped',
      skipReason: 'depends on "first", which did not pass (failed)',
    });
  });

  it('fails (behaviour, not infrastructure) when the agent ends the session before the spec does', async () => {
    const { result } = await run([
      conversation('early end', [user('bye', [expect_('text', { contains: 'Goodbye' })]), user('are you there?')]),
    ]);
    const [c] = result.conversations;
    expect(c).toMatchObject({ status: 'failed' });
    expect(c!.error).toBeUndefined();
    expect(c!.turns.map((t) => t.assertions.map((a) => a.status))).toEqual([['passed']]);
    expect(c!.assertions).toEqual([
      expect.objectContaining({
        matcher: 'sessionEnded',
        status: 'failed',
        turn: 0,
        message: 'the agent ended the session at turn 1 (reason: user_goodbye); 1 more turn of the spec was not sent',
      }),
    ]);
  });

  it("keeps every answered turn's result and assertions when a later turn fails before it is sent", async () => {
    const ended: number[] = [];
    const { result } = await run(
      [
        conversation('bad fixture on turn 3', [
          { input: { kind: 'event', event: 'WELCOME' }, expect: [expect_('text', { contains: 'Welcome' })] },
          user('hello', [expect_('text', { contains: 'nope' })]),
          { input: { kind: 'blob', file: 'no/such/file.bin', mimeType: 'application/octet-stream' }, expect: [] },
        ]),
      ],
      { observer: { onTurnEnd: (_id, turn) => void ended.push(turn.index) } },
    );
    const [c] = result.conversations;
    expect(c).toMatchObject({ status: 'error', error: { code: 'BAD_FIXTURE', turn: 2 } });
    expect(
      c!.turns.map((t) => [t.index, t.assertions.map((a) => a.status), Boolean(t.result), Boolean(t.error)]),
    ).toEqual([
      [0, ['passed'], true, false],
      [1, ['failed'], true, false],
      [2, [], false, true],
    ]);
    expect(c!.turns[1]!.result!.text).not.toBe('');
    expect(ended).toEqual([0, 1]);
  });

  it('refuses inline data that is not base64 (a spec built in code), instead of sending garbage bytes', async () => {
    const { result } = await run([
      conversation('path as data', [
        { input: { kind: 'blob', data: 'fixtures/receipt.pdf', mimeType: 'application/pdf' }, expect: [] },
      ]),
    ]);
    const [c] = result.conversations;
    expect(c).toMatchObject({ status: 'error', error: { code: 'BAD_FIXTURE', turn: 0 } });
    expect(c!.error!.message).toContain('data: not base64: "." at character 17');
  });

  it('blames the turn whose onTurnEnd hook threw, even when it ran after the next request went out', async () => {
    const { result } = await run(
      [conversation('hook throws', [user('hello'), user('hello again'), user('and again')])],
      {
        observer: {
          onTurnEnd: (_id, turn) => {
            if (turn.index === 0) throw new Error('reporter broke');
          },
        },
      },
    );
    const [c] = result.conversations;
    expect(c).toMatchObject({
      status: 'error',
      error: { code: 'OBSERVER_FAILED', message: 'observer onTurnEnd threw: reporter broke', turn: 0 },
    });
    expect(c!.turns[0]!.result).toBeDefined();
    expect(c!.turns).toHaveLength(2);
  });

  it('errors, never passes, an audio turn whose file is not a WAV (the client would take it as raw PCM)', async () => {
    // The loader refuses such a file; this one changed after loading, or the specs were built by hand.
    const dir = mkdtempSync(path.join(tmpdir(), 'cxas-audio-'));
    const mp3 = path.join(dir, 'song.mp3');
    writeFileSync(mp3, Buffer.concat([Buffer.from('ID3\x04'), Buffer.alloc(32000, 0x55)]));
    const voice = new Sessions({
      appName: demo.emulator.appName,
      endpoint: demo.emulator.address,
      websocketEndpoint: demo.emulator.wsUrl!,
      insecure: true,
      audio: { pacing: 'fast' },
    });
    try {
      const { result } = await run(
        [conversation('mp3', [{ input: { kind: 'audio', file: mp3 }, expect: [] }], { modality: 'audio' })],
        { sessions: voice },
      );
      const c = result.conversations[0]!;
      expect(c).toMatchObject({ status: 'error', error: { code: 'BAD_AUDIO', turn: 0 } });
      expect(c.error!.message).toBe(`${mp3}: not a WAV file: no RIFF/WAVE header (audio files are 16-bit PCM WAV)`);
    } finally {
      voice.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops scheduling after --max-failures and says why', async () => {
    const failing = Array.from({ length: 5 }, (_, i) =>
      conversation(`f${i}`, [user('hello', [expect_('text', { contains: 'nope' })])]),
    );
    const { result } = await run(failing, { concurrency: 1, maxFailures: 2 });
    expect(result.conversations.map((c) => c.status)).toEqual(['failed', 'failed', 'skipped', 'skipped', 'skipped']);
    expect(result.conversations[2]!.skipReason).toBe('not started: --max-failures 2 reached');
  });

  it('runs after the suite (moreConversations) are planned runs: in the total, not started after a stop', async () => {
    const totals: number[] = [];
    const asked: unknown[] = [];
    const { result } = await run([conversation('fails', [user('hello', [expect_('text', { contains: 'nope' })])])], {
      concurrency: 1,
      maxFailures: 1,
      observer: { onRunStart: (info) => void totals.push(info.total) },
      morePlanned: 2,
      moreConversations: async (control) => {
        asked.push(control.notStarted(), control.notStarted());
        return [];
      },
    });
    expect(totals).toEqual([3]);
    const reason = 'not started: --max-failures 1 reached';
    expect(asked).toEqual([
      { status: 'skipped', reason },
      { status: 'skipped', reason },
    ]);
    expect(result.errors).toContainEqual({
      code: 'MAX_FAILURES',
      message: '--max-failures 1 reached: 2 conversation run(s) not started',
    });
  });
});
