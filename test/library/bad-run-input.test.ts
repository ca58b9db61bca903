// Bad input that used to escape RunInputError (the CLI then exited 1, as for a failed run): a
// malformed app name (the option, the config's or a spec file's `app:`, CXAS_APP) and an output
// folder that is a file. Each is bad input (exit 2) naming where it came from, a file's at its
// file:line:col, before anything runs or any report is touched.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunInputError, RunLoadError } from '../../src/library/errors.js';
import { run, type LibraryRunOptions } from '../../src/library/run.js';
import { runCli, tempProject } from '../helpers/cli.js';

const SPEC = 'conversations:\n  - name: hello\n    turns: [ { event: WELCOME } ]\n';
const MALFORMED = /app: must match pattern "\^projects\/\[\^\/\]\+\/locations\/\[\^\/\]\+\/apps\/\[\^\/\]\+\$"/;

describe('bad run input', async () => {
  const project = await tempProject({
    'specs/s.yaml': SPEC,
    'specs/app.yaml': `app: my-app\n${SPEC}`,
    'bad.config.yaml': 'concurrency: 2\napp: my-app\n',
    'a-file': 'not a folder\n',
  });
  afterAll(() => project.cleanup());
  const base: LibraryRunOptions = {
    cwd: project.dir,
    paths: ['specs/s.yaml'],
    reporters: ['json'],
    history: false,
    coverage: false,
    io: { out: () => {}, warn: () => {}, env: {} },
  };
  const failure = (options: LibraryRunOptions) => run({ ...base, ...options }).catch((e: unknown) => e);

  it('a malformed app option: RunInputError naming it', async () => {
    const error = await failure({ app: 'my-app' });
    expect(error).toBeInstanceOf(RunInputError);
    expect((error as RunInputError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(new RegExp(`^${MALFORMED.source} \\("my-app"\\)$`));
  });

  it("a malformed app in the config file or a spec file: RunLoadError at the app's file:line:col", async () => {
    const config = await failure({ configFile: 'bad.config.yaml' });
    expect(config).toBeInstanceOf(RunLoadError);
    expect((config as RunLoadError).problems).toEqual([expect.stringMatching(/^bad\.config\.yaml:2:6 /)]);
    expect((config as RunLoadError).problems[0]).toMatch(MALFORMED);
    const spec = await failure({ paths: ['specs/app.yaml'] });
    expect(spec).toBeInstanceOf(RunLoadError);
    expect((spec as RunLoadError).problems).toEqual([expect.stringMatching(/^specs\/app\.yaml:1:6 /)]);
  });

  it('a malformed CXAS_APP: RunInputError naming the variable', async () => {
    const error = await failure({ io: { out: () => {}, warn: () => {}, env: { CXAS_APP: 'my-app' } } });
    expect(error).toBeInstanceOf(RunInputError);
    expect((error as Error).message).toBe(
      'CXAS_APP: app name "my-app" is malformed: expected projects/{project}/locations/{location}/apps/{app}',
    );
  });

  it('an outputDir that is a file (or under one): RunInputError naming it, the file untouched', async () => {
    for (const outputDir of ['a-file', 'a-file/reports']) {
      const error = await failure({ outputDir });
      expect(error).toBeInstanceOf(RunInputError);
      expect((error as Error).message).toBe(
        `outputDir "${outputDir}" is not a directory: a file is in its place (or a parent's)`,
      );
    }
    expect(await readFile(path.join(project.dir, 'a-file'), 'utf8')).toBe('not a folder\n');
  });

  it('cxas-eval run: exit 2 with the one line, for --app and --output-dir alike', async () => {
    for (const flags of [
      ['--app', 'my-app'],
      ['--output-dir', 'a-file'],
    ]) {
      const r = await runCli(['run', 'specs/s.yaml', '--reporter', 'json', '--no-history', ...flags], {
        cwd: project.dir,
      });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
