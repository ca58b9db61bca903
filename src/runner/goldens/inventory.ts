// Which golden files on disk no conversation maps to (obsolete), and their removal by
// `--update-goldens`. A golden whose spec file was loaded is obsolete when no conversation of that
// file has its name; one whose spec file was not loaded is obsolete only when no such spec file
// exists any more (a run of a subset must not call the rest of the suite's goldens obsolete).
import { existsSync } from 'node:fs';
import { readdir, rm, rmdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { SpecFile } from '../../model/spec.js';
import { Redactor } from '../../model/redact.js';
import { goldenPath } from './store.js';

/** Spec file extensions a golden's folder may come from (goldens/<spec path without extension>/). */
const SPEC_EXTENSIONS = ['.yaml', '.yml', '.json'];

export interface GoldenInventoryOptions {
  goldensDir: string;
  cwd: string;
  redactor?: Redactor;
}

/** Obsolete golden files, relative to `cwd`, sorted. Empty when the goldens folder does not exist. */
export async function obsoleteGoldens(files: readonly SpecFile[], opts: GoldenInventoryOptions): Promise<string[]> {
  const dir = path.resolve(opts.cwd, opts.goldensDir);
  if (!existsSync(dir)) return [];
  const redactor = opts.redactor ?? new Redactor();
  const expected = new Set<string>();
  const loadedFolders = new Set<string>();
  for (const f of files) {
    loadedFolders.add(path.dirname(goldenPath(dir, redactor.text(f.file), 'x')));
    for (const c of f.conversations) expected.add(goldenPath(dir, redactor.text(c.file), redactor.text(c.name)));
  }
  const obsolete: string[] = [];
  for (const file of await goldenFiles(dir)) {
    if (expected.has(file)) continue;
    const folder = path.dirname(file);
    if (loadedFolders.has(folder) || !specFileExists(path.relative(dir, folder), opts.cwd))
      obsolete.push(path.relative(opts.cwd, file));
  }
  return obsolete.sort();
}

/** Removes the given golden files (relative to `cwd`) and the folders they leave empty. */
export async function removeGoldens(files: readonly string[], opts: GoldenInventoryOptions): Promise<void> {
  const root = path.resolve(opts.cwd, opts.goldensDir);
  for (const file of files) {
    const absolute = path.resolve(opts.cwd, file);
    await rm(absolute, { force: true });
    await removeEmptyFolders(path.dirname(absolute), root);
  }
}

async function removeEmptyFolders(folder: string, root: string): Promise<void> {
  let current = folder;
  while (current.startsWith(root + path.sep)) {
    if ((await readdir(current)).length > 0) return;
    await rmdir(current);
    current = path.dirname(current);
  }
}

async function goldenFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name)).map((e) => path.join(e.parentPath, e.name));
}

function specFileExists(specKey: string, cwd: string): boolean {
  return SPEC_EXTENSIONS.some((ext) => existsSync(path.resolve(cwd, specKey + ext)));
}
