// The library's run: `run(options)` does what `cxas-eval run` does (the CLI calls the same parts):
// config resolution (options over cxas-eval.config.yaml over defaults), spec loading, selection,
// target (CES, the bundled emulator, a replay), judge and simulated user, tool tests, policy,
// reports, history, coverage, baseline; it returns the RunResult and the exit code the CLI would end with.
import * as path from 'node:path';
import {
  goldensFolderProblem,
  loadConfig,
  loadSpecs,
  projectRoots,
  type ConfigResult,
  type CxasConfig,
  type PlanOptions,
} from '../runner/index.js';
import type { SpecFile } from '../model/spec.js';
import { RunInputError, RunLoadError } from './errors.js';
import { EXIT } from '../model/exit-codes.js';
import { runIO, type RunIO } from './io.js';
import { effectiveOptions, SETTING_NAMES, type EffectiveRunOptions, type RunSettings } from './run-options.js';
import { checkTargetSettings } from './target-settings.js';
import { unknownNameText } from '../validation/index.js';
import { shown } from '../model/location.js';
import { failedSpecIds, lastFailedIds, nothingToRerun, selectionOf } from './run-selection.js';
import { Redactor } from '../model/redact.js';
import { resolveRunArgument } from './run-ref.js';
import { runOnce, type RunControl, type RunOnceOutcome } from './run-once.js';
import { openTarget } from './run-target.js';
import type { Versions } from './run-versions.js';

export interface LibraryRunOptions extends RunSettings {
  /**
   * Spec files or directories, a list even of one (`['specs/a.yaml']`): a single string is refused
   * (RunInputError), as the config's `specs` refuses it, and so is an empty list. Default: the
   * config's `specs`, else `specs/`.
   */
  paths?: string[];
  /** The project directory: config, specs and reports are found from here (default: process.cwd()). */
  cwd?: string;
  /** The config file (default: cxas-eval.config.yaml or .yml in `cwd`, when there is one). */
  configFile?: string;
  /**
   * The config itself, instead of a file (schemas/config.schema.json, validated the same way;
   * paths in it are relative to `cwd`).
   */
  config?: CxasConfig;
  /**
   * Aborting it stops the run: no new conversation starts, running ones are cancelled, and every
   * configured report is written from what finished (the rest `interrupted`). Once the reports are
   * written, it also stops `judgeStability`'s re-judging (what was not re-judged: not measured).
   */
  signal?: AbortSignal;
  /**
   * Console output, warnings and environment (default: the process's stdout, stderr and env). With
   * `out` and no `stream`, the list reporter's lines go through `out` too. A throw from `warn` or
   * `out` loses no report: it is a REPORTER_FAILED run error (`io.warn: ...`), or after the reports
   * were written a reporter failure (`reporter: 'io'`).
   */
  io?: Partial<RunIO>;
}

/**
 * `lastFailed` with nothing to re-run (nothing failed, or nothing that failed is selected): no run
 * is made and nothing is written or removed, as `cxas-eval run --last-failed` says so and exits 0.
 */
export interface NothingToRerun {
  result?: undefined;
  exitCode: 0;
  reporterFailures: readonly [];
  /** The line the CLI prints (also written to `io.out`). */
  nothingToRerun: string;
}

/** A run's outcome, or (`lastFailed` only) that there was nothing to re-run: check `result`. */
export type LibraryRunOutcome = RunOnceOutcome | NothingToRerun;

/** Everything a run needs before it talks to anything: loaded, selected, resolved. */
export interface PreparedRun {
  cwd: string;
  config: CxasConfig;
  opts: EffectiveRunOptions;
  plan: PlanOptions;
  /** `--last-failed`: the stored run's failed spec ids (masked as its `redact:` masked them). */
  lastFailed?: ReadonlySet<string>;
  /** `--last-failed` selects nothing: the line saying so, and no run is made (exit 0). */
  nothingToRerun?: string;
  files: SpecFile[];
  /** The other files the specs read or name (LoadResult.deps): `run --watch` watches them too. */
  deps: string[];
  specPaths: string[];
  roots: string[];
  io: RunIO;
  /** `versions: 'A,B'`: the two versions to run side by side and compare. */
  versions?: Versions;
}

