// The spec loader: paths → typed SpecFiles, with every problem of every file as a SpecError.
import * as path from 'node:path';
import type { MatchStyle, SpecFile } from '../../model/spec.js';
import { SpecError, sortErrors, withInputLimits, type InputLimits } from '../../validation/index.js';
import { kindOf, optionNamesError, type OptionNames } from '../option-names.js';
import { discoverSpecFiles } from './discover.js';
import {
  dependenciesOf,
  dependencyCycleErrors,
  duplicateNameErrors,
  maskedNameErrors,
  unknownDependencyErrors,
} from './duplicates.js';
import type { Redactor } from '../../model/redact.js';
import { loadFileList } from './load-files.js';
import { namingEnv } from './env.js';
import { contradictionErrors } from './contradictions.js';
import { goldenClashErrors, type GoldenUse } from './golden-clashes.js';
import { suiteDeps } from './deps.js';
import type { FileRoots } from './roots.js';

export interface LoadOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** The config's `match:`, for conversations whose file and own settings leave it open. */
  match?: MatchStyle;
  /** A run-wide repeat (config `repeat:`, `--repeat`): a passRate then means something without `repeat:`. */
  repeat?: number;
  /** Folders that paths written in specs may lead into (projectRoots()); default: cwd. */
  roots?: FileRoots;
  /** Bounds on the files read (config `limits:` over the defaults); default: the caller's (withInputLimits). */
  limits?: Partial<InputLimits>;
  /** The config's `redact:`: conversation ids must stay unique once masked (maskedNameErrors). */
  redactor?: Redactor;
  /**
   * Which conversations use a golden (the run's --update-goldens, --goldens, config `golden:`):
   * no two of them may share a golden file. Without it, those with `golden: true`.
   */
  goldens?: GoldenUse;
}
const LOAD_OPTIONS: OptionNames<LoadOptions> = {
  cwd: true,
  env: true,
  match: true,
  repeat: true,
  roots: true,
  limits: true,
  redactor: true,
  goldens: true,
};

export interface LoadResult {
  files: SpecFile[];
  errors: SpecError[];
  /**
   * The other files the loaded specs read or name, absolute (deps.ts): included fragments, data
   * files, turn files, custom matcher modules. `run --watch` re-runs when one of them changes.
   */
  deps: string[];
}

/**
 * Loads spec files and directories (recursive *.yaml|*.yml, skipping emulator apps, `goldens/`
 * and files other loaded files include). Never rejects: everything wrong is in `errors`, a `paths`
 * that is not a list of paths and an option no option has too (one error naming the argument).
 */
export async function loadSpecs(paths: string[], opts: LoadOptions = {}): Promise<LoadResult> {
  const wrong = pathsProblem(paths) ?? optionNamesError('loadSpecs', opts, LOAD_OPTIONS);
  if (wrong) return { files: [], errors: [wrong], deps: [] };
  return opts.limits ? withInputLimits(opts.limits, () => load(paths, opts)) : load(paths, opts);
}

/**
 * A caller's `paths` that is not a list of non-empty strings (from JavaScript, `loadSpecs('specs')`
 * once read the string letter by letter): the problem, located at the argument itself.
 */
function pathsProblem(paths: unknown): SpecError | undefined {
  const at = (keyPath: string, text: string) => new SpecError('WRONG_TYPE', ARGUMENT, keyPath, text);
  if (!Array.isArray(paths)) return at('paths', `expected a list of spec files or folders, got ${kindOf(paths)}`);
  const index = paths.findIndex((p) => typeof p !== 'string' || p === '');
  if (index < 0) return undefined;
  const p: unknown = paths[index];
  return at(`paths[${index}]`, p === '' ? 'must not be empty' : `expected a string, got ${kindOf(p)}`);
}

/** Where an argument's problem is said to be: the call, not a file. */
const ARGUMENT = { file: 'loadSpecs()', line: 1, col: 1 };

async function load(paths: string[], opts: LoadOptions): Promise<LoadResult> {
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  const env = opts.env ?? process.env;
  const errors: SpecError[] = [];
  const { files: found, named } = await discoverSpecFiles(paths, cwd, errors);
  const loadedList = await loadFileList(found, cwd, env, named, opts.roots ?? [cwd], opts.match);
  const { loaded, errors: fileErrors, envValues } = loadedList;
  errors.push(...fileErrors);
  const included = new Set(loaded.flatMap((l) => [...l.included, ...(l.dataFiles ?? [])]));
  const suite = loaded.filter((l) => !included.has(l.abs));
  // Later checks of these files (an app's names, custom matchers) name the variables too.
  const files = suite.flatMap((l) => (l.file ? [envValues.length ? { ...l.file, envValues } : l.file] : []));
  if (opts.match) for (const c of files.flatMap((f) => f.conversations)) c.match ??= opts.match;
  const built = suite.flatMap((l) => l.built);
  const names = suite.flatMap((l) => l.names);
  errors.push(...suite.flatMap((l) => (l.empty ? [l.empty] : [])));
  errors.push(...duplicateNameErrors(names), ...maskedNameErrors(names, opts.redactor));
  errors.push(...goldenClashErrors(built, opts.goldens ?? {}, opts.redactor));
  const dependencies = [...dependenciesOf(built), ...suite.flatMap((l) => l.dependencies ?? [])];
  errors.push(...unknownDependencyErrors(dependencies, names));
  errors.push(...dependencyCycleErrors(built, names));
  errors.push(...contradictionErrors(files, opts.repeat));
  // A message may quote a value (a file name, a pattern, a conversation name) a variable gave.
  const shown = namingEnv(dedupe(errors), envValues);
  return { files, errors: sortErrors(shown), deps: suiteDeps(suite, files, cwd) };
}

/** A fragment included by several files reports its problems once. */
function dedupe(errors: SpecError[]): SpecError[] {
  const seen = new Set<string>();
  return errors.filter((e) => (seen.has(e.message) ? false : (seen.add(e.message), true)));
}
