// `cxas-eval rescore` of a `run --repeat N` recording that also ran a tool test: every repeat is
// rescored against its own recording (an errored run stays `error`), and the tool test, which a
// rescore cannot evaluate, is listed as `skipped` with the reason rather than left out.
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';
import { echoApp } from '../runner/apps.js';

const SPEC = `conversations:
  - name: first
    turns:
      - user: hello one
        expect: [ { text: { contains: "hello one" } } ]
  - name: second
    turns:
      - user: hello two
        expect: [ { text: { contains: "hello two" } } ]
toolTests:
  - name: lookup answers
    tool: lookup
    args: { q: x }
    expect:
      response:
        - { path: $.source, operator: equals, value: real }
`;

describe('rescore of a repeated run with a tool test', () => {
  let project: Awaited<ReturnType<typeof tempProject>>;

  beforeAll(async () => {
    // Seeded faults, one conversation at a time: the same runs error on every machine.
    project = await tempProject({ 'app.yaml': echoApp({ faults: '{ unavailable: 0.3 }' }), 'specs/r.yaml': SPEC });
  });
  afterAll(async () => {
    await project.cleanup();
  });

  it('rescores every repeat, keeps the recorded errors, and lists the tool test as skipped', async () => {
    const args = runArgs({ app: 'app.yaml' }, '--repeat', '3', '--retries', '0', '--concurrency', '1');
    const recorded = await runCli([...args, '--no-history'], { cwd: project.dir });
    const before = await readJson<RunResult>(path.join(project.dir, 'out/results.json'));
    const conversations = (r: RunResult) => r.conversations.filter((c) => c.name !== 'lookup answers');
    const statuses = (r: RunResult) => conversations(r).map((c) => [c.id, c.status]);
    // The recording this test is about: 6 conversation runs, some errored, and the tool test's one.
    expect(recorded.code, recorded.stderr).toBe(1);
    expect(before.conversations).toHaveLength(7);
    expect(statuses(before).map(([, s]) => s)).toContain('error');
    expect(statuses(before).map(([, s]) => s)).toContain('passed');

    const cli = await runCli(
      ['rescore', 'out/results.json', 'specs', '--reporter', 'json', '--output-dir', 'again', '--no-history'],
      { cwd: project.dir },
    );
    const after = await readJson<RunResult>(path.join(project.dir, 'again/results.json'));
    expect(statuses(after)).toEqual(statuses(before));
    expect(after.repeats?.map((r) => [r.name, r.runs, r.status])).toEqual(
      before.repeats?.map((r) => [r.name, r.runs, r.status]),
    );
    const tool = after.conversations.find((c) => c.name === 'lookup answers');
    expect(tool).toMatchObject({ id: 'specs/r.yaml#lookup answers#0', status: 'skipped' });
    expect(tool?.skipReason).toMatch(/^tool tests are not rescored .*: re-run it$/);
    expect(after.status).toBe('error');
    expect(cli.code, cli.stderr).toBe(1);
  });
});
