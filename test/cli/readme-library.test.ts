// The README's library example, extracted from README.md and run as written in a project where
// `cxas-eval` is installed (node_modules/cxas-eval → this package, built).
import { execFile } from 'node:child_process';
import { symlink, mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tempProject } from '../helpers/cli.js';
import { libraryExample } from '../helpers/readme.js';

describe('README library example', async () => {
  const project = await tempProject({ 'example.mjs': await libraryExample('new Sessions(') });
  afterAll(() => project.cleanup());

  it('runs as written against the bundled emulator', async () => {
    await mkdir(path.join(project.dir, 'node_modules'));
    await symlink(ROOT, path.join(project.dir, 'node_modules/cxas-eval'), 'dir');
    const { stdout } = await promisify(execFile)(process.execPath, ['example.mjs'], {
      cwd: project.dir,
      timeout: 30_000,
    });
    expect(stdout).toContain('USER QUERY: I need help with billing');
    expect(stdout).toContain('AGENT RESPONSE: [billing_agent] Billing team here.');
    expect(stdout).toMatch(/to: 'billing_agent'/);
  });
});
