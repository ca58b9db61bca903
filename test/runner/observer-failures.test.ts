// An observer's conversation hook that throws, rejects or never settles is that conversation's
// error (OBSERVER_FAILED), never the run's: executeRun resolves once every planned conversation has
// its result, with nothing left running behind it. The real client and the in-process emulator.
import { describe, expect, it } from 'vitest';
import { rescoreRun } from '../../src/runner/run/index.js';
import type { RunObserver } from '../../src/model/observer.js';
import type { SpecFile } from '../../src/model/spec.js';
import { ROOT } from '../helpers/cli.js';
import { demoSessions, helloConversation, runOnDemo } from '../helpers/demo-sessions.js';

const demo = demoSessions();

const conversation = helloConversation;

/** Runs a, b, c one at a time; `observer` is told of everything, `events` records what it was told. */
async function runWith(observer: RunObserver, { timeoutMs = 10_000, retries = 0 } = {}) {
  const events: string[] = [];
  const files: SpecFile[] = [
    { file: 'mem.yaml', format: 'native', conversations: ['a', 'b', 'c'].map((n) => conversation(n)) },
  ];
  const name = (id: string) => id.split('#')[1];
  const outcome = await runOnDemo(demo, files, {
    retries,
    timeoutMs,
    observer: {
      onConversationStart: (c) => {
        events.push(`start ${c.name}`);
        return observer.onConversationStart?.(c);
      },
      onTurnEnd: (id, t) => {
        events.push(`turn ${name(id)} ${t.index}`);
        return observer.onTurnEnd?.(id, t);
      },
      onConversationEnd: (c) => {
        events.push(`end ${c.name} ${c.status}`);
        return observer.onConversationEnd?.(c);
      },
    },
  });
  // Nothing goes on once executeRun has resolved.
  const settled = events.length;
  await new Promise((r) => setTimeout(r, 300));
  expect(events).toHaveLength(settled);
  return { result: outcome.result, events };
}

const verdicts = (r: { conversations: readonly { name: string; status: string }[] }) =>
  r.conversations.map((c) => `${c.name} ${c.status}`);

