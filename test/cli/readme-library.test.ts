// The README's library examples, extracted from README.md and run as written in a project where
// `cxas-eval` is installed (node_modules/cxas-eval → this package, built): the ES module one, and the
// CommonJS one, which loads the package with require() (require(esm): the package's exports must
// let require resolve it, and its module graph must have no top-level await).
import { execFile } from 'node:child_process';
import { symlink, mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tempProject } from '../helpers/cli.js';
import { libraryExample } from '../helpers/readme.js';

describe('README library example', async () => {
  const project = await tempProject({
    'example.mjs': await libraryExample("import { Sessions, startEmulator } from 'cxas-eval'"),
    'example.cjs': await libraryExample("require('cxas-eval')"),
  });
  await mkdir(path.join(project.dir, 'node_modules'));
  await symlink(ROOT, path.join(project.dir, 'node_modules/cxas-eval'), 'dir');
  afterAll(() => project.cleanup());

  it('runs as written against the bundled emulator', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['example.mjs'], {
      cwd: project.dir,
      timeout: 30_000,
    });
    expect(stdout).toContain('USER QUERY: I need help with billing');
    expect(stdout).toContain('AGENT RESPONSE: [billing_agent] Billing team here.');
    expect(stdout).toMatch(/to: 'billing_agent'/);
  });

  it('runs as written from CommonJS, require() loading the package without a warning', async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['example.cjs'], {
      cwd: project.dir,
      timeout: 30_000,
    });
    expect(stderr).toBe('');
    expect(stdout).toContain('USER QUERY: I need help with billing');
    expect(stdout).toContain('AGENT RESPONSE: [billing_agent] Billing team here.');
  });
});
