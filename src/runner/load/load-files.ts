// Loading a list of files in order, in this thread. (Worker threads were measured slower on a
// 2-core machine for 1,000 files — start-up and schema compilation per worker outweigh parsing.)
import * as path from 'node:path';
import type { SpecFile } from '../../model/spec.js';
import { SpecError } from '../../validation/index.js';
import type { BuiltConversation } from './duplicates.js';
import { loadNativeFile } from './native-file.js';
import { isEmulatorApp, readSource } from './read-source.js';
import { detectFormat, loadScrapiSource } from '../scrapi/index.js';

export interface LoadedFile { abs: string; file?: SpecFile; built: BuiltConversation[]; included: string[] }
export interface FileListResult { loaded: LoadedFile[]; errors: SpecError[] }

export async function loadFileList(files: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<FileListResult> {
  const errors: SpecError[] = [];
  const loaded: LoadedFile[] = [];
  for (const abs of files) loaded.push({ abs, ...(await loadOne(abs, cwd, env, errors)) });
  return { loaded, errors };
}

async function loadOne(abs: string, cwd: string, env: NodeJS.ProcessEnv, errors: SpecError[]):
  Promise<Omit<LoadedFile, 'abs'>> {
  try {
    const { source, errors: readErrors } = await readSource(abs, cwd, env);
    errors.push(...readErrors);
    if (!source || readErrors.length || isEmulatorApp(source.value)) return { built: [], included: [] };
    const format = detectFormat(source.value);
    if (format === 'native') return await loadNativeFile(source, env, errors);
    return { ...loadScrapiSource(source, format, errors), included: [] };
  } catch (err) {
    // A bug in the loader must still name the file, and must not hide the other files' errors.
    const loc = { file: path.relative(cwd, abs) || abs, line: 1, col: 1 };
    const reason = err instanceof Error ? err.message : String(err);
    errors.push(new SpecError('INTERNAL', loc, '', `internal error while loading: ${reason}`));
    return { built: [], included: [] };
  }
}
