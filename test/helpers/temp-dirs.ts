// A test file's temporary directories, all inside one made when the file's tests are collected and
// removed after them: a test run leaves nothing behind in the temp directory.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll } from 'vitest';

/** Call at a test file's top level; each call of what it returns makes a new, empty directory. */
export function tempDirs(name: string): (prefix?: string) => string {
  const root = mkdtempSync(path.join(tmpdir(), `cxas-${name}-`));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let made = 0;
  return (prefix = 'dir') => {
    const dir = path.join(root, `${prefix}-${++made}`);
    mkdirSync(dir);
    return dir;
  };
}
