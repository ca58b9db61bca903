// A turns-per-second quota far below --concurrency: the throttle lowers the turns in flight and
// serves them first come, first served, so every conversation passes within a short --timeout.
// Before, a lowered limit only held back conversations not yet started: the sixteen running ones
// raced for five turns a second with random back-off, and most ran out of time.
import { describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';
import type { RunResult } from '../../src/model/result.js';
import { echoApp } from './apps.js';

const N = 16;
const conversation = (i: number): string =>
  `  - name: c${i}\n    turns:\n      - user: hello ${i}\n` +
  `        expect: [ { text: { contains: "hello ${i}" } } ]\n      - user: again ${i}`;
const spec = `conversations:\n${Array.from({ length: N }, (_, i) => conversation(i)).join('\n')}\n`;

describe('a turns-per-second quota below the concurrency', () => {
  it('every conversation passes: time queued for the quota is not part of a turn timeout or its latency', async () => {
    const p = await tempProject({
      'app.yaml': echoApp({ faults: '{ quotaTurnsPerSecond: 5 }' }),
      'specs/q.yaml': spec,
    });
    try {
      // 32 turns at 5 a second (5 at once): about 6 s. Each turn waits at most ~200 ms for its own
      // token, far inside 2 s, but up to seconds behind the others.
      const args = runArgs({ app: 'app.yaml' }, '--concurrency', String(N), '--timeout', '2000', '--retries', '0');
      const res = await runCli(args, { cwd: p.dir });
      const results = await readJson<RunResult>(path.join(p.dir, 'out/results.json'));
      const errors = results.conversations.filter((c) => c.error).map((c) => `${c.name}: ${c.error!.message}`);
      expect(errors, res.stderr).toEqual([]);
      expect(results.summary).toMatchObject({ total: N, passed: N });
      expect(res.code).toBe(0);
      for (const c of results.conversations) {
        expect(c.attempts).toHaveLength(1);
        for (const t of c.turns) expect(t.result!.latency.totalMs).toBeLessThan(1000);
      }
    } finally {
      await p.cleanup();
    }
  }, 60_000);
});
