// Every wait is bounded by the caller's deadline (issue 32): a quota rejection whose RetryInfo is
// longer than the turn's --timeout fails the turn at once instead of sleeping 60 times over, and a
// message over gRPC's size limit (RESOURCE_EXHAUSTED too) is not retried as quota.
import { afterAll, describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';
import type { RunResult } from '../../src/model/result.js';
import { echoApp } from './apps.js';

describe('waits bounded by deadlines', async () => {
  const p = await tempProject({
    'quota.yaml': echoApp({ faults: '{ resourceExhausted: 1, retryDelayMs: 5000 }' }),
    'app.yaml': echoApp(),
    'specs/quota.yaml': 'conversations:\n  - name: quota\n    turns: [ { user: hi } ]\n',
    // The echo of 4.5 MB is over gRPC's default 4 MB receive limit.
    'specs/large.yaml': `conversations:\n  - name: large\n    turns: [ { user: ${'x'.repeat(4_500_000)} } ]\n`,
  });
  afterAll(() => p.cleanup());

  it('a 5 s RetryInfo under --timeout 1000 --retries 0 fails the turn within its timeout', async () => {
    const t0 = Date.now();
    const args = runArgs({ specs: 'specs/quota.yaml', app: 'quota.yaml' }, '--timeout', '1000', '--retries', '0');
    const res = await runCli(args, { cwd: p.dir });
    // Start-up and reports included; the bug took 300 s.
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(res.code, res.stderr).toBe(1);
    const c = (await readJson<RunResult>(path.join(p.dir, 'out/results.json'))).conversations[0]!;
    expect(c.status).toBe('error');
    expect(c.error!.message).toMatch(
      /quota: still rejected after 0 waits.*1000 ms timeout \(the server asked to wait 5000 ms\)/,
    );
  }, 40_000);

  it('"Received message larger than max" fails at once, without quota waits or retries', async () => {
    const args = runArgs({ specs: 'specs/large.yaml', app: 'app.yaml', outputDir: 'out-large' }, '--retries', '2');
    const res = await runCli(args, { cwd: p.dir });
    expect(res.code, res.stderr).toBe(1);
    const c = (await readJson<RunResult>(path.join(p.dir, 'out-large/results.json'))).conversations[0]!;
    expect(c.status).toBe('error');
    expect(c.error!.code).toBe('MESSAGE_TOO_LARGE');
    expect(c.attempts ?? []).toHaveLength(1);
  }, 40_000);
});
