// A run's options: settings (flags, or a library caller's options) over the config file over the
// defaults. `cxas-eval run` and the library's `run` resolve them here, the one way.
import * as path from 'node:path';
import type { JudgeConfig } from '../judge/index.js';
import type { CxasConfig } from '../runner/index.js';
import { isReporterName, REPORTER_NAMES, type ReporterName } from '../reporters/index.js';
import type { InputLimits } from '../validation/index.js';
import { RunInputError } from './errors.js';
import { CONFIG_RULED, configRuleProblem, type ConfigRuledOption } from './option-checks.js';
import { redactPatterns } from '../model/redact.js';
import type { CoverageMinimums } from '../model/coverage.js';
import { MAX_TIMEOUT_MS } from '../model/timeout.js';
import { APP_NAME, APP_NAME_FORM } from '../model/resource-names.js';
import { shown } from '../model/location.js';
import { websocketEndpointProblem } from '../model/endpoint.js';

/**
 * What a run is asked to do beyond the config file: the CLI's flags, typed (`cxas-eval run` parses
 * its flags into this), or a library caller's options. Each one, when given, wins over the config.
 */
export interface RunSettings {
  app?: string;
  endpoint?: string;
  insecure?: boolean;
  /** The WebSocket bridge audio conversations use with `endpoint` (`ws://HOST:PORT`, `wss://HOST`). */
  websocketEndpoint?: string;
  apiVersion?: 'v1' | 'v1beta';
  /** Serve this emulator app file in-process and run against it. */
  emulator?: string;
  concurrency?: number;
  retries?: number;
  repeat?: number;
  /**
   * Only conversations whose `file › name` matches: `/re/flags`, or a substring (any case); with
   * several patterns, what any of them matches.
   */
  grep?: string | string[];
  /** Leave out conversations whose `file › name` matches this pattern, or any of these. */
  grepInvert?: string | string[];
  /** Only what failed or errored in the previous results.json (true), or in this stored run. */
  lastFailed?: boolean | string;
  tags?: string[];
  excludeTags?: string[];
  shard?: { index: number; total: number };
  maxFailures?: number;
  timeoutMs?: number;
  /** Compare every conversation with its golden in this directory. */
  goldens?: string;
  updateGoldens?: boolean;
  /** Allow `updateGoldens` when CI is set. */
  force?: boolean;
  reporters?: ReporterName[];
  outputDir?: string;
  /** false: judge expectations are skipped instead of asking the LLM judge. */
  judge?: boolean;
  /** false: ask the judge again instead of reading its disk cache. */
  cache?: boolean;
  /** `cxas-eval run --judge-stability N`: every judge verdict asked N times once the run is reported. */
  judgeStability?: number;
  failOnSkipped?: boolean;
  /** false: do not keep the run in the run history. */
  history?: boolean;
  /** false: do not list the app's inventory nor compute coverage. */
  coverage?: boolean;
  /**
   * Minimum covered share (0..1) per category, by the config's `coverage.min` rules: a misspelt
   * category (`tool`) or a string (`'tools=0.9'`, the flag's form) is a RunInputError.
   */
  minCoverage?: CoverageMinimums;
  /** Serve a stored run's agent replies instead of calling the agent. */
  replay?: string;
  /** Compare with a stored run at the end; `failOnRegression` makes a regression exit 1. */
  baseline?: string;
  failOnRegression?: boolean;
  /** `A,B`: run against two versions (emulator app files, or deployments of the app) and compare B with A. */
  versions?: string;
  /** Input limits over the config's `limits:` (src/validation/limits.ts). */
  limits?: Partial<InputLimits>;
}

