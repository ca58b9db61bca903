// What the package exports for runs works, through the built entry (dist/index.js) as a user
// imports it: options merged over the config, bad input as RunLoadError with every problem at its
// place, the result as loadRunResult reads it back, and the exit code the CLI would end with.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type * as Api from '../../src/index.js';
import { ROOT, tempProject } from '../helpers/cli.js';

const api = (await import(pathToFileURL(path.join(ROOT, 'dist/index.js')).href)) as typeof Api;

const PASSING =
  'conversations:\n  - name: greets\n    turns:\n      - event: WELCOME\n        expect: [ { text: Welcome } ]\n';
const FAILING = PASSING.replace('text: Welcome', 'text: Goodbye');

describe('the package entry: run and its companions', async () => {
  const project = await tempProject({
    'cxas-eval.config.yaml': 'concurrency: 3\nreporters: [json]\noutputDir: from-config\n',
    'specs/ok.yaml': PASSING,
    'specs/bad.yaml': FAILING,
    'specs/broken.yaml': 'conversations:\n  - name: x\n    turns: [ { usr: hi } ]\n',
  });
  afterAll(() => project.cleanup());
  const quiet = { io: { out: () => {}, warn: () => {} }, history: false, coverage: false } as const;

  it('effectiveOptions: options over the config over the defaults', () => {
    const opts = api.effectiveOptions({ retries: 0 }, { concurrency: 3, outputDir: 'r' }, {});
    expect(opts).toMatchObject({ concurrency: 3, retries: 0, outputDir: 'r', timeoutMs: api.DEFAULTS.timeoutMs });
  });

  it('run: the config file is read, the result written and read back, the exit code as the CLI', async () => {
    const passed = await api.run({ ...quiet, cwd: project.dir, paths: ['specs/ok.yaml'] });
    expect(passed.exitCode).toBe(api.EXIT.ok);
    const written = await api.loadRunResult(path.join(project.dir, 'from-config/results.json'));
    expect(written.runId).toBe(passed.result.runId);
    expect(written.conversations.map((c) => c.status)).toEqual(['passed']);
    const failed = await api.run({ ...quiet, cwd: project.dir, paths: ['specs/bad.yaml'], outputDir: 'other' });
    expect(failed.result.status).toBe('failed');
    expect(failed.exitCode).toBe(api.runExitCode(failed.result));
    expect(failed.exitCode).toBe(api.EXIT.failed);
  });

  it("run: given io.out, the list reporter's lines go through it (nothing to the process's stdout)", async () => {
    const out: string[] = [];
    const written: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => written.push(String(chunk)) > 0) as typeof write;
    try {
      await api.run({
        ...quiet,
        io: { out: (t) => void out.push(t), warn: () => {} },
        cwd: project.dir,
        paths: ['specs/ok.yaml'],
        reporters: ['list'],
        outputDir: 'listed',
      });
    } finally {
      process.stdout.write = write;
    }
    expect(out.join('')).toMatch(/✓ specs\/ok\.yaml › greets[\s\S]*Status: passed/);
    expect(written.join('')).not.toContain('specs/ok.yaml');
  });

  it('run: bad specs are a RunLoadError naming file:line:col, before anything is written', async () => {
    const error = await api.run({ ...quiet, cwd: project.dir, paths: ['specs/broken.yaml'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(api.RunLoadError);
    expect((error as Api.RunLoadError).problems).toEqual([expect.stringMatching(/^specs\/broken\.yaml:3:\d+ /)]);
    expect((error as Api.RunLoadError).exitCode).toBe(api.EXIT.usage);
  });
});
