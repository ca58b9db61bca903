// Loading a list of files in order, in this thread. (Worker threads were measured slower on a
// 2-core machine for 1,000 files — start-up and schema compilation per worker outweigh parsing.)
import * as path from 'node:path';
import type { MatchStyle, SpecFile } from '../../model/spec.js';
import type { EnvValue } from '../../model/env-values.js';
import { SpecError } from '../../validation/index.js';
import {
  namesOf,
  rawDependencies,
  rawNames,
  type BuiltConversation,
  type DependencyRef,
  type NameRef,
} from './duplicates.js';
import { FragmentCache } from './fragment-cache.js';
import { checkFragment, loadNativeFile, type NativeLoad } from './native-file.js';
import type { FileRoots } from './roots.js';
import { isEmulatorApp, readSource } from './read-source.js';
import type { Source } from './source.js';
import { withoutEchoes } from './env.js';
import { recogniseFormat, loadScrapiSource } from '../scrapi/index.js';
import { isJsonObject as isRecord } from '../../model/json.js';

interface LoadedFile {
  abs: string;
  file?: SpecFile;
  /** The conversations built without errors, also of a file with errors (for the suite-wide checks). */
  built: BuiltConversation[];
  /** Conversation names written in the file, even when it has errors (for duplicates and references). */
  names: NameRef[];
  /** `afterConversation` references not read from `built`: those of parts not built (they have errors). */
  dependencies?: DependencyRef[];
  included: string[];
  /** `each:` data files it reads: a YAML one found in a folder is not a spec file. */
  dataFiles?: string[];
  /** Problems found while loading it (a data file's, as a spec, are dropped). */
  errors?: SpecError[];
  /** The file loaded but holds nothing to run; reported unless another file includes it as a fragment. */
  empty?: SpecError;
}
export interface FileListResult {
  loaded: LoadedFile[];
  errors: SpecError[];
  /** What `${env.NAME}` references put into the files and their fragments. */
  envValues: readonly EnvValue[];
}

const NOTHING: Omit<LoadedFile, 'abs'> = { built: [], names: [], included: [] };

/** `named`: files given by name (not found in a folder), which may not be skipped silently. */
export async function loadFileList(
  files: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  named: ReadonlySet<string> = new Set(),
  roots: FileRoots = [cwd],
  match?: MatchStyle,
): Promise<FileListResult> {
  const errors: SpecError[] = [];
  const loaded: LoadedFile[] = [];
  // One cache for the whole list: a fragment included by many files is parsed once.
  const cache = new FragmentCache(cwd, env, roots, checkFragment, match);
  for (const abs of files) {
    const own: SpecError[] = [];
    loaded.push({ abs, ...(await loadOne(abs, cache, named.has(abs), own)), errors: own });
  }
  // A YAML data file of `each:` found in a folder was loaded as a spec too: it is no spec, keep quiet.
  const data = new Set(loaded.flatMap((l) => l.dataFiles ?? []));
  for (const l of loaded) if (!data.has(l.abs) || named.has(l.abs)) errors.push(...(l.errors ?? []));
  return { loaded, errors, envValues: cache.envValues };
}

async function loadOne(
  abs: string,
  cache: FragmentCache,
  named: boolean,
  errors: SpecError[],
): Promise<Omit<LoadedFile, 'abs'>> {
  const { cwd, env, roots } = cache;
  try {
    const { source, errors: envErrors } = await readSource(abs, cwd, env, roots, cache.envValues);
    errors.push(...envErrors);
    if (!source) return NOTHING;
    if (isEmulatorApp(source.value)) {
      // Found in a folder, an emulator app sits next to the specs it serves; named, it is a mistake.
      const text = 'this is an emulator app, not a spec file (serve it with --emulator)';
      if (named) errors.push(source.error('EMULATOR_APP', [], text));
      return NOTHING;
    }
    // Unset variables read as "": the file is still checked, so its other mistakes show in the same
    // pass; a complaint at the very place of an unset variable only echoes it.
    const problems: SpecError[] = [];
    const result = await loadSource(source, cache, problems);
    errors.push(...withoutEchoes(envErrors, problems));
    // Conversations not built (they have errors) count by their names and references as written
    // (a cxas-scrapi file with errors: those of its text read as native).
    const none = { names: [], dependencies: [] };
    const unbuilt =
      result.unbuilt ?? (result.file ? none : { names: rawNames(source), dependencies: rawDependencies(source) });
    const names = [...namesOf(result.built), ...unbuilt.names];
    if (envErrors.length || !result.file) {
      // Also those named by parts not built: they are fragments and data files, not suites.
      const included = [...new Set([...result.included, ...rawIncludes(source)])];
      const dataFiles = [...new Set([...(result.dataFiles ?? []), ...rawDataFiles(source)])];
      // The conversations built without errors stay in the suite-wide checks (golden-file clashes,
      // dependency cycles), so that their mistakes show in this pass too; the file gives no SpecFile.
      return { ...NOTHING, built: result.built, names, dependencies: unbuilt.dependencies, included, dataFiles };
    }
    const empty = problems.length ? undefined : emptyError(source, result.file);
    return { ...result, names, dependencies: unbuilt.dependencies, ...(empty ? { empty } : {}) };
  } catch (err) {
    // A bug in the loader must still name the file, and must not hide the other files' errors.
    const loc = { file: path.relative(cwd, abs) || abs, line: 1, col: 1 };
    const reason = err instanceof Error ? err.message : String(err);
    errors.push(new SpecError('INTERNAL', loc, '', `internal error while loading: ${reason}`));
    return NOTHING;
  }
}

async function loadSource(source: Source, cache: FragmentCache, errors: SpecError[]): Promise<NativeLoad> {
  const detected = recogniseFormat(source.value);
  if (detected.format === 'native') return loadNativeFile(source, cache, errors);
  return { ...loadScrapiSource(source, detected, errors), included: [] };
}

/** A file without a single mistake but with no conversation and no tool test would run nothing. */
function emptyError(source: Source, file: SpecFile): SpecError | undefined {
  if (file.conversations.length || file.toolTests?.length) return undefined;
  const value = isRecord(source.value) ? source.value : {};
  const key = ['conversations', 'tests', 'toolTests'].find((k) => k in value);
  const text = 'must not be empty: a spec file needs at least one conversation';
  if (key) return source.error('NO_CONVERSATIONS', [key], text);
  return source.error('NO_CONVERSATIONS', [], 'the file has no conversations or toolTests: nothing would run');
}

/** The fragments a file names, resolved, when it could not be loaded (so they are not reported as suites). */
function rawIncludes(source: Source): string[] {
  const include = isRecord(source.value) ? source.value['include'] : undefined;
  if (!Array.isArray(include)) return [];
  return include.filter((i) => typeof i === 'string').map((i) => source.resolveRelative(i).abs);
}

/** The `each:` data files a file names, resolved, when it could not be loaded. */
function rawDataFiles(source: Source): string[] {
  const conversations = isRecord(source.value) ? source.value['conversations'] : undefined;
  if (!Array.isArray(conversations)) return [];
  const each = conversations.map((c: unknown) => (isRecord(c) ? c['each'] : undefined));
  return each.filter((e) => typeof e === 'string').map((e) => source.resolveRelative(e).abs);
}
