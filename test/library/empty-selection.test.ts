// A run that selects nothing (a --grep that matches nothing) is bad input: RunInputError before any
// report is touched, so the previous run's reports stay (src/library/README.md). A selection of tool
// tests only is not empty; nor is a shard that sharding alone left nothing: its run is empty, passes,
// writes its reports and says why on stderr (a CI matrix of shards must not fail on it).
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunInputError } from '../../src/library/errors.js';
import { run } from '../../src/library/run.js';
import { DEMO_APP, tempProject } from '../helpers/cli.js';

const SPEC = `conversations:
  - name: welcome
    turns:
      - event: WELCOME
        expect: [{ text: Welcome }]
  - name: again
    turns:
      - event: WELCOME
toolTests:
  - name: native lookup
    tool: projects/demo/locations/us/apps/cymbal-support/tools/lookup_account
    expect:
      response: [{ path: "$['status']", operator: equals, value: ok }]
`;
const PREVIOUS = '{"previous": true}\n';

describe('a run that selects nothing', async () => {
  const project = await tempProject({ 'specs/s.yaml': SPEC });
  afterAll(() => project.cleanup());
  const base = {
    cwd: project.dir,
    paths: ['specs/s.yaml'],
    emulator: DEMO_APP,
    outputDir: 'out',
    reporters: ['json' as const, 'junit' as const],
    history: false,
    coverage: false,
    io: { out: () => {}, warn: () => {} },
  };
  const previousReports = async () => {
    await project.write('out/results.json', PREVIOUS);
    await project.write('out/junit.xml', '<previous/>');
  };

  it.each([
    ['--grep matching nothing', { grep: 'no-such-conversation' }, /^no conversations selected/],
    ['--grep matching nothing, sharded', { grep: 'no-such', shard: { index: 2, total: 2 } }, /^no conversations/],
  ])('%s: RunInputError, the previous reports kept', async (_, extra, message) => {
    await previousReports();
    const error = await run({ ...base, ...extra }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunInputError);
    expect((error as Error).message).toMatch(message);
    expect((await readdir(path.join(project.dir, 'out'))).sort()).toEqual(['junit.xml', 'results.json']);
    expect(await readFile(path.join(project.dir, 'out/results.json'), 'utf8')).toBe(PREVIOUS);
  });

  it('shard 9/9 of 2 conversations and a tool test: an empty run that passes, and a note why', async () => {
    await previousReports();
    const warned: string[] = [];
    const io = { out: () => {}, warn: (text: string) => void warned.push(text) };
    const { result, exitCode } = await run({ ...base, io, shard: { index: 9, total: 9 } });
    expect([result.conversations, result.status, exitCode]).toEqual([[], 'passed', 0]);
    expect(warned.join('')).toContain(
      'shard 9/9 has nothing to run: the 2 conversations and 1 tool test selected go to the other shards ' +
        '(tool tests all run on shard 1)',
    );
    expect(await readFile(path.join(project.dir, 'out/results.json'), 'utf8')).not.toBe(PREVIOUS);
  });

  it('tool tests alone are a selection: they run, and the reports are new', async () => {
    await previousReports();
    const { result } = await run({ ...base, grep: 'native lookup' });
    expect(result.conversations.map((c) => c.name)).toEqual(['native lookup']);
    expect(await readFile(path.join(project.dir, 'out/results.json'), 'utf8')).not.toBe(PREVIOUS);
  });
});