/**
 * Loads the config and the specs and resolves the options; throws RunLoadError or RunInputError.
 * `config`: the config file's loading, already started by the caller (the CLI starts it before
 * anything else, to know where the reports go should a signal come while loading).
 */
export async function prepareRun(
  options: LibraryRunOptions = {},
  config?: Promise<ConfigResult>,
): Promise<PreparedRun> {
  checkLibraryOptions(options);
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const io = runIO(options.io);
  const configResult = await (config ?? configOf(options, cwd));
  const { errors: configErrors } = configResult;
  const loaded = configResult.config;
  if (configErrors.length) throw new RunLoadError(configErrors.map((e) => e.message));
  const roots = projectRoots(configResult, cwd);
  const opts = { ...effectiveOptions(options, loaded, io.env), fileRoots: roots };
  checkTargetSettings(options, opts, io.warn);
  if (opts.updateGoldens && io.env['CI'] && !options.force) {
    throw new RunInputError(
      'refusing to --update-goldens under CI (CI is set); review goldens locally, or pass --force',
    );
  }
  // Checked before anything loads; the module (and its comparison) loads only when asked.
  const versions = options.versions ? (await import('./run-versions.js')).parseVersions(options, opts) : undefined;
  const lastFailed = await lastFailedOf(opts, options.lastFailed, cwd);
  const plan = planOptions(opts, lastFailed);
  const specPaths = options.paths ?? loaded.specs ?? ['specs'];
  const { files, errors, deps } = await loadSpecs(specPaths, {
    cwd,
    env: io.env,
    roots,
    limits: opts.limits,
    redactor: new Redactor(opts.redact),
    goldens: { all: opts.updateGoldens || opts.compareGoldens, dir: opts.goldensDir },
    ...(loaded.match ? { match: loaded.match } : {}),
    ...(opts.repeat ? { repeat: opts.repeat } : {}),
  });
  if (errors.length) throw new RunLoadError(errors.map((e) => e.message));
  checkGoldensFolder(opts, files, cwd);
  const nothing = lastFailed && lastFailedNothing(lastFailed, options.lastFailed, opts, files, plan, io);
  return {
    cwd,
    config: loaded,
    opts,
    plan,
    ...(lastFailed ? { lastFailed } : {}),
    ...(nothing ? { nothingToRerun: nothing } : {}),
    files,
    deps,
    specPaths,
    roots,
    io,
    ...(versions ? { versions } : {}),
  };
}

interface OptionCheck {
  is(value: unknown): boolean;
  /** What the value must be, in a message. */
  text: string;
}

const nonEmptyString: OptionCheck = { is: (v) => typeof v === 'string' && v !== '', text: 'a non-empty string' };

/** What each option only the library has must be, when given. */
const LIBRARY_OPTIONS = {
  paths: undefined, // by the config schema, as the config's `specs`, with the settings (effectiveOptions)
  config: undefined, // validated as a config file is
  cwd: nonEmptyString,
  configFile: nonEmptyString,
  signal: { is: (v) => v instanceof AbortSignal, text: 'an AbortSignal' },
  io: {
    is: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
    text: 'an object ({ out, warn, env, isTTY, stream })',
  },
} satisfies Record<Exclude<keyof LibraryRunOptions, keyof RunSettings>, OptionCheck | undefined>;

const writer: OptionCheck = { is: (v) => typeof v === 'function', text: 'a function (text) => void' };

/**
 * What each member of `io` must be, when given: a misspelt one (`output`) would be ignored and the
 * console go to the process's stdout; one of the wrong type would fail mid-run, after the previous
 * reports were removed.
 */
