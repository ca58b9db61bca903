// The library's `lastFailed` does what `cxas-eval run --last-failed` does, against the bundled
// emulator: nothing that failed is "nothing to re-run" (the line to io.out, exit 0, no run, the
// previous reports kept), the same line and exit code as the CLI; a failed conversation the specs
// no longer have is said through io.warn, and when it is all there was, a RunInputError (exit 2).
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunInputError } from '../../src/library/errors.js';
import { run } from '../../src/library/run.js';
import { DEMO_APP, runArgs, runCli, tempProject } from '../helpers/cli.js';

const spec = (name: string, want: string) =>
  `conversations:\n  - name: ${name}\n    turns:\n      - event: WELCOME\n        expect: [{ text: ${want} }]\n`;

describe("the library's lastFailed", async () => {
  const project = await tempProject({ 'specs/s.yaml': spec('greets', 'Welcome') });
  afterAll(() => project.cleanup());
  const said = { out: [] as string[], warn: [] as string[] };
  const base = {
    cwd: project.dir,
    emulator: DEMO_APP,
    outputDir: 'out',
    reporters: ['json' as const],
    history: false,
    coverage: false,
    io: { out: (t: string) => void said.out.push(t), warn: (t: string) => void said.warn.push(t) },
  };
  const stored = () => readFile(path.join(project.dir, 'out/results.json'), 'utf8');

  it('nothing failed: "nothing to re-run" to io.out, exit 0, no run, as the CLI', async () => {
    expect((await run(base)).result.status).toBe('passed');
    const before = await stored();
    said.out.length = 0;
    const outcome = await run({ ...base, lastFailed: true });
    const line = 'No failed or errored conversations in out/results.json: nothing to re-run.';
    expect(outcome).toEqual({ exitCode: 0, reporterFailures: [], nothingToRerun: line });
    expect(said.out).toEqual([`${line}\n`]);
    expect(await stored()).toBe(before);
    const cli = await runCli(runArgs({ outputDir: 'out' }, '--last-failed'), { cwd: project.dir });
    expect([cli.code, cli.stdout, cli.stderr]).toEqual([outcome.exitCode, `${line}\n`, '']);
  });

  it('a failed conversation the specs no longer have: io.warn names it, then RunInputError (exit 2)', async () => {
    await project.write('specs/s.yaml', spec('greets', 'Goodbye forever'));
    expect((await run(base)).result.status).toBe('failed');
    await project.write('specs/s.yaml', spec('greets the caller', 'Welcome'));
    said.warn.length = 0;
    const error = await run({ ...base, lastFailed: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunInputError);
    expect((error as RunInputError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(/^--last-failed: none of the failed .* nothing can be re-run$/);
    expect(said.warn.join('')).toContain('  - specs/s.yaml#greets\n');
  });
});
