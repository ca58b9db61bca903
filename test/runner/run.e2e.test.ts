// The run command end to end: tool fakes, useToolFakes, repeat with passRate, sharding, exit codes.
import { afterEach, describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';
import type { RunResult } from '../../src/model/result.js';
import { echoApp } from './apps.js';

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanup.map((c) => c()));
  cleanup = [];
});

async function project(files: Record<string, string>) {
  const p = await tempProject({ 'app.yaml': echoApp(), ...files });
  cleanup.push(p.cleanup);
  return p;
}
async function run(dir: string, args: string[]) {
  const res = await runCli(['run', ...args, '--emulator', 'app.yaml', '--reporter', 'json', '--output-dir', 'out'], {
    cwd: dir,
  });
  const results = await readJson<RunResult>(path.join(dir, 'out/results.json')).catch(() => undefined);
  return { ...res, results };
}

describe('cxas-eval run', () => {
  it('answers client tool calls from toolFakes (whenArgs, sequence, error); unmatched calls fail clearly', async () => {
    const p = await project({
      'specs/t.yaml': `
conversations:
  - name: sequence
    toolFakes:
      - tool: ask_client
        whenArgs: { kind: { $contains: client } }
        sequence: [{ respond: { answer: first } }, { respond: { answer: second } }]
    turns:
      - user: client one
        expect: [ { text: { equals: "client said first" } } ]
      - user: client two
        expect:
          - { text: { equals: "client said second" } }
          - { toolCall: { name: ask_client, args: { kind: client two } } }
  - name: unmatched
    toolFakes:
      - tool: ask_client
        whenArgs: { kind: never }
        respond: { answer: x }
    turns:
      - user: client three
`,
    });
    const { code, results } = await run(p.dir, ['specs']);
    expect(code).toBe(1);
    const [seq, unmatched] = results!.conversations;
    expect(seq!.status).toBe('passed');
    expect(unmatched!.status).toBe('error');
    expect(unmatched!.error).toMatchObject({ code: 'UNMATCHED_TOOL_CALL' });
    expect(unmatched!.error!.message).toContain('ask_client {kind: "client three"}');
  });

  it('passes useToolFakes through to the server (fake on, real off)', async () => {
    const p = await project({
      'specs/t.yaml': `
conversations:
  - name: fakes on
    useToolFakes: true
    turns:
      - user: lookup x
        expect: [ { text: { equals: "lookup said fake" } }, { toolCall: { name: lookup, response: { source: fake } } } ]
  - name: fakes off
    turns: [ { user: lookup x, expect: [ { text: { equals: "lookup said real" } } ] } ]
`,
    });
    const { code, results, stderr } = await run(p.dir, ['specs']);
    expect(code, stderr).toBe(0);
    expect(results!.conversations.map((c) => c.status)).toEqual(['passed', 'passed']);
  });

  it('repeats in fresh sessions and judges the repeat against passRate with pass^k', async () => {
    const p = await project({
      'specs/t.yaml': `
conversations:
  - name: repeated
    repeat: 4
    passRate: 0.75
    turns: [ { user: hello, expect: [ { text: { contains: echo } } ] } ]
`,
    });
    const { code, results } = await run(p.dir, ['specs']);
    expect(code).toBe(0);
    const sessions = new Set(results!.conversations.map((c) => c.sessionId));
    expect(sessions.size).toBe(4);
    expect(results!.repeats).toEqual([
      expect.objectContaining({
        runs: 4,
        passed: 4,
        passRate: 1,
        passHatK: 1,
        requiredPassRate: 0.75,
        status: 'passed',
      }),
    ]);
  });

  it('covers every conversation exactly once across shards', async () => {
    const convs = Array.from({ length: 7 }, (_, i) => `  - name: c${i}\n    turns: [ { user: hi } ]`).join('\n');
    const p = await project({ 'specs/t.yaml': `conversations:\n${convs}\n` });
    const names: string[] = [];
    for (const shard of ['1/3', '2/3', '3/3']) {
      const res = await runCli(runArgs({ app: 'app.yaml', outputDir: `out-${shard[0]}` }, '--shard', shard), {
        cwd: p.dir,
      });
      expect(res.code, res.stderr).toBe(0);
      const r = await readJson<RunResult>(path.join(p.dir, `out-${shard[0]}/results.json`));
      expect(r.shard).toEqual({ index: Number(shard[0]), total: 3 });
      names.push(...r.conversations.map((c) => c.name));
    }
    expect(names.sort()).toEqual(Array.from({ length: 7 }, (_, i) => `c${i}`));
  });

  it('exits 2 with a message when nothing is selected, and on an invalid spec', async () => {
    const p = await project({
      'specs/t.yaml': 'conversations:\n  - name: a\n    turns: [ { user: hi } ]\n',
      'bad/b.yaml': 'conversations:\n  - name: a\n    turnz: []\n',
    });
    const none = await runCli(['run', 'specs', '--emulator', 'app.yaml', '--grep', 'zzz', '--output-dir', 'out'], {
      cwd: p.dir,
    });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no conversations selected');
    const bad = await runCli(['run', 'bad', '--emulator', 'app.yaml', '--output-dir', 'out'], { cwd: p.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\/b\.yaml:3:5 .*turnz/);
  });
});