const IO_MEMBERS = {
  out: writer,
  warn: writer,
  env: {
    is: (v) =>
      typeof v === 'object' &&
      v !== null &&
      !Array.isArray(v) &&
      Object.values(v).every((x) => x === undefined || typeof x === 'string'),
    text: 'an object of strings (like process.env)',
  },
  isTTY: { is: (v) => typeof v === 'boolean', text: 'true or false' },
  stream: {
    is: (v) => typeof v === 'object' && v !== null && typeof (v as { write?: unknown }).write === 'function',
    text: 'a writable stream',
  },
} satisfies Record<keyof RunIO, OptionCheck>;

/**
 * The options checked before anything is read: a name no option has (a typo would be ignored
 * silently), a library option of the wrong type, `io`'s members; the settings themselves in
 * effectiveOptions. RunInputError naming the option.
 */
function checkLibraryOptions(options: LibraryRunOptions): void {
  checkNames(options, [...SETTING_NAMES, ...Object.keys(LIBRARY_OPTIONS)], 'option');
  checkValues(options, LIBRARY_OPTIONS, '');
  if (options.io !== undefined) {
    checkNames(options.io, Object.keys(IO_MEMBERS), 'io member', true);
    checkValues(options.io, IO_MEMBERS, 'io.');
  }
  // An empty list once ran the whole default suite: refused, as it asks for nothing.
  if (options.paths?.length === 0)
    throw new RunInputError(
      "paths is empty: list the spec files or folders to run, or leave paths out for the config's specs (else specs/)",
    );
}

/**
 * A name not `known`, with a did-you-mean, or (`listed`: a short list) the names there are:
 * `unknown option "retires" (did you mean "retries"?)`, `unknown io member "output" (one of out, …)`.
 */
function checkNames(given: object, known: string[], what: string, listed = false): void {
  const unknown = Object.keys(given).find((name) => !known.includes(name));
  if (unknown !== undefined) throw new RunInputError(unknownNameText(unknown, known, what, listed));
}

/** Each value given that its check refuses: `io.out must be a function (text) => void, got 5`. */
function checkValues(given: object, checks: Record<string, OptionCheck | undefined>, prefix: string): void {
  for (const [name, check] of Object.entries(checks)) {
    const value: unknown = (given as Record<string, unknown>)[name];
    if (check && value !== undefined && !check.is(value))
      throw new RunInputError(`${prefix}${name} must be ${check.text}, got ${shown(value)}`);
  }
}

/** The config as the options name it: an object, a file, or cxas-eval.config.yaml in `cwd`. */
export async function configOf(
  options: Pick<LibraryRunOptions, 'config' | 'configFile'>,
  cwd: string,
): Promise<ConfigResult> {
  if (options.config && options.configFile) throw new RunInputError('give either config or configFile, not both');
  return loadConfig({
    cwd,
    ...(options.configFile ? { file: options.configFile } : {}),
    ...(options.config ? { value: options.config } : {}),
  });
}

/**
 * Runs the specs as `cxas-eval run` would with the same options, writes the configured reports
 * and returns the result with the CLI's exit code. Bad input throws RunLoadError / RunInputError
 * before anything is written. Only `lastFailed` can find nothing to run (`NothingToRerun`, no
 * `result`): without it, the outcome always has one.
 */
export async function run(options?: LibraryRunOptions & { lastFailed?: false }): Promise<RunOnceOutcome>;
export async function run(options?: LibraryRunOptions): Promise<LibraryRunOutcome>;
export async function run(options: LibraryRunOptions = {}): Promise<LibraryRunOutcome> {
  const prepared = await prepareRun(options);
  return runPrepared(prepared, options.signal ? { stop: options.signal, abort: options.signal } : {});
}

/**
 * A prepared run against its target (or its two versions), opened for it and closed after; with
 * nothing to re-run (`lastFailed`), the line saying so to `io.out` and no run.
 */
