// Verdicts through the CLI against the emulator: behaviour (failed) vs infrastructure (error),
// passRate > 0, --max-failures counted after goldens, goldens compared only when asked.
import { afterAll, describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';
import type { RunResult } from '../../src/model/result.js';

describe('verdicts through the CLI', async () => {
  const p = await tempProject({});
  afterAll(() => p.cleanup());
  const run = (spec: string, extra: string[] = []) =>
    runCli(runArgs({ specs: spec, reporter: 'json,junit' }, ...extra), {
      cwd: p.dir,
    });

  it('an agent that ends the session early fails the conversation, and that turn is still judged', async () => {
    await p.write(
      'specs/early.yaml',
      `
conversations:
  - name: hangs up early
    turns:
      - user: goodbye
        expect:
          - sessionEnded: false
          - text: { contains: Goodbye }
      - user: are you still there?
`,
    );
    const res = await run('specs/early.yaml');
    expect(res.code, res.stderr).toBe(1);
    const c = (await readJson<RunResult>(path.join(p.dir, 'out/results.json'))).conversations[0]!;
    expect(c.status).toBe('failed');
    expect(c.error).toBeUndefined();
    expect(c.turns[0]!.assertions.map((a) => [a.matcher, a.status])).toEqual([
      ['sessionEnded', 'failed'],
      ['text', 'passed'],
    ]);
    expect(c.assertions.map((a) => a.message)).toEqual([
      'the agent ended the session at turn 1 (reason: user_goodbye); 1 more turn of the spec was not sent',
    ]);
    const junit = await import('node:fs/promises').then((fs) => fs.readFile(path.join(p.dir, 'out/junit.xml'), 'utf8'));
    expect(junit).toContain('<failure');
    expect(junit).not.toContain('<error');
  });

  it('rejects passRate: 0 at file:line:col (0 of 3 passes must never pass)', async () => {
    await p.write(
      'specs/zero.yaml',
      `
conversations:
  - name: never passes
    repeat: 3
    passRate: 0
    turns:
      - user: hello
`,
    );
    const res = await run('specs/zero.yaml');
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/specs\/zero\.yaml:5:15\b.*passRate.*must be > 0/);
  });
});
