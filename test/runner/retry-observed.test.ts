// A retried attempt is discarded, and observers are told (onAttemptDiscarded) before the next attempt
// reports its turns again from the first: per-turn progress counts the final attempt's turns only, so
// the list reporter's "turns N/M" never passes what was planned. The real client and the emulator;
// the sessions port drops the second request of each conversation's first attempt (UNAVAILABLE).
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { type SessionsPort } from '../../src/runner/run/index.js';
import { createListReporter } from '../../src/reporters/list.js';
import type { RunObserver } from '../../src/model/observer.js';
import type { SpecFile } from '../../src/model/spec.js';
import { demoSessions, helloConversation, runOnDemo } from '../helpers/demo-sessions.js';

const demo = demoSessions();

const conversation = helloConversation;

/** The real client, but the second request of each conversation's first session fails as UNAVAILABLE. */
function flakyPort(): SessionsPort {
  const owner = new Map<string, string>();
  const requests = new Map<string, number>();
  const firstSession = new Map<string, string>();
  return {
    appName: demo.sessions.appName,
    createSessionId(o) {
      const id = demo.sessions.createSessionId();
      if (o && !firstSession.has(o.id)) firstSession.set(o.id, id);
      owner.set(id, o?.id ?? '');
      return id;
    },
    run(opts) {
      const n = (requests.get(opts.sessionId) ?? 0) + 1;
      requests.set(opts.sessionId, n);
      if (firstSession.get(owner.get(opts.sessionId)!) === opts.sessionId && n === 2) {
        return Promise.reject(
          Object.assign(new Error('injected UNAVAILABLE'), { code: 'UNAVAILABLE', transient: true }),
        );
      }
      return demo.sessions.run(opts);
    },
  };
}

const runFlaky = (observer: RunObserver) => {
  const files: SpecFile[] = [
    { file: 'mem.yaml', format: 'native', conversations: [conversation('three', 3), conversation('two', 2)] },
  ];
  return runOnDemo(demo, files, { sessions: flakyPort(), retries: 2, observer });
};

describe('a retried attempt, as observers see it', () => {
  it('is announced as discarded before the next attempt reports its turns from the first again', async () => {
    const events: string[] = [];
    const { result } = await runFlaky({
      onTurnEnd: (id, t) => void events.push(`${id.split('#')[1]} turn ${t.index}`),
      onAttemptDiscarded: (id, a) => void events.push(`${id.split('#')[1]} discarded ${a.attempt} ${a.error?.code}`),
      onConversationEnd: (c) => void events.push(`${c.name} ${c.status}`),
    });
    expect(result.conversations.map((c) => [c.name, c.status, c.attempts.length])).toEqual([
      ['three', 'passed', 2],
      ['two', 'passed', 2],
    ]);
    expect(events).toEqual([
      'three turn 0',
      'three discarded 1 UNAVAILABLE',
      'three turn 0',
      'three turn 1',
      'three turn 2',
      'three passed',
      'two turn 0',
      'two discarded 1 UNAVAILABLE',
      'two turn 0',
      'two turn 1',
      'two passed',
    ]);
  });

  it("the list reporter's turn progress counts the final attempts: never past the planned turns", async () => {
    const stream = new PassThrough();
    let out = '';
    stream.on('data', (d: Buffer) => (out += d.toString()));
    const list = createListReporter({ outputDir: 'out', stream, isTTY: true, env: { NO_COLOR: '1' } });
    const { result } = await runFlaky(list);
    await list.onRunEnd?.(result);
    const progress = [...stripVTControlCharacters(out).matchAll(/turns (\d+)\/(\d+)/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every(([done, total]) => total === 5 && done! <= 5)).toBe(true);
    expect(progress.at(-1)).toEqual([5, 5]);
  });

  it('an observer that fails to hear of it ends the conversation as its error, with no further attempt', async () => {
    const { result } = await runFlaky({
      onAttemptDiscarded: () => {
        throw new Error('cannot take it back');
      },
    });
    expect(result.conversations[0]).toMatchObject({
      status: 'error',
      error: { code: 'OBSERVER_FAILED', message: 'observer onAttemptDiscarded threw: cannot take it back' },
    });
    expect(result.conversations[0]!.attempts).toHaveLength(1);
  });
});
