// Local and platform verdicts agree (issue 26): the demo suite and the bistro suite
// (test/fixtures/platform) run locally through the runner and, pushed, through the emulator's
// EvaluationService, on the original apps and on mutated copies. Per conversation the verdicts must
// be equal for every conversation push carries; what it refuses is not in the comparison. Each
// mutation must change at least one carried verdict, so no comparison passes by checking nothing.
// In-process (emulator, runner, platform client over loopback gRPC): no CLI starts.
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { Sessions } from '../../src/client/sessions.js';
import { executeRun } from '../../src/runner/run/index.js';
import { loadSpecs } from '../../src/runner/load/index.js';
import { PlatformClient, platformRun, pushSpecs } from '../../src/platform/index.js';
import type { SpecFile } from '../../src/model/spec.js';
import type { RunResult } from '../../src/model/result.js';
import { DEMO_APP, ROOT, tempProject } from '../helpers/cli.js';

const BISTRO_APP = path.join(ROOT, 'test/fixtures/platform/bistro-app.yaml');

interface Suite {
  app: string;
  specs: string;
  /** Conversations push must refuse (so they are not compared). */
  refused: string[];
}

const SUITES: Record<'demo' | 'bistro', Suite> = {
  demo: {
    app: DEMO_APP,
    specs: 'specs/demo/support.yaml',
    refused: [
      'welcome and PIN authentication',
      'a wrong PIN is rejected',
      'balance with tool fakes',
      'an unknown account is handled when the lookup fails',
      'transfer to billing and back',
      'open a ticket through a client-side tool',
      'premium plan card and refund policy',
      'documents and photos',
      'goodbye ends the session',
    ],
  },
  bistro: {
    app: BISTRO_APP,
    specs: 'test/fixtures/platform/bistro.yaml',
    refused: ['the booking card', 'goodbye ends the session', 'a regex on the text'],
  },
};

/** Text edits of an app file: each marked line of bistro-app.yaml has one. */
const MUTATIONS: Array<{ name: string; suite: keyof typeof SUITES; from: string; to: string }> = [
  { name: 'changed tool argument', suite: 'bistro', from: 'city: "${vars.city}"', to: 'city: Lyon' },
  { name: 'dropped transfer', suite: 'bistro', from: '          - transfer: manager_agent', to: '' },
  { name: 'changed text', suite: 'bistro', from: 'is booked for', to: 'is reserved for' },
  {
    name: 'extra tool call',
    suite: 'bistro',
    from: 'say: "Welcome to the bistro!"',
    to: 'do: [{ call: { tool: log_visit } }, { say: "Welcome to the bistro!" }]',
  },
  { name: 'changed variable', suite: 'bistro', from: 'set: { booked: true }', to: 'set: { booked: "yes" }' },
  {
    name: 'ended session',
    suite: 'bistro',
    from: '- set: { booked: true }',
    to: '- set: { booked: true }\n          - end: true',
  },
  {
    name: 'changed text (demo)',
    suite: 'demo',
    from: 'say: "Welcome to Cymbal support! Please enter',
    to: 'say: "Welcome to Cymbal! Please enter',
  },
];

type Verdicts = Record<string, string>;

let project: Awaited<ReturnType<typeof tempProject>>;
const specs = new Map<string, SpecFile[]>();
const originals = new Map<string, Verdicts>();

beforeAll(async () => {
  project = await tempProject({});
  for (const [key, suite] of Object.entries(SUITES)) {
    const loaded = await loadSpecs([suite.specs], { cwd: ROOT });
    expect(loaded.errors).toEqual([]);
    specs.set(key, loaded.files);
  }
});
afterAll(async () => {
  await project.cleanup();
});

const verdicts = (r: RunResult, keep: (name: string) => boolean): Verdicts =>
  Object.fromEntries(
    r.conversations.filter((c) => keep(c.name)).map((c) => [`${c.name} #${c.runIndex}`, c.status] as const),
  );

/** Both verdict sets of one app file: the local run and the push + platform run. */
async function compare(suiteKey: keyof typeof SUITES, appFile: string) {
  const suite = SUITES[suiteKey];
  const files = specs.get(suiteKey)!;
  const emulator = await startEmulator({ app: appFile, evaluationRuns: { pollsToFinish: 1 } });
  const sessions = new Sessions({ appName: emulator.appName, endpoint: emulator.address, insecure: true });
  const client = new PlatformClient({ app: emulator.appName, endpoint: emulator.address, insecure: true });
  try {
    const push = await pushSpecs(files, client);
    const refused = push.entries.filter((e) => e.action === 'refused').map((e) => e.title.split(' › ')[1]!);
    const [local, platform] = await Promise.all([
      executeRun({
        files,
        sessions,
        target: { emulator: true, apiVersion: 'v1' },
        cwd: ROOT,
        concurrency: 8,
        retries: 0,
        timeoutMs: 10_000,
        judge: { kind: 'disabled', reason: 'judge disabled (--no-judge)' },
      }),
      platformRun(client, {
        files,
        wait: true,
        timeoutMs: 30_000,
        intervalMs: 1,
        toolVersion: 'test',
        target: { app: emulator.appName, emulator: false, apiVersion: 'v1beta' },
      }),
    ]);
    if (platform.kind !== 'finished') throw new Error(`platform run ${platform.kind}`);
    const carried = (name: string) => !refused.includes(name);
    return {
      refused,
      expectedRefused: suite.refused,
      local: verdicts(local.result, carried),
      platform: verdicts(platform.result, carried),
    };
  } finally {
    sessions.close();
    client.close();
    await emulator.stop();
  }
}

describe('local and platform verdicts agree', () => {
  it.each(Object.keys(SUITES) as Array<keyof typeof SUITES>)('on the original %s app', async (key) => {
    const r = await compare(key, SUITES[key].app);
    expect(r.refused.sort()).toEqual([...r.expectedRefused].sort());
    expect(Object.keys(r.local).length).toBeGreaterThan(0);
    expect(r.platform).toEqual(r.local);
    if (key === 'bistro') expect(new Set(Object.values(r.local))).toEqual(new Set(['passed']));
    originals.set(key, r.local);
  });

  it.each(MUTATIONS.map((m) => [m.name, m] as const))('on a copy with a %s', async (_name, m) => {
    const source = await readFile(SUITES[m.suite].app, 'utf8');
    expect(source).toContain(m.from);
    const file = path.join(project.dir, `${m.name.replace(/\W+/g, '-')}.yaml`);
    // The copy lives elsewhere: a relative transcripts file is pointed back at the original's.
    const transcripts = path.join(path.dirname(SUITES[m.suite].app), 'audio/transcripts.json');
    await writeFile(
      file,
      source
        .replace(m.from, m.to)
        .replace('transcriptsFile: audio/transcripts.json', `transcriptsFile: ${transcripts}`),
    );
    const r = await compare(m.suite, file);
    expect(r.platform).toEqual(r.local);
    // The mutation is seen: some carried conversation's verdict changed on both sides.
    const original = originals.get(m.suite) ?? (await compare(m.suite, SUITES[m.suite].app)).local;
    expect(Object.keys(r.local).filter((k) => r.local[k] !== original[k])).not.toEqual([]);
  });
});