describe('an observer hook that fails is its conversation error, never the run', () => {
  it('onConversationStart throws: that conversation is not run, ends error; the others run', async () => {
    const { result, events } = await runWith({
      onConversationStart: (c) => {
        if (c.name === 'b') throw new Error('start boom');
      },
    });
    expect(verdicts(result)).toEqual(['a passed', 'b error', 'c passed']);
    expect(result.conversations[1]).toMatchObject({
      attempts: [],
      turns: [],
      error: { code: 'OBSERVER_FAILED', message: 'observer onConversationStart threw: start boom' },
    });
    expect(events).toEqual([
      'start a',
      'turn a 0',
      'turn a 1',
      'end a passed',
      'start b',
      'end b error',
      'start c',
      'turn c 0',
      'turn c 1',
      'end c passed',
    ]);
  });

  it('onConversationEnd rejects: that conversation ends error in the run, the observer saw its verdict', async () => {
    const { result, events } = await runWith({
      onConversationEnd: async (c) => {
        if (c.name === 'a') throw new Error('end boom');
      },
    });
    expect(verdicts(result)).toEqual(['a error', 'b passed', 'c passed']);
    expect(result.conversations[0]!.error).toEqual({
      code: 'OBSERVER_FAILED',
      message: 'observer onConversationEnd threw: end boom',
      transient: false,
    });
    // The turns it ran are kept.
    expect(result.conversations[0]!.turns.map((t) => Boolean(t.result))).toEqual([true, true]);
    expect(events.filter((e) => e.startsWith('end'))).toEqual(['end a passed', 'end b passed', 'end c passed']);
    expect(result.status).toBe('error');
  });

  it('a hook that never settles is cut off after the run timeout: the run ends, each conversation error', async () => {
    const never = new Promise<void>(() => {});
    const t0 = Date.now();
    const { result } = await runWith(
      {
        onConversationStart: (c) => (c.name === 'a' ? never : undefined),
        onTurnEnd: (id, t) => (id.includes('#b#') && t.index === 1 ? never : undefined),
        onConversationEnd: (c) => (c.name === 'c' ? never : undefined),
      },
      { timeoutMs: 400 },
    );
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(verdicts(result)).toEqual(['a error', 'b error', 'c error']);
    expect(result.conversations.map((c) => c.error?.message)).toEqual([
      'observer onConversationStart did not settle within 400 ms (the run timeout)',
      'observer onTurnEnd did not settle within 400 ms (the run timeout)',
      'observer onConversationEnd did not settle within 400 ms (the run timeout)',
    ]);
    expect(result.conversations[1]!.error).toMatchObject({ code: 'OBSERVER_FAILED', turn: 1 });
  });

  it('onTurnEnd that throws is named as an observer failure, at its turn, and not retried', async () => {
    const { result } = await runWith(
      {
        onTurnEnd: (id, t) => {
          // A transient-looking error from an observer is no reason to run the conversation again.
          if (id.includes('#a#') && t.index === 0) throw Object.assign(new Error('turn boom'), { transient: true });
        },
      },
      { retries: 2 },
    );
    expect(verdicts(result)).toEqual(['a error', 'b passed', 'c passed']);
    expect(result.conversations[0]!.error).toMatchObject({
      code: 'OBSERVER_FAILED',
      message: 'observer onTurnEnd threw: turn boom',
      turn: 0,
    });
    expect(result.conversations[0]!.attempts).toHaveLength(1);
  });

  it('onRunStart that fails or never settles rejects executeRun before anything was sent', async () => {
    const files: SpecFile[] = [{ file: 'mem.yaml', format: 'native', conversations: [conversation('a')] }];
    const started: string[] = [];
    const runStart = (onRunStart: RunObserver['onRunStart']) =>
      runOnDemo(demo, files, {
        timeoutMs: 300,
        observer: { onRunStart, onConversationStart: (c) => void started.push(c.name) },
      });
    await expect(runStart(() => new Promise(() => {}))).rejects.toThrow(
      'observer onRunStart did not settle within 300 ms (the run timeout)',
    );
    await expect(
      runStart(() => {
        throw new Error('no');
      }),
    ).rejects.toThrow('observer onRunStart threw: no');
    expect(started).toEqual([]);
  });

  it('rescore too: onConversationEnd failing or hanging is that conversation error, the rescore resolves', async () => {
    const { result: recorded } = await runWith({});
    const files: SpecFile[] = [
      { file: 'mem.yaml', format: 'native', conversations: ['a', 'b', 'c'].map((n) => conversation(n)) },
    ];
    const outcome = await rescoreRun({
      files,
      recorded,
      cwd: ROOT,
      concurrency: 1,
      timeoutMs: 300,
      observer: {
        onConversationEnd: (c) => {
          if (c.name === 'a') throw new Error('end boom');
          return c.name === 'b' ? new Promise<void>(() => {}) : undefined;
        },
      },
    });
    expect(verdicts(outcome.result)).toEqual(['a error', 'b error', 'c passed']);
    expect(outcome.result.conversations.map((c) => c.error?.message)).toEqual([
      'observer onConversationEnd threw: end boom',
      'observer onConversationEnd did not settle within 300 ms (the run timeout)',
      undefined,
    ]);
  });

  it('rescore too: what onConversationEnd is handed is frozen, so it cannot change the verdict', async () => {
    const { result: recorded } = await runWith({});
    // The recorded conversation with a check the agent's reply fails: the rescore's verdict is `failed`.
    const failing = conversation('a');
    const expectation = { matcher: 'text' as const, negated: false, options: { equals: 'not what the agent says' } };
    failing.turns[0]!.expect = [expectation] as (typeof failing.turns)[0]['expect'];
    const outcome = await rescoreRun({
      files: [{ file: 'mem.yaml', format: 'native', conversations: [failing] }],
      recorded,
      cwd: ROOT,
      concurrency: 1,
      timeoutMs: 2_000,
      observer: {
        onConversationEnd: (c) => {
          (c as { status: string }).status = 'passed';
        },
      },
    });
    expect(outcome.result.conversations.map((c) => [c.status, c.error?.code])).toEqual([['error', 'OBSERVER_FAILED']]);
    expect(outcome.result.status).not.toBe('passed');
  });
});
