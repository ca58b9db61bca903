// A retry must never hide a failed assertion: an attempt whose turn failed an expectation and whose
// next turn then hit a transient error is not retried (README "Retry policy" in src/runner).
// Two real emulators over loopback, both playing the demo app: a healthy one, and one that answers
// every turn UNAVAILABLE (a real transport error through the real client).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { Sessions } from '../../src/client/sessions.js';
import { executeRun } from '../../src/runner/run/index.js';
import { expectationOf } from '../../src/model/expectation-options.js';
import type { ConversationSpec, SpecFile } from '../../src/model/spec.js';
import type { SessionsPort } from '../../src/runner/run/session-port.js';
import { ROOT } from '../helpers/cli.js';

const APP = path.join(ROOT, 'specs/demo/app.yaml');
let healthy: RunningEmulator;
let down: RunningEmulator;
let good: Sessions;
let bad: Sessions;
beforeAll(async () => {
  healthy = await startEmulator({ app: APP });
  down = await startEmulator({ app: APP, overrides: { faults: { unavailable: 1 } } });
  good = new Sessions({ appName: healthy.appName, endpoint: healthy.address, insecure: true });
  bad = new Sessions({ appName: down.appName, endpoint: down.address, insecure: true });
});
afterAll(async () => {
  good?.close();
  bad?.close();
  await healthy?.stop();
  await down?.stop();
});

/**
 * The agent answers the first request wrongly (a flaky agent: the healthy emulator's reply to other
 * words), the second request meets the unavailable emulator, and every later one is answered right.
 */
function flakyThenUnavailable(): SessionsPort & { calls: () => number } {
  let calls = 0;
  return {
    appName: good.appName,
    calls: () => calls,
    createSessionId: () => good.createSessionId(),
    run: (opts) => {
      calls++;
      if (calls === 1) return good.run({ ...opts, text: 'hello there' });
      if (calls === 2) return bad.run(opts);
      return good.run(opts);
    },
  };
}

const spec: ConversationSpec = {
  id: 'mem.yaml#card then refund',
  name: 'card then refund',
  file: 'mem.yaml',
  tags: [],
  repeat: 1,
  modality: 'text',
  toolFakes: [],
  expect: [],
  format: 'native',
  turns: [
    {
      input: { kind: 'text', text: 'show me the card' },
      expect: [expectationOf('text', { contains: 'premium plan' }, { match: 'lenient', scope: 'turn' })],
    },
    { input: { kind: 'text', text: 'refund' }, expect: [] },
  ],
};

/** The spec's one conversation, run through `sessions` with two retries. */
async function runOnceWith(sessions: SessionsPort) {
  const files: SpecFile[] = [{ file: 'mem.yaml', format: 'native', conversations: [spec] }];
  const { result } = await executeRun({
    files,
    sessions,
    target: { emulator: true, apiVersion: 'v1' },
    cwd: ROOT,
    concurrency: 1,
    retries: 2,
    timeoutMs: 10_000,
  });
  return result.conversations[0];
}

describe('retries and failed assertions', () => {
  it('does not retry an attempt whose assertion failed before a transient error: the failure stays', async () => {
    const sessions = flakyThenUnavailable();
    const c = await runOnceWith(sessions);
    expect(c!.status).not.toBe('passed');
    expect(sessions.calls()).toBe(2);
    expect(c!.attempts.map((a) => [a.status, a.error?.code])).toEqual([['error', 'UNAVAILABLE']]);
    expect(c!.turns.map((t) => t.assertions.map((a) => a.status))).toEqual([['failed'], []]);
    expect(c!.turns[0]!.assertions[0]!.message).toMatch(/premium plan/);
    expect(c!.error).toMatchObject({ code: 'UNAVAILABLE', transient: true, turn: 1 });
  });

  it('still retries a transient error when no assertion had failed', async () => {
    let calls = 0;
    const sessions: SessionsPort = {
      appName: good.appName,
      createSessionId: () => good.createSessionId(),
      run: (opts) => (++calls === 2 ? bad.run(opts) : good.run(opts)),
    };
    const c = await runOnceWith(sessions);
    expect(c!.attempts.map((a) => [a.status, a.error?.code])).toEqual([
      ['error', 'UNAVAILABLE'],
      ['passed', undefined],
    ]);
    expect(c!.status).toBe('passed');
  });
});