export async function runPrepared(prepared: PreparedRun, control: RunControl = {}): Promise<LibraryRunOutcome> {
  const { files, plan, opts, cwd, io, versions } = prepared;
  if (prepared.nothingToRerun !== undefined) {
    io.out(`${prepared.nothingToRerun}\n`);
    return { exitCode: EXIT.ok, reporterFailures: [], nothingToRerun: prepared.nothingToRerun };
  }
  if (versions) return runVersions(prepared, versions, control);
  const target = await openTarget(opts, files, cwd, {}, io.env);
  try {
    return await runOnce(files, plan, target, opts, cwd, io, control);
  } finally {
    await target.close();
  }
}

/**
 * A run that records or compares goldens refuses a goldens folder outside the project (config
 * `goldensDir: ../elsewhere`, a symlink out): --update-goldens writes and removes files there.
 */
function checkGoldensFolder(opts: EffectiveRunOptions, files: readonly SpecFile[], cwd: string): void {
  const asked = opts.updateGoldens || opts.compareGoldens || files.some((f) => f.conversations.some((c) => c.golden));
  const problem = asked && goldensFolderProblem(path.resolve(cwd, opts.goldensDir), opts.fileRoots ?? [cwd], cwd);
  if (problem) throw new RunInputError(problem);
}

/** --last-failed [run]: the failed spec ids of the stored run it names (else of the last results.json). */
async function lastFailedOf(
  opts: EffectiveRunOptions,
  lastFailedSetting: boolean | string | undefined,
  cwd: string,
): Promise<Set<string> | undefined> {
  if (typeof lastFailedSetting === 'string') return storedRunFailedIds(lastFailedSetting, cwd, opts.historyDir);
  return lastFailedSetting ? lastFailedIds(path.resolve(cwd, opts.outputDir)) : undefined;
}

/** `lastFailed`'s check against the loaded specs (run-selection.ts), the stored run named as given. */
function lastFailedNothing(
  failed: ReadonlySet<string>,
  setting: boolean | string | undefined,
  opts: EffectiveRunOptions,
  files: readonly SpecFile[],
  plan: PlanOptions,
  io: RunIO,
): string | undefined {
  const source = typeof setting === 'string' ? setting : path.join(opts.outputDir, 'results.json');
  return nothingToRerun(failed, source, files, plan, io.warn, new Redactor(opts.redact));
}

function planOptions(opts: EffectiveRunOptions, lastFailed: Set<string> | undefined): PlanOptions {
  const redactor = new Redactor(opts.redact);
  return {
    ...selectionOf({ grep: opts.grep, grepInvert: opts.grepInvert, lastFailed, redactor }),
    tags: opts.tags,
    excludeTags: opts.excludeTags,
    ...(opts.shard ? { shard: opts.shard } : {}),
    ...(opts.repeat ? { repeat: opts.repeat } : {}),
  };
}

/** --last-failed <run>: the stored run is read through the validated loader (any schema version). */
async function storedRunFailedIds(ref: string, cwd: string, historyDir: string): Promise<Set<string>> {
  const { result } = await resolveRunArgument(ref, { cwd, historyDir: path.resolve(cwd, historyDir) });
  return failedSpecIds(result.conversations);
}

/** `versions: 'A,B'`: both sides open before either starts; each closes whatever happens. */
export async function runVersions(
  prepared: PreparedRun,
  versions: Versions,
  control: RunControl = {},
): Promise<RunOnceOutcome> {
  const { files, plan, cwd, io } = prepared;
  const { checkDeployments, halfConcurrency, openVersion, sideOptions, versusRun } = await import('./run-versions.js');
  checkDeployments(versions, files);
  const opts = halfConcurrency(prepared.opts);
  const base = await openVersion(versions, 'base', opts, files, cwd, io.env);
  try {
    const head = await openVersion(versions, 'head', opts, files, cwd, io.env);
    try {
      const baseOpts = sideOptions(versions, 'base', opts);
      const versus = versusRun(versions, { files, plan, target: base, opts: baseOpts, cwd, io });
      return await runOnce(files, plan, head, sideOptions(versions, 'head', opts), cwd, io, { ...control, versus });
    } finally {
      await head.close();
    }
  } finally {
    await base.close();
  }
}
