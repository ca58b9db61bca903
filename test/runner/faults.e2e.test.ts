// Fault injection: every conversation is accounted for; transient faults are retried in fresh
// sessions (or re-sent, for quota rejections) and the attempts show in the results.
import { describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';
import type { RunResult } from '../../src/model/result.js';
import { echoApp } from './apps.js';

const N = 12;
const conversation = (i: number): string =>
  `  - name: c${i}\n    turns:\n      - user: hello ${i}\n` +
  `        expect: [ { text: { contains: "hello ${i}" } } ]\n      - user: again ${i}`;
const spec = `conversations:\n${Array.from({ length: N }, (_, i) => conversation(i)).join('\n')}\n`;

async function runWith(faults: string, extra: string[] = []) {
  const p = await tempProject({ 'app.yaml': echoApp({ faults }), 'specs/f.yaml': spec });
  try {
    const res = await runCli(runArgs({ app: 'app.yaml' }, '--concurrency', '4', ...extra), { cwd: p.dir });
    return { ...res, results: await readJson<RunResult>(path.join(p.dir, 'out/results.json')) };
  } finally {
    await p.cleanup();
  }
}

describe('fault injection', () => {
  it.each([
    ['UNAVAILABLE', '{ unavailable: 0.25 }'],
    ['dropped streams', '{ dropStream: 0.25 }'],
    ['RESOURCE_EXHAUSTED', '{ resourceExhausted: 0.3, retryDelayMs: 20 }'],
  ])('recovers from %s with retries and accounts for every conversation', async (_name, faults) => {
    const { code, results, stderr } = await runWith(faults, ['--retries', '6']);
    expect(results.summary.total).toBe(N);
    expect(
      results.conversations.every((c) => c.status === 'passed'),
      stderr,
    ).toBe(true);
    expect(code).toBe(0);
  });

  it('shows retries in results, and ends in error (not a hang) when retries run out', async () => {
    // Every turn fails, so every conversation makes its attempt and one retry, each in a fresh session.
    const { code, results } = await runWith('{ unavailable: 1, retryDelayMs: 20 }', ['--retries', '1']);
    expect(code).toBe(1);
    expect(results.summary).toMatchObject({ total: N, passed: 0, error: N });
    for (const c of results.conversations) {
      expect(c).toMatchObject({ status: 'error', error: { code: 'UNAVAILABLE' } });
      expect(c.attempts.map((a) => [a.status, a.error?.code])).toEqual([
        ['error', 'UNAVAILABLE'],
        ['error', 'UNAVAILABLE'],
      ]);
      expect(c.attempts[0]!.retryDelayMs).toBeGreaterThanOrEqual(0);
      expect(new Set(c.attempts.map((a) => a.sessionId)).size).toBe(2);
    }
  });

  it('stays within a turns-per-second quota without errors', async () => {
    const { code, results, stderr } = await runWith('{ quotaTurnsPerSecond: 40, retryDelayMs: 25 }', [
      '--concurrency',
      '16',
    ]);
    expect(code, stderr).toBe(0);
    expect(results.summary.passed).toBe(N);
  });
});
