// Paths written in specs (`blob:`, `image:`, `audio:`, `include:`, `custom.module`) stay inside the
// project: the config file's folder (or the working directory without one) and the folders the config
// allows explicitly (`files.allowRoots`). `..`, absolute paths and symlinks that lead out are refused, so a
// spec (or a fragment it includes) cannot send /etc/passwd to the agent. README "Files".
import { realpathSync } from 'node:fs';
import * as path from 'node:path';

/** The folders paths may resolve into: absolute, the project root first. */
export type FileRoots = readonly string[];

function lexicallyInside(abs: string, root: string): boolean {
  const rel = path.relative(root, abs);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/** A root's real path (symlinks resolved); a root that does not exist keeps its own path. */
const realRoots = new Map<string, string>();
function realRoot(root: string): string {
  let real = realRoots.get(root);
  if (real === undefined) {
    try {
      real = realpathSync(root);
    } catch {
      real = root;
    }
    realRoots.set(root, real);
  }
  return real;
}

/**
 * True when `abs` is inside one of `roots`, as written and, when it exists, once every symlink on
 * its way is resolved (a link inside the project pointing out of it is outside).
 */
export function insideRoots(abs: string, roots: FileRoots): boolean {
  if (!roots.some((root) => lexicallyInside(abs, root))) return false;
  let real: string;
  try {
    real = realpathSync(abs);
  } catch {
    return true; // missing: reported as such where it is read
  }
  return roots.some((root) => lexicallyInside(real, realRoot(root)));
}

/** The one-line reason, naming the root (shown relative to cwd) and the config key that widens it. */
export function outsideRootsText(roots: FileRoots, cwd: string): string {
  const shown = roots.map((r) => path.relative(cwd, r) || '.').join(', ');
  return (
    `the path leads outside the project (${shown}); ` +
    'spec paths stay inside it unless the config lists more folders in files.allowRoots'
  );
}
