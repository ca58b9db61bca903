// A custom matcher module whose path the loader refused (outside the project: `..`, absolute, a
// symlink out, or a value from `${each.}`/`${env.}`/`${with.}`) is never imported: not by `validate`,
// which reports the refusal once at the value, nor by a run of such specs (README "Files contained").
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UnloadedCustomMatcher } from '../../src/assertions/index.js';
import { loadSpecs } from '../../src/runner/load/index.js';
import { loadCustomMatchers } from '../../src/runner/run/custom-matchers.js';
import { runCli, tempProject } from '../helpers/cli.js';

const SPEC = (evil: string): string => `conversations:
  - name: absolute
    turns:
      - event: WELCOME
        expect: [ { custom: { module: ${JSON.stringify(evil)} } } ]
  - name: symlink out
    turns:
      - event: WELCOME
        expect: [ { custom: { module: ./linked.mjs } } ]
  - name: climbs out
    turns:
      - event: WELCOME
        expect: [ { custom: { module: ../../outside/evil.mjs } } ]
  - name: from a row
    each: [ { m: ${JSON.stringify(evil)} } ]
    turns:
      - event: WELCOME
        expect: [ { custom: { module: "\${each.m}" } } ]
  - name: from the environment
    turns:
      - event: WELCOME
        expect: [ { custom: { module: "\${env.EVIL_MODULE}" } } ]
  - name: from a step
    turns:
      - use: check
        with: { m: ${JSON.stringify(evil)} }
steps:
  check:
    - event: WELCOME
      expect: [ { custom: { module: "\${with.m}" } } ]
`;

describe('a refused custom matcher module is never imported', async () => {
  const outside = await tempProject({});
  const marker = path.join(outside.dir, 'EXECUTED');
  const evil = path.join(outside.dir, 'evil.mjs');
  await outside.write(
    'evil.mjs',
    `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(marker)}, 'loaded\\n');\n` +
      'export default () => true;\n',
  );
  const project = await tempProject({ 'specs/s.yaml': SPEC(evil) });
  symlinkSync(evil, path.join(project.dir, 'specs/linked.mjs'));
  afterAll(async () => {
    await project.cleanup();
    await outside.cleanup();
  });
  const env = { EVIL_MODULE: evil };

  it('validate reports each refusal once at its value and imports none of them', async () => {
    const res = await runCli(['validate', 'specs'], { cwd: project.dir, env });
    expect(existsSync(marker) ? readFileSync(marker, 'utf8') : 'not executed').toBe('not executed');
    expect(res.code, res.stderr).toBe(2);
    const lines = res.stderr.split('\n').filter((l) => l.startsWith('specs/s.yaml:'));
    expect(lines, res.stderr).toHaveLength(6);
    for (const l of lines) expect(l).toMatch(/custom\.module: the path leads outside the project/);
    expect(res.stderr).not.toContain('could not be loaded');
  }, 30_000);

  it('specs loaded despite the errors: the module is an error with the reason, not imported', async () => {
    const { files, errors } = await loadSpecs(['specs'], { cwd: project.dir, env });
    expect(errors).toHaveLength(6);
    const loaded = await loadCustomMatchers(files[0]!.conversations, project.dir, 10_000);
    try {
      expect(loaded.matchers.size).toBe(3); // the absolute path, the symlink, the climb (rebased)
      for (const [module, m] of loaded.matchers) {
        expect(m).toBeInstanceOf(UnloadedCustomMatcher);
        expect((m as UnloadedCustomMatcher).reason).toBe(
          `module ${module} was not loaded: the path leads outside the project`,
        );
      }
    } finally {
      loaded.close();
    }
    expect(existsSync(marker)).toBe(false);
  });
});

describe('a custom matcher module that is not a regular file', () => {
  it('is refused at its value, not imported (a FIFO hung validate until its deadline)', async () => {
    const project = await tempProject({
      'specs/f.yaml': `conversations:
  - name: fifo
    turns:
      - event: WELCOME
        expect: [ { custom: { module: ./pipe.mjs } } ]
`,
    });
    try {
      execFileSync('mkfifo', [path.join(project.dir, 'specs/pipe.mjs')]);
      const started = Date.now();
      const res = await runCli(['validate', 'specs'], { cwd: project.dir });
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).toContain(
        'specs/f.yaml:5:39 conversations[0].turns[0].expect[0].custom.module: ' +
          'module specs/pipe.mjs: not a regular file (devices, FIFOs,',
      );
      expect(res.stderr).not.toContain('could not be loaded');
      expect(Date.now() - started).toBeLessThan(10_000);
      const { files } = await loadSpecs(['specs'], { cwd: project.dir });
      const loaded = await loadCustomMatchers(files[0]!.conversations, project.dir, 10_000);
      try {
        const matcher = [...loaded.matchers.values()][0];
        expect(matcher).toBeInstanceOf(UnloadedCustomMatcher);
        expect((matcher as UnloadedCustomMatcher).reason).toMatch(
          /^module specs\/pipe\.mjs was not loaded: not a regular file/,
        );
      } finally {
        loaded.close();
      }
    } finally {
      await project.cleanup();
    }
  }, 30_000);
});
