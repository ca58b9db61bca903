// `cxas-eval rescore` through the built CLI: an edited expectation flips exactly its verdict, an
// edited turn is skipped with the reason, judge expectations come from the judge cache, and nothing
// reaches the agent (the config points at a server that counts every connection). Bad stored runs
// stop the command with one line and write nothing.
import { createServer, type Server } from 'node:net';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { NO_CREDENTIALS, readJson, runArgs, runCli, tempProject } from '../helpers/cli.js';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm.mjs';
import { PASS } from '../judge/helpers.js';

const SPEC = (greeting: string, goodbye: string) => `conversations:
  - name: greeting
    turns:
      - event: WELCOME
        expect:
          - text: { contains: ${greeting} }
  - name: judged
    turns:
      - event: WELCOME
        expect:
          - judge: { prompt: "[case:pass] the agent greets the caller" }
  - name: two turns
    turns:
      - event: WELCOME
      - user: ${goodbye}
        expect:
          - sessionEnded: true
`;

describe('rescore', () => {
  let project: Awaited<ReturnType<typeof tempProject>>;
  let fake: FakeLlm;
  let ces: Server;
  let connections = 0;
  const env = { ...NO_CREDENTIALS, GEMINI_API_KEY: 'test-key' };

  beforeAll(async () => {
    fake = await startFakeLlm();
    fake.on('[case:pass]', PASS);
    ces = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => ces.listen(0, '127.0.0.1', resolve));
    const port = (ces.address() as { port: number }).port;
    project = await tempProject({
      'specs/a.yaml': SPEC('Welcome', 'goodbye'),
      // Any call to the agent would go here: rescore must make none.
      'cxas-eval.config.yaml': `app: projects/p/locations/us/apps/a
endpoint: 127.0.0.1:${port}
insecure: true
judge: { backend: gemini, baseUrl: ${fake.url}, model: gemini-2.5-flash, cache: { dir: .judge-cache } }
`,
    });
  });
  afterAll(async () => {
    await fake.close();
    ces.close();
    await project.cleanup();
  });

  it('re-evaluates edited expectations without the agent or the LLM; edited turns are skipped', async () => {
    const recorded = await runCli(runArgs(), { cwd: project.dir, env });
    expect(recorded.code, recorded.stderr).toBe(0);
    const before = await readJson<RunResult>(path.join(project.dir, 'out/results.json'));
    expect(fake.requests.length).toBeGreaterThan(0);
    fake.reset();
    fake.on('[case:pass]', PASS);

    const added = '  - name: added later\n    turns:\n      - event: WELCOME\n';
    await project.write('specs/a.yaml', SPEC('Farewell', 'bye now') + added);
    const cli = await runCli(['rescore', '@latest', '--reporter', 'json', '--output-dir', 'again'], {
      cwd: project.dir,
      env,
    });
    expect(cli.code, cli.stderr).toBe(1);
    const after = await readJson<RunResult>(path.join(project.dir, 'again/results.json'));
    expect(after.rescoredFrom?.runId).toBe(before.runId);
    const byName = new Map(after.conversations.map((c) => [c.name, c]));
    expect(byName.get('greeting')!.status).toBe('failed');
    expect(byName.get('greeting')!.turns[0]!.assertions[0]!.message).toMatch(/Farewell/);
    expect(byName.get('judged')!.status).toBe('passed');
    expect(byName.get('judged')!.turns[0]!.assertions[0]!.details?.['cached']).toBe(true);
    expect(byName.get('two turns')!.status).toBe('skipped');
    expect(byName.get('two turns')!.skipReason).toBe(
      'inputs changed since the recorded run: re-run it (turn 2 edited)',
    );
    expect(byName.get('added later')!.skipReason).toBe(
      'inputs changed since the recorded run: re-run it (not in the recorded run)',
    );
    expect(after.llmUsage?.judge?.calls ?? 0).toBe(after.llmUsage?.judge?.cacheHits ?? 0);
    expect(fake.requests).toHaveLength(0);
    expect(connections).toBe(0);
  });

  it('a repeated --grep rescores what any of the patterns matches', async () => {
    const args = ['rescore', '@latest', '--grep', 'greeting', '--grep', '/judged$/', '--output-dir', 'grepped'];
    const cli = await runCli([...args, '--reporter', 'json'], { cwd: project.dir, env });
    expect([1, 0], cli.stderr).toContain(cli.code);
    const after = await readJson<RunResult>(path.join(project.dir, 'grepped/results.json'));
    expect(after.conversations.map((c) => c.name).sort()).toEqual(['greeting', 'judged']);
  });

  it('refuses a file of another tool, a truncated file and an ambiguous run id, writing nothing', async () => {
    await writeFile(path.join(project.dir, 'other.json'), JSON.stringify({ name: 'pkg', version: '1.0.0' }));
    const text = await readFile(path.join(project.dir, 'out/results.json'), 'utf8');
    await writeFile(path.join(project.dir, 'cut.json'), text.slice(0, text.length / 2));
    const index = path.join(project.dir, '.cxas-eval/runs/index.json');
    const stored = JSON.parse(await readFile(index, 'utf8')) as { runs: Array<{ runId: string }> };
    const id = stored.runs[0]!.runId;
    stored.runs.push({ ...stored.runs[0]!, runId: `${id.slice(0, 6)}ffff-twin` });
    await writeFile(index, JSON.stringify(stored));

    const cases: Array<[string, RegExp]> = [
      ['other.json', /^cxas-eval: .*other\.json: not a cxas-eval results\.json: \/ must have required property/],
      ['cut.json', /^cxas-eval: .*cut\.json: invalid JSON \(/],
      [id.slice(0, 6), new RegExp(`^cxas-eval: ${id.slice(0, 6)}: matches 2 stored runs \\(`)],
    ];
    for (const [ref, message] of cases) {
      const cli = await runCli(['rescore', ref, '--output-dir', `bad-${ref}`], { cwd: project.dir, env });
      expect(cli.code, ref).toBe(2);
      expect(cli.stderr.trim().split('\n')).toHaveLength(1);
      expect(cli.stderr).toMatch(message);
      expect(existsSync(path.join(project.dir, `bad-${ref}`))).toBe(false);
    }
  });
});
