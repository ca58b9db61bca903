// What `run --watch` reacts to, through the built CLI against the bundled demo emulator: not to the
// files the run itself writes under a watched folder (its history, reports), which would start a
// run after every run.
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
});
