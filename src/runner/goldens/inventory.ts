// Which golden files on disk no conversation maps to (obsolete), and their removal by
// `--update-goldens`. A golden whose spec file was loaded is obsolete when no conversation of that
// file has its name; one whose spec file was not loaded is obsolete only when no such spec file
// exists any more (a run of a subset must not call the rest of the suite's goldens obsolete).
// Only a file that is a golden (it reads as one, schemas/golden.schema.json) is ever obsolete or
// removed: any other file under the folder (an app, a config, notes) is left alone, and the folder
// is walked without following symlinks (folder.ts).
import { existsSync, lstatSync } from 'node:fs';
import { readdir, rm, rmdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { SpecFile } from '../../model/spec.js';
import { Redactor } from '../../model/redact.js';
import { insideRoots, type FileRoots } from '../load/roots.js';
import { yamlFilesUnder } from './folder.js';
import { goldenPath, legacyGoldenPath } from './paths.js';
import { readGolden } from './store.js';

/** Spec file extensions a golden's folder may come from (goldens/<spec path without extension>/). */
const SPEC_EXTENSIONS = ['.yaml', '.yml', '.json'];

export interface GoldenInventoryOptions {
  goldensDir: string;
  cwd: string;
  /** The folders goldens may be in (the project root and files.allowRoots); default: `cwd`. */
  roots?: FileRoots;
  redactor?: Redactor;
}

/**
 * Goldens that may still be under the file name cxas-eval gave them before names kept letters of
 * every script (paths.ts): new path → old path (absolute), for the conversations whose old path
 * differs, is no conversation's new path and no other conversation's old one (a file two names
 * shared holds either's transcript).
 */
export function legacyGoldens(files: readonly SpecFile[], opts: GoldenInventoryOptions): Map<string, string> {
  const dir = path.resolve(opts.cwd, opts.goldensDir);
  const redactor = opts.redactor ?? new Redactor();
  const pairs = files.flatMap((f) =>
    f.conversations.map((c) => {
      const [file, name] = [redactor.text(c.file), redactor.text(c.name)];
      return [goldenPath(dir, file, name), legacyGoldenPath(dir, file, name)] as const;
    }),
  );
  const current = new Set(pairs.map(([now]) => now));
  const uses = new Map<string, number>();
  for (const [, old] of new Map(pairs)) uses.set(old, (uses.get(old) ?? 0) + 1);
  return new Map(pairs.filter(([now, old]) => !current.has(old) && uses.get(old) === 1 && now !== old));
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
  const onDisk = await yamlFilesUnder(dir, rootsOf(opts));
  // A golden only under its old name is not obsolete: the run says to rename it (or --update-goldens does).
  const present = new Set(onDisk);
  for (const [now, old] of legacyGoldens(files, opts)) if (!present.has(now)) expected.add(old);
  const obsolete: string[] = [];
  for (const file of onDisk) {
    if (expected.has(file)) continue;
    const folder = path.dirname(file);
    const unmatched = loadedFolders.has(folder) || !specFileExists(path.relative(dir, folder), opts.cwd);
    if (unmatched && (await isGoldenFile(file, opts))) obsolete.push(path.relative(opts.cwd, file));
  }
  return obsolete.sort();
}

/**
 * Removes the given golden files (relative to `cwd`) and the folders they leave empty. A file that
 * is no golden (any more), a symlink, or outside the goldens folder and the roots is left.
 */
export async function removeGoldens(files: readonly string[], opts: GoldenInventoryOptions): Promise<void> {
  const root = path.resolve(opts.cwd, opts.goldensDir);
  for (const file of files) {
    const absolute = path.resolve(opts.cwd, file);
    if (!absolute.startsWith(root + path.sep) || !(await isGoldenFile(absolute, opts))) continue;
    await rm(absolute, { force: true });
    await removeEmptyFolders(path.dirname(absolute), root);
  }
}

/**
 * A regular file (no symlink) inside the roots that reads as a golden: the only kind of file
 * cxas-eval may remove from the goldens folder.
 */
export async function isGoldenFile(
  file: string,
  opts: Pick<GoldenInventoryOptions, 'cwd' | 'roots'>,
): Promise<boolean> {
  try {
    if (!lstatSync(file).isFile()) return false;
  } catch {
    return false;
  }
  if (!insideRoots(file, rootsOf(opts))) return false;
  return (await readGolden(file, path.relative(opts.cwd, file))).kind === 'golden';
}

function rootsOf(opts: Pick<GoldenInventoryOptions, 'cwd' | 'roots'>): FileRoots {
  return opts.roots ?? [path.resolve(opts.cwd)];
}

async function removeEmptyFolders(folder: string, root: string): Promise<void> {
  let current = folder;
  while (current.startsWith(root + path.sep)) {
    if ((await readdir(current)).length > 0) return;
    await rmdir(current);
    current = path.dirname(current);
  }
}

function specFileExists(specKey: string, cwd: string): boolean {
  return SPEC_EXTENSIONS.some((ext) => existsSync(path.resolve(cwd, specKey + ext)));
}
