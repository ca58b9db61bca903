// --update-goldens removes only goldens, and only inside the project: a goldens folder outside it
// (config `goldensDir: ../x`, a symlinked `goldens`) is refused before the run (exit 2), files
// under the folder that are no golden are left, and symlinks are never followed.
import { existsSync } from 'node:fs';
import { readFile, symlink } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runArgs, runCli } from '../helpers/cli.js';
import { project, update } from './golden-projects.js';

/** A golden of a conversation no spec has: obsolete, removed by --update-goldens. */
const OBSOLETE_GOLDEN = 'format: 2\nconversation: Gone\nspec: specs/g.yaml\nturns: []\n';

describe('the goldens folder stays inside the project', () => {
  it('refuses a config goldensDir outside the project before the run, and removes nothing there', async () => {
    const outside = await project({ 'keep-me.yaml': 'x: 1\n', 'specs/g/gone.yaml': OBSOLETE_GOLDEN });
    const p = await project({ 'cxas-eval.config.yaml': `goldensDir: ${JSON.stringify(outside.dir)}\n` });
    const res = await update(p);
    expect(res.code, res.stdout).toBe(2);
    expect(res.stderr).toMatch(/the goldens folder .* leads outside the project .*files\.allowRoots/);
    expect(existsSync(path.join(p.dir, 'out/results.json'))).toBe(false);
    expect(existsSync(path.join(outside.dir, 'keep-me.yaml'))).toBe(true);
    expect(existsSync(path.join(outside.dir, 'specs/g/gone.yaml'))).toBe(true);
  });

  it('accepts a goldens folder listed in files.allowRoots, removing only its goldens', async () => {
    const shared = await project({ 'keep-me.yaml': 'x: 1\n', 'specs/g/gone.yaml': OBSOLETE_GOLDEN });
    const dir = JSON.stringify(shared.dir);
    const config = `goldensDir: ${dir}\nfiles: { allowRoots: [${dir}] }\n`;
    const p = await project({ 'cxas-eval.config.yaml': config });
    const res = await update(p);
    expect(res.code, res.stderr).toBe(0);
    expect(existsSync(path.join(shared.dir, 'specs/g/hello.yaml'))).toBe(true);
    expect(existsSync(path.join(shared.dir, 'specs/g/gone.yaml'))).toBe(false);
    expect(existsSync(path.join(shared.dir, 'keep-me.yaml'))).toBe(true);
    expect(existsSync(path.join(shared.dir, 'app.yaml'))).toBe(true);
  });

  it('refuses a goldens folder that is a symlink out of the project', async () => {
    const outside = await project({ 'specs/g/gone.yaml': OBSOLETE_GOLDEN, 'notes.yml': 'n: 1\n' });
    const p = await project({});
    await symlink(outside.dir, path.join(p.dir, 'goldens'));
    const res = await update(p);
    expect(res.code, res.stdout).toBe(2);
    expect(res.stderr).toContain('the goldens folder goldens leads outside the project');
    expect(existsSync(path.join(outside.dir, 'specs/g/gone.yaml'))).toBe(true);
    expect(existsSync(path.join(outside.dir, 'notes.yml'))).toBe(true);
  });

  it('with --goldens . removes no app, config or spec file: only goldens are obsolete', async () => {
    const p = await project({
      'cxas-eval.config.yaml': 'golden: { text: exact }\n',
      'specs/g/gone.yaml': OBSOLETE_GOLDEN,
    });
    // The spec file is named: the folder specs/ now holds goldens too.
    const args = runArgs({ specs: 'specs/g.yaml', app: 'app.yaml', reporter: 'list' }, '--update-goldens');
    const res = await runCli([...args, '--goldens', '.'], { cwd: p.dir });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/Obsolete goldens removed \(1\):\n {2}- specs\/g\/gone\.yaml\n/);
    for (const kept of ['app.yaml', 'cxas-eval.config.yaml', 'specs/g.yaml'])
      expect(existsSync(path.join(p.dir, kept)), kept).toBe(true);
    expect(existsSync(path.join(p.dir, 'specs/g/hello.yaml'))).toBe(true);
  });

  it('leaves a file under goldens/ that is no golden, and a golden in a symlinked subfolder', async () => {
    const elsewhere = await project({ 'gone.yaml': OBSOLETE_GOLDEN });
    const p = await project({
      'goldens/specs/g/notes.yaml': 'todo: re-record\n',
      'goldens/x/gone.yaml': OBSOLETE_GOLDEN,
    });
    await symlink(elsewhere.dir, path.join(p.dir, 'goldens/linked'));
    const res = await update(p);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/Obsolete goldens removed \(1\):\n {2}- goldens\/x\/gone\.yaml\n/);
    expect(await readFile(path.join(p.dir, 'goldens/specs/g/notes.yaml'), 'utf8')).toBe('todo: re-record\n');
    expect(existsSync(path.join(elsewhere.dir, 'gone.yaml'))).toBe(true);
  });
});
