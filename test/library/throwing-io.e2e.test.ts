// An embedder's io.warn or io.out that throws loses no report (src/library/io.ts runIO): a throw
// while the run is under way (after the previous reports were removed) is a REPORTER_FAILED run
// error of the reports written, of the result and of the exit code; one after the reports were
// written fails the run as a reporter would (reporterFailures, the exit code). Against the emulator.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { run } from '../../src/library/run.js';
import { DEMO_APP, tempProject } from '../helpers/cli.js';

const SPEC =
  'conversations:\n  - name: greets\n    turns:\n      - event: WELCOME\n        expect: [{ text: Welcome }]\n';

describe("a throwing io member of the library's run", async () => {
  const project = await tempProject({ 'specs/s.yaml': SPEC });
  afterAll(() => project.cleanup());
  const base = {
    cwd: project.dir,
    emulator: DEMO_APP,
    reporters: ['json' as const],
    coverage: false,
    io: { out: () => {}, warn: () => {} },
  };
  const written = async () =>
    JSON.parse(await readFile(path.join(project.dir, 'reports/results.json'), 'utf8')) as RunResult;

  it('warn throwing during the run: the reports are written, with the failure as a run error', async () => {
    // A golden file nothing asks to compare makes the run warn before its reports are written.
    // (`force`: CI runs this suite with CI set, under which --update-goldens is refused.)
    expect((await run({ ...base, updateGoldens: true, force: true })).exitCode).toBe(0);
    const outcome = await run({
      ...base,
      io: {
        out: () => {},
        warn: () => {
          throw new Error('warn boom');
        },
      },
    });
    const error = { code: 'REPORTER_FAILED', message: 'io.warn: warn boom' };
    expect(outcome.result.errors).toEqual([error]);
    expect(outcome.result.status).toBe('error');
    expect(outcome.exitCode).not.toBe(0);
    const stored = await written();
    expect(stored.runId).toBe(outcome.result.runId);
    expect(stored.errors).toEqual([error]);
  });

  it('out throwing after the reports were written: a reporter failure, the reports as they were', async () => {
    // `baseline`: the comparison is printed through io.out once the reports are written.
    const outcome = await run({
      ...base,
      baseline: '@latest',
      io: {
        out: () => {
          throw new Error('out boom');
        },
        warn: () => {},
      },
    });
    expect(outcome.result.comparison).toBeDefined();
    expect(outcome.reporterFailures).toEqual([{ reporter: 'io', hook: 'out', error: 'out boom' }]);
    expect(outcome.exitCode).not.toBe(0);
    expect((await written()).runId).toBe(outcome.result.runId);
  });
});