export interface EffectiveRunOptions {
  app?: string;
  endpoint?: string;
  insecure: boolean;
  websocketEndpoint?: string;
  apiVersion: 'v1' | 'v1beta';
  emulator?: string;
  concurrency: number;
  retries: number;
  repeat?: number;
  /** The --grep patterns (or the config's `grep`), any of which selects. */
  grep?: string[];
  /** The --grep-invert patterns, any of which leaves out. */
  grepInvert?: string[];
  tags: string[];
  excludeTags: string[];
  shard?: { index: number; total: number };
  maxFailures?: number;
  timeoutMs: number;
  updateGoldens: boolean;
  reporters: ReporterName[];
  outputDir: string;
  goldensDir: string;
  /**
   * The folders the run's files may be in: the project root and the config's `files.allowRoots`
   * (set by prepareRun; absent: `cwd`). The goldens folder must lie inside them.
   */
  fileRoots?: string[];
  /** Goldens asked for the whole run (config `golden:` or `--goldens DIR`). */
  compareGoldens: boolean;
  golden: { mode: 'exact' | 'normalized' | 'similar'; threshold?: number };
  redact: RegExp[];
  keyFile?: string;
  audio?: CxasConfig['audio'];
  judge?: JudgeConfig;
  simulation?: CxasConfig['simulation'];
  judgeEnabled: boolean;
  judgeCache: boolean;
  /** `--judge-stability N`: every judge verdict asked N times once the run is reported (run-stability.ts). */
  judgeStability?: number;
  failOnSkipped: boolean;
  /** Where runs are kept and how many; undefined: no history (--no-history, or keep: 0). */
  history?: { dir: string; keep: number };
  /**
   * Where a history reference (`@latest`, a run id) of --baseline, --replay and --last-failed is
   * looked up: the config's `history.dir` (else the default), also when this run keeps no history.
   */
  historyDir: string;
  /** results.json records the host name (config `identity: { host: true }`). */
  recordHost: boolean;
  coverage: boolean;
  minCoverage: CoverageMinimums;
  /** `--replay <run>`: the stored run whose agent serves this run. */
  replay?: string;
  /** `--baseline <run>` and `--fail-on-regression` (run-baseline.ts). */
  baseline?: string;
  failOnRegression?: boolean;
  /** The deployment the client talks to (set per side by `run --versions` against CES). */
  deployment?: string;
  /** The input limits loading uses (config `limits:`, then settings). */
  limits: Partial<InputLimits>;
}

/** `run --versions`: where the base side's results.json goes, under the output directory. */
export const BASE_SIDE_DIR = 'base';

export const DEFAULT_HISTORY = { dir: '.cxas-eval/runs', keep: 50 };

/**
 * The history directory a config names (`history.dir`, else the default): where runs are kept and
 * every command looks up `@latest` or a run id. Resolved against `cwd` when given; without it, as the
 * config wrote it (a run's options keep it so, and each use resolves it against the run's cwd).
 */
export function historyDirOf(config: Pick<CxasConfig, 'history'>, cwd?: string): string {
  const dir = config.history?.dir ?? DEFAULT_HISTORY.dir;
  return cwd === undefined ? dir : path.resolve(cwd, dir);
}

export const DEFAULTS = {
  concurrency: 8,
  retries: 2,
  timeoutMs: 30_000,
  outputDir: 'reports',
  goldensDir: 'goldens',
  // Every reporter.
  reporters: [...REPORTER_NAMES],
};

/**
 * The whole-number settings and their ranges, one definition: `cxas-eval run` checks its flags with
 * them (src/cli/run-flags.ts), `effectiveOptions` a library caller's settings, and the config's keys
 * of the same names have the same bounds in schemas/config.schema.json (a test compares them).
 * `judgeStability` is a flag only.
 */
export const RUN_NUMBERS = {
  concurrency: { min: 1 },
  retries: { min: 0 },
  // A run plans every repetition up front: 10^8 exhausted the heap before anything ran.
  repeat: { min: 1, max: 10_000 },
  maxFailures: { min: 1 },
  timeoutMs: { min: 1, max: MAX_TIMEOUT_MS },
  judgeStability: { min: 2, max: 1000 },
} as const satisfies Record<string, { min: number; max?: number }>;

type RunNumber = keyof typeof RUN_NUMBERS;

/** "a whole number >= 1", "a whole number from 2 to 1000": what a flag's or an option's message says. */
function wholeNumberRange(name: RunNumber): string {
  const range: { min: number; max?: number } = RUN_NUMBERS[name];
  return range.max === undefined ? `>= ${range.min}` : `from ${range.min} to ${range.max}`;
}

/** Whether `value` is a whole number in the setting's range. */
function inRange(name: RunNumber, value: unknown): value is number {
  const range: { min: number; max?: number } = RUN_NUMBERS[name];
  return (
    typeof value === 'number' &&
    Number.isSafeInteger(value) &&
    value >= range.min &&
    (range.max === undefined || value <= range.max)
  );
}

/** What a setting the config does not have must be (the config's own are checked by its schema). */
type SettingKind = 'number' | 'shard' | 'boolean' | 'string' | 'string or list' | 'boolean or string';

/**
 * How each setting the config has not is checked: with CONFIG_PATHS (option-checks.ts) every
 * setting has a check, or this does not compile.
 */
