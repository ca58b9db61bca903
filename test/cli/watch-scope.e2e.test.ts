// What `run --watch` reacts to, through the built CLI against the bundled demo emulator: not to the
// files the run itself writes under a watched folder (its history, reports), which would start a
// run after every run; to the files the specs read or name outside the spec folder (a custom
// matcher, an included fragment), which change what a run does.
import { rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCli, tempProject } from '../helpers/cli.js';

const SPEC = `conversations:
  - name: greets
    turns:
      - event: WELCOME
        expect:
          - text: { contains: Welcome }
`;
/** Long enough for a run the previous one's history started to have begun (they take ~100 ms). */
const QUIET_MS = 2500;

/** `run <paths> --watch` in `cwd`, with the output so far and a wait for the n-th "Watching" line. */
function watching(cwd: string, paths: string) {
  const { child, done } = startCli(['run', paths, '--watch', '--reporter', 'list'], { cwd });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const runs = (): number => (out.match(/Watching .* for changes/g) ?? []).length;
  return {
    output: () => out,
    runs,
    waitFor: async (n: number): Promise<void> => {
      const deadline = Date.now() + 30_000;
      while (runs() < n) {
        if (Date.now() > deadline) throw new Error(`no run ${n} in:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: async (): Promise<number | null> => {
      child.kill('SIGINT');
      return (await done).code;
    },
  };
}

describe('run --watch: what it reacts to', async () => {
  const project = await tempProject({ 'specs/a.yaml': SPEC });
  afterAll(() => project.cleanup());

  it.each([
    ['the default history (.cxas-eval) in the watched folder', '.', ''],
    ['a configured history folder among the specs', 'specs', 'history: { dir: specs/state/runs }\n'],
  ])('%s: a change re-runs once; what the run writes starts nothing', async (_what, paths, config) => {
    // Without one (watching `.`, where a config file would be read as a spec) the defaults hold.
    await rm(path.join(project.dir, 'cxas-eval.config.yaml'), { force: true });
    if (config) await writeFile(path.join(project.dir, 'cxas-eval.config.yaml'), config);
    const w = watching(project.dir, paths);
    try {
      await w.waitFor(1);
      await writeFile(path.join(project.dir, 'specs/a.yaml'), `${SPEC}# edited\n`);
      await w.waitFor(2);
      await new Promise((r) => setTimeout(r, QUIET_MS));
      expect(w.runs(), w.output()).toBe(2);
      expect(w.output()).toContain('Changed: specs/a.yaml; re-running specs/a.yaml');
    } finally {
      expect(await w.stop()).toBe(0);
    }
  });

  it('a deleted spec file is reported as removed, not re-run, and its conversations are dropped', async () => {
    const two = await tempProject({ 'specs/a.yaml': SPEC, 'specs/w.yaml': SPEC.replace('greets', 'w greets') });
    const w = watching(two.dir, 'specs');
    try {
      await w.waitFor(1);
      expect(w.output()).toContain('2 conversations: 2 passed');
      await rm(path.join(two.dir, 'specs/w.yaml'));
      await w.waitFor(2);
      const second = w.output().slice(w.output().indexOf('Removed:'));
      expect(w.output()).not.toContain('re-running specs/w.yaml');
      expect(second).toContain('Removed: specs/w.yaml; re-running every remaining spec file');
      expect(second).toContain('1 conversation: 1 passed');
      expect(second).not.toContain('w greets');
    } finally {
      expect(await w.stop()).toBe(0);
      await two.cleanup();
    }
  });

  it('a custom matcher or an included fragment outside the spec folder re-runs everything', async () => {
    const deps = await tempProject({
      'specs/a.yaml': `include: [../shared/steps.yaml]\n${SPEC}          - custom: { module: ../checks/m.mjs }\n`,
      'shared/steps.yaml': 'steps:\n  hello:\n    - user: hello\n',
      'checks/m.mjs': 'export default () => true;\n',
    });
    const w = watching(deps.dir, 'specs');
    try {
      await w.waitFor(1);
      expect(w.output()).toContain('1 conversation: 1 passed');
      await writeFile(
        path.join(deps.dir, 'checks/m.mjs'),
        "export default () => ({ pass: false, message: 'now no' });\n",
      );
      await w.waitFor(2);
      const second = w.output().slice(w.output().indexOf('Changed:'));
      expect(second).toContain('Changed: checks/m.mjs; re-running every spec file');
      expect(second).toContain('1 conversation: 0 passed, 1 failed');
      await writeFile(path.join(deps.dir, 'shared/steps.yaml'), 'steps:\n  hello:\n    - user: hi there\n');
      await w.waitFor(3);
      expect(w.output().slice(w.output().lastIndexOf('Changed:'))).toContain(
        'Changed: shared/steps.yaml; re-running every spec file',
      );
    } finally {
      expect(await w.stop()).toBe(1);
      await deps.cleanup();
    }
  });

  it('a reload checks names as the first load does: two that differ only where redact: masks are refused', async () => {
    const masked = await tempProject({
      'cxas-eval.config.yaml': "redact: ['\\b\\d{4}\\b']\n",
      'specs/a.yaml': SPEC.replace('name: greets', 'name: greets 1234'),
    });
    const w = watching(masked.dir, 'specs');
    try {
      await w.waitFor(1);
      await writeFile(
        path.join(masked.dir, 'specs/a.yaml'),
        SPEC.replace('name: greets', 'name: greets 1234') +
          SPEC.replace(/^conversations:\n/, '').replace('greets', 'greets 5678'),
      );
      const deadline = Date.now() + 30_000;
      while (!w.output().includes('is the same as') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect(w.output()).toMatch(
        /specs\/a\.yaml:\d+:\d+ .*"greets \[REDACTED\]" is the same as the one at specs\/a\.yaml:2:/,
      );
      expect(w.output()).not.toContain('2 conversations');
    } finally {
      await w.stop();
      await masked.cleanup();
    }
  });
});
