// `platform run` selects what `run` selects for the same config and flags: the config's `tags:`,
// `excludeTags:` and `grep:`, and `--tag` over the config's tags. Given specs, by the spec; without
// them, by each evaluation's tags and the `file › name` its description names. Push pushes every
// conversation whatever the selection, so that any selection finds its evaluations. The built CLI
// against the emulator over loopback gRPC, compared with a local run of the same specs and config.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { RunResult } from '../../src/model/result.js';
import { PlatformClient } from '../../src/platform/grpc.js';
import { DEMO_APP, runCli, tempProject } from '../helpers/cli.js';

const APP = 'projects/demo/locations/us/apps/cymbal-support';
const conversation = (name: string, tags: string) => `  - name: ${name}
    tags: ${tags}
    turns:
      - user: I want billing
        expect: [{ transfer: billing_agent }]
`;
const SPEC = `conversations:
${conversation('billing', '[ci]')}${conversation('slow billing', '[ci, slow]')}${conversation('other', '[]')}`;

/** Each project's config: its selection, and what `run` selects with it. */
const PROJECTS = {
  exclude: { config: 'excludeTags: [slow]', selected: ['billing', 'other'] },
  tagsAndGrep: { config: 'tags: [ci]\ngrep: slow', selected: ['slow billing'] },
  regex: { config: 'grep: "/› (billing|other)$/"\nexcludeTags: [ci]', selected: ['other'] },
} as const;
type ProjectName = keyof typeof PROJECTS;

let project: Awaited<ReturnType<typeof tempProject>>;
const emulators: RunningEmulator[] = [];

beforeAll(async () => {
  project = await tempProject(
    Object.fromEntries(
      Object.entries(PROJECTS).flatMap(([name, { config }]) => [
        [`${name}/cxas-eval.config.yaml`, `app: ${APP}\n${config}\n`],
        [`${name}/specs/a.yaml`, SPEC],
      ]),
    ),
  );
});
afterAll(async () => {
  await Promise.all(emulators.map((e) => e.stop()));
  await project?.cleanup();
});

async function emulator(): Promise<RunningEmulator> {
  const e = await startEmulator({ app: DEMO_APP, evaluationRuns: { pollsToFinish: 1 } });
  emulators.push(e);
  return e;
}

const platform = (e: RunningEmulator, name: ProjectName, args: string[]) =>
  runCli(['platform', ...args, '--endpoint', e.address, '--insecure'], { cwd: path.join(project.dir, name) });

async function namesIn(name: ProjectName, out: string): Promise<string[]> {
  const text = await readFile(path.join(project.dir, name, out, 'results.json'), 'utf8');
  return (JSON.parse(text) as RunResult).conversations.map((c) => c.name);
}

/** `platform run [paths] --wait` into `out`, its exit code checked. */
async function platformRun(e: RunningEmulator, name: ProjectName, args: string[], out: string): Promise<string[]> {
  const flags = ['--wait', '--poll-interval', '20', '--reporter', 'json', '--output-dir', out];
  const r = await platform(e, name, ['run', ...args, ...flags]);
  expect(r.code, r.stderr).toBe(0);
  return namesIn(name, out);
}

async function startedRuns(e: RunningEmulator): Promise<unknown[]> {
  const client = new PlatformClient({ app: APP, endpoint: e.address, insecure: true });
  try {
    const runs = await client.call('EvaluationService', 'ListEvaluationRuns', { parent: APP }, 'parent');
    return (runs['evaluationRuns'] as unknown[] | undefined) ?? [];
  } finally {
    client.close();
  }
}

describe("platform run selects as run does: the config's tags, excludeTags and grep", () => {
  it.each(Object.keys(PROJECTS) as ProjectName[])('%s: the same conversations as a local run', async (name) => {
    const e = await emulator();
    const push = await platform(e, name, ['push', 'specs']);
    expect(push.code, push.stderr).toBe(0);
    // Push makes every conversation's evaluation, whatever the config selects.
    expect(push.stdout).toContain('3 created');
    const local = await runCli(
      ['run', 'specs', '--emulator', DEMO_APP, '--no-judge', '--reporter', 'json', '--output-dir', 'local'],
      { cwd: path.join(project.dir, name) },
    );
    expect(local.code, local.stderr).toBe(0);
    expect(await namesIn(name, 'local')).toEqual(PROJECTS[name].selected);
    expect(await platformRun(e, name, ['specs'], 'given')).toEqual(PROJECTS[name].selected);
    // Without paths, every evaluation of the app, selected by its tags and its spec's `file › name`.
    expect(await platformRun(e, name, [], 'app')).toEqual(PROJECTS[name].selected);
  });

  it('--tag replaces the config tags, as for run; the config excludeTags still hold', async () => {
    const e = await emulator();
    expect((await platform(e, 'exclude', ['push', 'specs'])).code).toBe(0);
    // Not pushed: a conversation the selection leaves out is not asked for (run would not run it).
    await project.write('exclude/specs/b.yaml', `conversations:\n${conversation('new and slow', '[slow]')}`);
    expect(await platformRun(e, 'exclude', ['specs', '--tag', 'ci'], 'tag')).toEqual(['billing']);
    expect(await platformRun(e, 'exclude', ['--tag', 'ci'], 'tag-app')).toEqual(['billing']);
  });

  it('a selection of nothing exits 2 before any platform run starts', async () => {
    const e = await emulator();
    expect((await platform(e, 'exclude', ['push', 'specs'])).code).toBe(0);
    for (const args of [['specs'], []]) {
      // --tag slow asks for what the config's excludeTags: [slow] leaves out: nothing.
      const r = await platform(e, 'exclude', ['run', ...args, '--tag', 'slow', '--wait']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/no (conversations|evaluations) selected/);
    }
    expect(await startedRuns(e)).toEqual([]);
  });
});