const OWN_SETTINGS = {
  judgeStability: 'number',
  shard: 'shard',
  grepInvert: 'string or list',
  goldens: 'string',
  replay: 'string',
  baseline: 'string',
  versions: 'string',
  lastFailed: 'boolean or string',
  updateGoldens: 'boolean',
  force: 'boolean',
  judge: 'boolean',
  cache: 'boolean',
  history: 'boolean',
  coverage: 'boolean',
  failOnRegression: 'boolean',
} as const satisfies Record<Exclude<keyof RunSettings, ConfigRuledOption>, SettingKind>;

/** Every setting's name: an option of another name is refused (library run.ts), with a did-you-mean. */
export const SETTING_NAMES: readonly string[] = [
  ...Object.keys(OWN_SETTINGS),
  ...CONFIG_RULED.filter((name) => name !== 'paths'),
];

/**
 * A library caller's settings checked as the CLI checks its flags (whose values reach here checked
 * already) and the config schema the config: a bad one is a RunInputError naming it, before
 * anything runs or any report is touched. Numbers must be numbers (`retries: "2"` is refused),
 * booleans booleans (`judge: "false"` would turn the judge on), lists lists (`tags: "p0"`).
 */
function checkSettings(settings: RunSettings): void {
  for (const name of Object.keys(RUN_NUMBERS) as RunNumber[]) {
    const value: unknown = settings[name];
    if (value !== undefined && !inRange(name, value))
      throw new RunInputError(`${name} must be a whole number ${wholeNumberRange(name)}, got ${shown(value)}`);
  }
  const shard: unknown = settings.shard;
  if (shard !== undefined && !isShard(shard))
    throw new RunInputError(
      'shard must be { index, total }, whole numbers with 1 <= index <= total (e.g. { index: 2, total: 4 }), ' +
        `got ${shown(shard)}`,
    );
  const wsProblem =
    settings.websocketEndpoint === undefined
      ? undefined
      : websocketEndpointProblem(settings.websocketEndpoint, 'websocketEndpoint');
  if (wsProblem) throw new RunInputError(wsProblem);
  const apiVersion: unknown = settings.apiVersion;
  if (apiVersion !== undefined && apiVersion !== 'v1' && apiVersion !== 'v1beta')
    throw new RunInputError(`apiVersion must be one of v1, v1beta, got ${shown(apiVersion)}`);
  for (const [name, kind] of Object.entries(OWN_SETTINGS)) {
    const value: unknown = settings[name as keyof typeof OWN_SETTINGS];
    if (value !== undefined && !isKind(kind, value))
      throw new RunInputError(`${name} must be ${KIND_TEXT[kind]}, got ${shown(value)}`);
  }
  // The rest by the config schema: a misspelt `limits` key or `minCoverage` category would otherwise
  // be ignored (the gate silently off), a string `tags` break the selection. A library call's
  // `paths` (the config's `specs`) is among them: its options object is the settings.
  const problem = configRuleProblem(settings);
  if (problem) throw new RunInputError(problem);
}

const KIND_TEXT: Record<SettingKind, string> = {
  number: 'a whole number',
  shard: '{ index, total }',
  boolean: 'true or false',
  string: 'a non-empty string',
  'string or list': 'a non-empty string or a non-empty list of them',
  'boolean or string': 'true, false or a non-empty string',
};

/** Whether `value` is of `kind` (numbers and shards are checked above, with their ranges). */
function isKind(kind: SettingKind, value: unknown): boolean {
  const isString = typeof value === 'string' && value !== '';
  if (kind === 'string') return isString;
  if (kind === 'string or list')
    return isString || (Array.isArray(value) && value.length > 0 && value.every((v) => isKind('string', v)));
  if (kind === 'boolean') return typeof value === 'boolean';
  if (kind === 'boolean or string') return isString || typeof value === 'boolean';
  return true;
}

function isShard(value: unknown): value is { index: number; total: number } {
  if (typeof value !== 'object' || value === null) return false;
  const { index, total } = value as Record<string, unknown>;
  return (
    typeof index === 'number' &&
    typeof total === 'number' &&
    Number.isSafeInteger(index) &&
    Number.isSafeInteger(total) &&
    index >= 1 &&
    index <= total
  );
}

