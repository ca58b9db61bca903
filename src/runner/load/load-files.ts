// Loading a list of files, in this thread; parallel.ts runs it in worker threads too, so its
// result can be flattened into plain data and rebuilt.
import * as path from 'node:path';
import type { SourceLocation } from '../../model/location.js';
import type { SpecFile } from '../../model/spec.js';
import { SpecError } from '../../validation/index.js';
import { dependencyRefs, namePaths } from './duplicates.js';
import { loadNativeFile } from './native-file.js';
import { isEmulatorApp, readSource } from './read-source.js';
import { detectFormat, loadScrapiSource } from '../scrapi/index.js';

export interface LoadedFile { abs: string; file?: SpecFile; included: string[] }
export interface FileListResult { loaded: LoadedFile[]; errors: SpecError[] }

export async function loadFileList(files: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<FileListResult> {
  const errors: SpecError[] = [];
  const loaded: LoadedFile[] = [];
  for (const abs of files) loaded.push({ abs, ...(await loadOne(abs, cwd, env, errors)) });
  return { loaded, errors };
}

async function loadOne(abs: string, cwd: string, env: NodeJS.ProcessEnv, errors: SpecError[]): Promise<{ file?: SpecFile; included: string[] }> {
  try {
    const { source, errors: readErrors } = await readSource(abs, cwd, env);
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

interface PlainError { code: string; loc: SourceLocation; path: string; text: string }
type Refs = Array<[namePath: string | undefined, dependency: { loc: SourceLocation; path: string } | undefined]>;
export interface PlainResult { loaded: LoadedFile[]; errors: PlainError[]; refs: Refs }

/** Structured-clone-safe form: errors as fields, and the side tables keyed by conversation. */
export function toPlain(result: FileListResult): PlainResult {
  const conversations = result.loaded.flatMap((l) => l.file?.conversations ?? []);
  return {
    loaded: result.loaded,
    errors: result.errors.map((e) => ({ code: e.code, loc: e.loc, path: e.path, text: e.text })),
    refs: conversations.map((c) => [namePaths.get(c), dependencyRefs.get(c)]),
  };
}

export function fromPlain(plain: PlainResult): FileListResult {
  const conversations = plain.loaded.flatMap((l) => l.file?.conversations ?? []);
  conversations.forEach((c, i) => {
    const [namePath, dependency] = plain.refs[i] ?? [];
    if (namePath !== undefined) namePaths.set(c, namePath);
    if (dependency !== undefined) dependencyRefs.set(c, dependency);
  });
  return { loaded: plain.loaded, errors: plain.errors.map((e) => new SpecError(e.code, e.loc, e.path, e.text)) };
}
