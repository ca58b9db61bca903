// A hard abort while a conversation's custom matcher runs (its worker is stopped, the expectation
// becomes an `error` "was stopped: the run ended") ends that conversation `interrupted`, not `error`:
// it was running when the run was cut (src/runner/README.md). Through the library's `signal`, and
// through the CLI's first Ctrl-C whose grace (the run's timeout) runs out.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/library/run.js';
import type { ConversationResult, RunResult } from '../../src/model/result.js';
import { readJson, startCli, tempProject } from '../helpers/cli.js';
import { echoApp } from './apps.js';

const SPEC = `conversations:
  - name: slow check
    turns:
      - user: hello
        expect: [ { custom: { module: ../checks/slow.mjs, timeoutMs: 20000 } } ]
`;

describe('a hard abort while a custom matcher runs', async () => {
  const p = await tempProject({
    'app.yaml': echoApp(),
    'specs/s.yaml': SPEC,
    // Says it was called, then takes 10 s: only the abort can end it in time.
    'checks/slow.mjs': `import { writeFileSync } from 'node:fs';
export default async () => {
  writeFileSync(new URL('./CALLED', import.meta.url), 'yes');
  await new Promise((r) => setTimeout(r, 10000));
  return true;
};
`,
  });
  afterAll(() => p.cleanup());
  const called = path.join(p.dir, 'checks/CALLED');

  async function matcherCalled(): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (!existsSync(called) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(existsSync(called), 'the matcher was called').toBe(true);
  }

  function expectInterrupted(c: ConversationResult | undefined): void {
    expect(c?.status).toBe('interrupted');
    expect(c?.error?.code).toBe('INTERRUPTED');
    expect(c?.attempts.map((a) => a.status)).toEqual(['interrupted']);
    // What the matcher said is kept as evidence; it does not make the conversation an `error`.
    expect(c?.turns[0]?.assertions.map((a) => [a.status, a.message])).toEqual([
      ['error', expect.stringContaining('was stopped: the run ended')],
    ]);
  }

  it('library: `signal` aborted during the matcher: the conversation is interrupted', async () => {
    await rm(called, { force: true });
    const controller = new AbortController();
    const { result, exitCode } = await Promise.all([
      run({
        cwd: p.dir,
        emulator: 'app.yaml',
        outputDir: 'lib-out',
        reporters: ['json'],
        history: false,
        coverage: false,
        signal: controller.signal,
        io: { out: () => {}, warn: () => {} },
      }),
      matcherCalled().then(() => controller.abort()),
    ]).then(([outcome]) => outcome);
    expect(exitCode).toBe(130);
    expect(result.status).toBe('interrupted');
    expectInterrupted(result.conversations[0]);
  }, 30_000);

  it('CLI: first Ctrl-C, then the grace runs out during the matcher: interrupted, exit 130', async () => {
    await rm(called, { force: true });
    const args = ['run', 'specs', '--emulator', 'app.yaml', '--no-history', '--timeout', '2000'];
    const { child, done } = startCli([...args, '--reporter', 'json,list', '--output-dir', 'cli-out'], { cwd: p.dir });
    await matcherCalled();
    child.kill('SIGINT');
    const res = await done;
    expect(res.code, res.stdout + res.stderr).toBe(130);
    expect(res.stdout).toContain('1 interrupted');
    const results = await readJson<RunResult>(path.join(p.dir, 'cli-out/results.json'));
    expect(results.status).toBe('interrupted');
    expectInterrupted(results.conversations[0]);
  }, 30_000);
});
