// --update-goldens writes goldens only inside the project: a golden that is a symlink is replaced
// (temp file renamed over it), never written through; a symlinked folder leading out is refused.
import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { project, update } from './golden-projects.js';

describe('golden writes never leave the project', () => {
  it('replaces a golden that is a symlink out of the project instead of writing through it', async () => {
    const outside = await project({ 'victim.yaml': 'victim: 1\n' });
    const p = await project({});
    await mkdir(path.join(p.dir, 'goldens/specs/g'), { recursive: true });
    await symlink(path.join(outside.dir, 'victim.yaml'), path.join(p.dir, 'goldens/specs/g/hello.yaml'));
    const res = await update(p);
    expect(res.code, res.stdout).toBe(0);
    expect(await readFile(path.join(outside.dir, 'victim.yaml'), 'utf8')).toBe('victim: 1\n');
    expect(await readFile(path.join(p.dir, 'goldens/specs/g/hello.yaml'), 'utf8')).toContain('conversation: Hello');
  });

  it('refuses to record into a symlinked folder that leads out of the project', async () => {
    const outside = await project({});
    const p = await project({});
    await mkdir(path.join(p.dir, 'goldens'), { recursive: true });
    await symlink(outside.dir, path.join(p.dir, 'goldens/specs'));
    const res = await update(p);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(
      'golden goldens/specs/g/hello.yaml: not written: its folder leads outside the project',
    );
    expect(existsSync(path.join(outside.dir, 'g'))).toBe(false);
  });
});
