// A golden file that cannot be compared (a key typo, a wrong type, an unknown format, a FIFO) is an
// `error` naming golden:line:col, never a pass with the check silently off, a crash or a hang;
// --update-goldens writes over a malformed golden but not over a FIFO.
import { spawnSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson, runArgs, startCli, tempProject } from '../helpers/cli.js';
import type { ConversationResult, RunResult } from '../../src/model/result.js';
import { echoApp } from './apps.js';

const SPEC = 'conversations:\n  - name: lookup\n    golden: true\n    turns:\n      - user: lookup please\n';
const GOLDEN = 'goldens/specs/g/lookup.yaml';
const HANG_MS = 20_000;

describe('malformed goldens', () => {
  let p: Awaited<ReturnType<typeof tempProject>>;
  let recorded = '';
  /** A run and its one conversation; killed after HANG_MS (a golden read that blocks would never end). */
  const run = async (extra: string[] = []): Promise<{ code: number | null; result: ConversationResult }> => {
    const { child, done } = startCli(runArgs({ app: 'app.yaml', reporter: 'json' }, ...extra), { cwd: p.dir });
    const timer = setTimeout(() => child.kill('SIGKILL'), HANG_MS);
    const cli = await done.finally(() => clearTimeout(timer));
    expect(cli.signal, 'the run hung and was killed').toBeNull();
    const results = await readJson<RunResult>(path.join(p.dir, 'out/results.json'));
    return { code: cli.code, result: results.conversations[0]! };
  };
  const goldenAssertion = (r: ConversationResult) => r.assertions.find((a) => a.matcher === 'golden');

  beforeAll(async () => {
    p = await tempProject({ 'app.yaml': echoApp(), 'specs/g.yaml': SPEC });
    expect((await run(['--update-goldens'])).code).toBe(0);
    recorded = await readFile(path.join(p.dir, GOLDEN), 'utf8');
    expect(recorded).toMatch(/^ {4}toolCalls:$/m);
  });
  afterAll(() => p?.cleanup());

  it.each([
    [
      'a key typo, which would turn its check off',
      (g: string) => g.replace(/^ {4}toolCalls:/m, '    toolcalls:'),
      /lookup\.yaml:\d+:5 turns\[0\]: unknown key "toolcalls" \(did you mean "toolCalls"\?\)/,
    ],
    [
      'a number for the text',
      (g: string) => g.replace(/^ {4}text: .*$/m, '    text: 42.5'),
      /lookup\.yaml:\d+:11 turns\[0\]\.text: expected a string, got a number/,
    ],
    [
      'a format this version does not know',
      (g: string) => g.replace(/^format: 2$/m, 'format: 9'),
      /lookup\.yaml:\d+:9 format: expected one of 1, 2/,
    ],
  ])('errors on %s at golden:line:col', async (_name, edit, located) => {
    await p.write(GOLDEN, edit(recorded));
    const { code, result } = await run();
    expect(code).toBe(1);
    expect(result.status).toBe('error');
    expect(goldenAssertion(result)).toMatchObject({ status: 'error' });
    expect(goldenAssertion(result)!.message).toMatch(/^golden goldens\/specs\/g\/lookup\.yaml cannot be compared: /);
    expect(goldenAssertion(result)!.message).toMatch(located);
    await p.write(GOLDEN, recorded);
    expect((await run()).result.status).toBe('passed');
  });

  it('writes over a malformed golden with --update-goldens, and says so', async () => {
    await p.write(GOLDEN, recorded.replace(/^ {4}transfers:/m, '    tranfers:'));
    const { code, result } = await run(['--update-goldens']);
    expect(code).toBe(0);
    expect(result.golden).toMatchObject({
      status: 'recorded',
      changes: [expect.stringMatching(/^replaced a malformed golden \(goldens\/specs\/g\/lookup\.yaml:\d+:5 turns/)],
    });
    expect(await readFile(path.join(p.dir, GOLDEN), 'utf8')).toBe(recorded);
  });

  it(
    'errors on a FIFO at the golden path, comparing or recording, instead of hanging',
    async () => {
      await rm(path.join(p.dir, GOLDEN));
      expect(spawnSync('mkfifo', [path.join(p.dir, GOLDEN)]).status).toBe(0);
      for (const [extra, what] of [
        [[], 'cannot be compared'],
        [['--update-goldens'], 'cannot be recorded'],
      ] as const) {
        const { code, result } = await run([...extra]);
        expect(code).toBe(1);
        expect(result.status).toBe('error');
        expect(goldenAssertion(result)!.message).toContain(
          `golden goldens/specs/g/lookup.yaml ${what}: goldens/specs/g/lookup.yaml:1:1: not a regular file`,
        );
      }
      await rm(path.join(p.dir, GOLDEN));
    },
    3 * HANG_MS,
  );
});
