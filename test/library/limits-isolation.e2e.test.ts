// Input limits flow with each run (src/validation/limits.ts: async context, no process-wide
// setting): two library runs in one process, at the same time, each read their own `limits:`.
// With the former global setter, whichever run set its limits last decided both runs' loading.
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run, RunLoadError, type LibraryRunOptions, type RunOnceOutcome } from '../../src/library/index.js';
import { tempProject } from '../helpers/cli.js';

const SPEC =
  'conversations:\n  - name: greets\n    turns:\n      - event: WELCOME\n        expect: [ { text: Welcome } ]\n';

describe('two concurrent library runs with different input limits', async () => {
  const project = await tempProject({ 'specs/a.yaml': SPEC, 'specs/b.yaml': SPEC });
  afterAll(() => project.cleanup());
  const options = (name: string, specFileBytes?: number): LibraryRunOptions => ({
    cwd: project.dir,
    paths: [`specs/${name}.yaml`],
    config: specFileBytes ? { limits: { specFileBytes } } : {},
    reporters: ['json'],
    outputDir: `out-${name}`,
    history: false,
    coverage: false,
    judge: false,
    io: { out: () => {}, warn: () => {} },
  });

  it('do not interfere, in either order', async () => {
    for (const order of [
      ['a', 'b'],
      ['b', 'a'],
    ] as const) {
      const runs = order.map((name) => run(options(name, name === 'a' ? 50 : undefined)));
      const [a, b] = order[0] === 'a' ? await Promise.allSettled(runs) : (await Promise.allSettled(runs)).reverse();
      // a: 50 bytes, under its spec file's size: refused at load, with the limit named.
      expect(a!.status).toBe('rejected');
      const error = (a as PromiseRejectedResult).reason as unknown;
      expect(error).toBeInstanceOf(RunLoadError);
      expect((error as RunLoadError).problems).toEqual([
        expect.stringMatching(/^specs\/a\.yaml:1:1: .*over the limit/),
      ]);
      // b: the defaults, under which the same spec loads and passes.
      expect(b!.status).toBe('fulfilled');
      const outcome = (b as PromiseFulfilledResult<RunOnceOutcome>).value;
      expect(outcome.result.status).toBe('passed');
      expect(outcome.exitCode).toBe(0);
      expect(path.basename(outcome.result.conversations[0]!.file)).toBe('b.yaml');
    }
  });
});
