// `rescore` gives a conversation that runs after another (`history: { afterConversation }`) the
// verdict a run would: when the conversation it depends on no longer passes, it is skipped with the
// run's reason instead of being judged on.
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';
import { echoApp } from '../runner/apps.js';

const SPEC = (expected: string) => `conversations:
  - name: first
    turns:
      - user: hello
        expect: [ { text: { contains: "${expected}" } } ]
  - name: second
    history: { afterConversation: first }
    turns:
      - user: again
        expect: [ { text: { contains: "echo: again" } } ]
`;

describe('rescore of dependent conversations', async () => {
  const p = await tempProject({ 'app.yaml': echoApp(), 'specs/d.yaml': SPEC('echo: hello') });
  afterAll(() => p.cleanup());
  const statuses = async (dir: string) =>
    (await readJson<RunResult>(path.join(p.dir, dir, 'results.json'))).conversations.map((c) => [
      c.name,
      c.status,
      c.skipReason,
    ]);

  it('skips a conversation whose dependency fails now, as a run would', async () => {
    const run = await runCli(runArgs({ app: 'app.yaml' }), { cwd: p.dir });
    expect(run.code, run.stderr).toBe(0);
    const same = await runCli(['rescore', 'out/results.json', '--output-dir', 'same', '--reporter', 'json'], {
      cwd: p.dir,
    });
    expect(same.code, same.stderr).toBe(0);
    expect(await statuses('same')).toEqual([
      ['first', 'passed', undefined],
      ['second', 'passed', undefined],
    ]);

    await p.write('specs/d.yaml', SPEC('goodbye'));
    const cli = await runCli(['rescore', 'out/results.json', '--output-dir', 'again', '--reporter', 'json'], {
      cwd: p.dir,
    });
    expect(cli.code, cli.stderr).toBe(1);
    const live = await runCli(runArgs({ app: 'app.yaml', outputDir: 'live' }), { cwd: p.dir });
    expect(live.code, live.stderr).toBe(1);
    expect(await statuses('again')).toEqual(await statuses('live'));
    expect(await statuses('again')).toEqual([
      ['first', 'failed', undefined],
      ['second', 'skipped', 'depends on "first", which did not pass (failed)'],
    ]);
  });
});
