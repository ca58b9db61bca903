// The spec loader: paths → typed SpecFiles, with every problem of every file as a SpecError.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import pLimit from 'p-limit';
import type { SpecFile } from '../../model/spec.js';
import { SpecError, sortErrors } from '../../validation/index.js';
import { discoverSpecFiles } from './discover.js';
import { duplicateNameErrors, unknownDependencyErrors } from './duplicates.js';
import { loadNativeFile } from './native-file.js';
import { isEmulatorApp, readSource } from './read-source.js';
import { detectFormat, loadScrapiSource } from '../scrapi/index.js';

const READ_AHEAD = 16;

export interface LoadOptions { cwd?: string; env?: NodeJS.ProcessEnv }
export interface LoadResult { files: SpecFile[]; errors: SpecError[] }

/**
 * Loads spec files and directories (recursive *.yaml|*.yml, skipping emulator apps, `goldens/`
 * and files other loaded files include). Never rejects: everything wrong is in `errors`.
 */
export async function loadSpecs(paths: string[], opts: LoadOptions = {}): Promise<LoadResult> {
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  const env = opts.env ?? process.env;
  const errors: SpecError[] = [];
  const loaded: Array<{ abs: string; file?: SpecFile }> = [];
  const included = new Set<string>();
  const found = await discoverSpecFiles(paths, cwd, errors);
  const texts = readAhead(found);
  for (const [i, abs] of found.entries()) {
    const result = await loadOne(abs, cwd, env, errors, texts[i]!);
    result.included.forEach((f) => included.add(f));
    loaded.push({ abs, ...(result.file ? { file: result.file } : {}) });
  }
  const files = loaded.filter((l) => l.file && !included.has(l.abs)).map((l) => l.file!);
  errors.push(...duplicateNameErrors(files), ...unknownDependencyErrors(files));
  return { files, errors: sortErrors(dedupe(errors)) };
}

/** Parsing is CPU-bound and sequential; reading ahead (bounded) keeps the disk off its critical path. */
function readAhead(files: string[]): Array<Promise<string>> {
  const limit = pLimit(READ_AHEAD);
  return files.map((f) => {
    const text = limit(() => readFile(f, 'utf8'));
    text.catch(() => undefined); // awaited (and reported) by readSource; this only prevents an unhandled rejection before then
    return text;
  });
}

async function loadOne(abs: string, cwd: string, env: NodeJS.ProcessEnv, errors: SpecError[], text: Promise<string>): Promise<{ file?: SpecFile; included: string[] }> {
  try {
    const { source, errors: readErrors } = await readSource(abs, cwd, env, text);
    errors.push(...readErrors);
    if (!source || readErrors.length || isEmulatorApp(source.value)) return { included: [] };
    const format = detectFormat(source.value);
    if (format === 'native') return await loadNativeFile(source, env, errors);
    return { ...loadScrapiSource(source, format, errors), included: [] };
  } catch (err) {
    // A bug in the loader must still name the file, and must not hide the other files' errors.
    errors.push(new SpecError('INTERNAL', { file: path.relative(cwd, abs) || abs, line: 1, col: 1 }, '', `internal error while loading: ${(err as Error).message}`));
    return { included: [] };
  }
}

/** A fragment included by several files reports its problems once. */
function dedupe(errors: SpecError[]): SpecError[] {
  const seen = new Set<string>();
  return errors.filter((e) => (seen.has(e.message) ? false : (seen.add(e.message), true)));
}