/** Settings (checked: RunInputError) over the config over the defaults: what one run uses. */
export function effectiveOptions(
  settings: RunSettings,
  config: CxasConfig,
  env: Readonly<Record<string, string | undefined>>,
): EffectiveRunOptions {
  checkSettings(settings);
  const apiVersion = settings.apiVersion ?? config.apiVersion ?? 'v1';
  const reporters = settings.reporters?.length ? settings.reporters : (config.reporters ?? DEFAULTS.reporters);
  for (const name of reporters) {
    if (!isReporterName(name))
      throw new RunInputError(`reporter must be one of ${REPORTER_NAMES.join(', ')}, got "${String(name)}"`);
  }
  const app = settings.app ?? config.app ?? envApp(env);
  const endpoint = settings.endpoint ?? config.endpoint;
  const websocketEndpoint = settings.websocketEndpoint ?? config.websocketEndpoint;
  const emulator = settings.emulator ?? config.emulator;
  const repeat = settings.repeat ?? config.repeat;
  const maxFailures = settings.maxFailures ?? config.maxFailures;
  const grep = patterns(settings.grep ?? config.grep);
  const grepInvert = patterns(settings.grepInvert);
  const minCoverage = { ...config.coverage?.min, ...settings.minCoverage };
  return {
    ...(app ? { app } : {}),
    ...(endpoint ? { endpoint } : {}),
    insecure: settings.insecure ?? config.insecure ?? false,
    ...(websocketEndpoint ? { websocketEndpoint } : {}),
    apiVersion,
    ...(emulator ? { emulator } : {}),
    concurrency: settings.concurrency ?? config.concurrency ?? DEFAULTS.concurrency,
    retries: settings.retries ?? config.retries ?? DEFAULTS.retries,
    ...(repeat !== undefined ? { repeat } : {}),
    ...(grep ? { grep } : {}),
    ...(grepInvert ? { grepInvert } : {}),
    tags: settings.tags ?? config.tags ?? [],
    excludeTags: settings.excludeTags ?? config.excludeTags ?? [],
    ...(settings.shard ? { shard: settings.shard } : {}),
    ...(maxFailures ? { maxFailures } : {}),
    timeoutMs: settings.timeoutMs ?? config.timeoutMs ?? DEFAULTS.timeoutMs,
    updateGoldens: settings.updateGoldens ?? false,
    reporters: [...reporters],
    outputDir: settings.outputDir ?? config.outputDir ?? DEFAULTS.outputDir,
    goldensDir: settings.goldens ?? config.goldensDir ?? DEFAULTS.goldensDir,
    compareGoldens: settings.goldens !== undefined || config.golden !== undefined,
    golden: {
      mode: config.golden?.text ?? 'normalized',
      ...(config.golden?.threshold !== undefined ? { threshold: config.golden.threshold } : {}),
    },
    redact: redactPatterns(config.redact),
    ...(config.credentials?.keyFile ? { keyFile: config.credentials.keyFile } : {}),
    ...(config.audio ? { audio: config.audio } : {}),
    ...(config.judge ? { judge: config.judge } : {}),
    ...(config.simulation ? { simulation: config.simulation } : {}),
    judgeEnabled: settings.judge !== false,
    judgeCache: settings.cache !== false,
    ...(settings.judgeStability ? { judgeStability: settings.judgeStability } : {}),
    failOnSkipped: settings.failOnSkipped ?? config.failOnSkipped ?? false,
    ...historyOption(settings, config),
    historyDir: historyDirOf(config),
    recordHost: config.identity?.host ?? false,
    coverage: settings.coverage !== false && config.coverage?.enabled !== false,
    minCoverage,
    ...(settings.replay !== undefined ? { replay: settings.replay } : {}),
    ...(settings.baseline ? { baseline: settings.baseline } : {}),
    ...(settings.failOnRegression ? { failOnRegression: true } : {}),
    limits: { ...config.limits, ...settings.limits },
  };
}

/**
 * CXAS_APP, checked here as the option and the config's `app:` are by the config schema: a
 * malformed name is bad input naming the variable, not the client's error once the run starts.
 */
function envApp(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const app = env['CXAS_APP'];
  if (app && !APP_NAME.test(app))
    throw new RunInputError(`CXAS_APP: app name ${shown(app)} is malformed: expected ${APP_NAME_FORM}`);
  return app;
}

function historyOption(settings: RunSettings, config: CxasConfig): Pick<EffectiveRunOptions, 'history'> {
  const history = { ...DEFAULT_HISTORY, ...config.history };
  return settings.history === false || history.keep === 0 ? {} : { history };
}

/** A pattern or a list of them (a setting, the config's `grep`) as a list; none: undefined. */
function patterns(value: string | readonly string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === 'string' ? [value] : [...value];
  return list.length ? list : undefined;
}
