// The goldens folder stays inside the project (its root and `files.allowRoots`), like every path a
// spec names (load/roots.ts): `--update-goldens` writes and removes files there, so a config's
// `goldensDir: ../elsewhere` or a committed symlink `goldens -> /home/me` must not point it at files
// that are not the project's. Walking the folder never follows a symlink.
import { lstatSync, realpathSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { insideRoots, type FileRoots } from '../load/roots.js';

/**
 * Why the goldens folder `dir` (absolute) cannot be used, in one line; undefined when it lies inside
 * `roots`, as written and once its symlinks are resolved.
 */
export function goldensFolderProblem(dir: string, roots: FileRoots, cwd: string): string | undefined {
  if (insideRoots(dir, roots) && existingAncestorInside(dir, roots)) return undefined;
  const shown = roots.map((r) => path.relative(cwd, r) || '.').join(', ');
  return (
    `the goldens folder ${path.relative(cwd, dir) || '.'} leads outside the project (${shown}); ` +
    '--update-goldens writes and removes files there: keep it inside, or list its folder in files.allowRoots'
  );
}

/**
 * True when the deepest folder of `target` that exists resolves inside `roots`: creating the rest
 * (mkdir -p) then creates nothing outside, even through a symlinked folder on the way.
 */
export function existingAncestorInside(target: string, roots: FileRoots): boolean {
  let current = target;
  for (;;) {
    try {
      lstatSync(current);
      break;
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return false;
      current = parent;
    }
  }
  let real: string;
  try {
    real = realpathSync(current);
  } catch {
    return false; // a dangling symlink: where it would lead is not known
  }
  return insideRoots(real, roots);
}

/**
 * The `.yaml`/`.yml` files under the goldens folder `dir` (absolute paths under `dir`), without
 * following symlinks: a symlinked file or subfolder is skipped. A folder that resolves outside
 * `roots` (a symlinked root) is not walked at all.
 */
export async function yamlFilesUnder(dir: string, roots: FileRoots): Promise<string[]> {
  if (!insideRoots(dir, roots)) return [];
  const found: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return; // gone or unreadable: nothing of it to list
    }
    for (const e of entries) {
      const full = path.join(folder, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile() && /\.ya?ml$/i.test(e.name)) found.push(full);
    }
  };
  await walk(dir);
  return found;
}
