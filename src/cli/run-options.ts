// `cxas-eval run` flags, merged over the config file and defaults (flags > config > defaults).
import type { JudgeConfig } from '../judge/index.js';
import type { CxasConfig } from '../runner/index.js';
import { CliError } from './exit-codes.js';
import { choiceOption, intOption } from './option-values.js';
import type { CoverageMinimums } from '../model/coverage.js';
import { minimumsOf } from './coverage-gate.js';

export interface RunFlags {
  config?: string;
  app?: string;
  endpoint?: string;
  insecure?: boolean;
  apiVersion?: string;
  emulator?: string;
  concurrency?: string;
  retries?: string;
  repeat?: string;
  grep?: string;
  grepInvert?: string;
  list?: boolean;
  /** `--last-failed` (the previous results.json) or `--last-failed <run>` (a file or history reference). */
  lastFailed?: boolean | string;
  watch?: boolean;
  /** commander's negatable flags: --no-judge sets judge false, --no-cache sets cache false. */
  judge?: boolean;
  cache?: boolean;
  judgeStability?: string;
  failOnSkipped?: boolean;
  /** --no-coverage sets it false. */
  coverage?: boolean;
  minCoverage?: string;
  tag?: string[];
  excludeTag?: string[];
  shard?: string;
  maxFailures?: string;
  timeout?: string;
  goldens?: string;
  updateGoldens?: boolean;
  force?: boolean;
  reporter?: string[];
  outputDir?: string;
  /** commander's --no-history sets it false. */
  history?: boolean;
  /** `--replay <run>`: serve the recorded agent of a stored run instead of calling one. */
  replay?: string;
  /** `--baseline <run>`: compare with a stored run at the end (run-baseline.ts). */
  baseline?: string;
  failOnRegression?: boolean;
  /** `--versions A,B`: run against two versions and compare B with A (run-versions.ts). */
  versions?: string;
}

export interface EffectiveRunOptions {
  app?: string;
  endpoint?: string;
  insecure: boolean;
  apiVersion: 'v1' | 'v1beta';
  emulator?: string;
  concurrency: number;
  retries: number;
  repeat?: number;
  grep?: string;
  tags: string[];
  excludeTags: string[];
  shard?: { index: number; total: number };
  maxFailures?: number;
  timeoutMs: number;
  updateGoldens: boolean;
  reporters: string[];
  outputDir: string;
  goldensDir: string;
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
}

export const DEFAULT_HISTORY = { dir: '.cxas-eval/runs', keep: 50 };

export const DEFAULTS = {
  concurrency: 8,
  retries: 2,
  timeoutMs: 30_000,
  outputDir: 'reports',
  goldensDir: 'goldens',
  reporters: ['list', 'json', 'junit', 'html', 'github'],
};

export function effectiveOptions(flags: RunFlags, config: CxasConfig, env: NodeJS.ProcessEnv): EffectiveRunOptions {
  const apiVersion = choiceOption('--api-version', flags.apiVersion ?? config.apiVersion ?? 'v1', [
    'v1',
    'v1beta',
  ] as const);
  const reporterFlag =
    flags.reporter
      ?.flatMap((r) => r.split(','))
      .map((r) => r.trim())
      .filter(Boolean) ?? [];
  for (const name of reporterFlag) choiceOption('--reporter', name, DEFAULTS.reporters);
  const reporters = reporterFlag.length ? reporterFlag : (config.reporters ?? DEFAULTS.reporters);
  const app = flags.app ?? config.app ?? env['CXAS_APP'];
  const endpoint = flags.endpoint ?? config.endpoint;
  const emulator = flags.emulator ?? config.emulator;
  const repeat = intOption('--repeat', flags.repeat, 1) ?? config.repeat;
  const maxFailures = intOption('--max-failures', flags.maxFailures, 1) ?? config.maxFailures;
  const shard = parseShard(flags.shard);
  const grep = flags.grep ?? config.grep;
  const judgeStability = intOption('--judge-stability', flags.judgeStability, 2, 1000);
  return {
    ...(app ? { app } : {}),
    ...(endpoint ? { endpoint } : {}),
    insecure: flags.insecure ?? config.insecure ?? false,
    apiVersion,
    ...(emulator ? { emulator } : {}),
    concurrency: intOption('--concurrency', flags.concurrency, 1) ?? config.concurrency ?? DEFAULTS.concurrency,
    retries: intOption('--retries', flags.retries, 0) ?? config.retries ?? DEFAULTS.retries,
    ...(repeat !== undefined ? { repeat } : {}),
    ...(grep ? { grep } : {}),
    tags: flags.tag ?? config.tags ?? [],
    excludeTags: flags.excludeTag ?? config.excludeTags ?? [],
    ...(shard ? { shard } : {}),
    ...(maxFailures ? { maxFailures } : {}),
    timeoutMs: intOption('--timeout', flags.timeout, 1) ?? config.timeoutMs ?? DEFAULTS.timeoutMs,
    updateGoldens: flags.updateGoldens ?? false,
    reporters,
    outputDir: flags.outputDir ?? config.outputDir ?? DEFAULTS.outputDir,
    goldensDir: flags.goldens ?? config.goldensDir ?? DEFAULTS.goldensDir,
    compareGoldens: flags.goldens !== undefined || config.golden !== undefined,
    golden: {
      mode: config.golden?.text ?? 'normalized',
      ...(config.golden?.threshold !== undefined ? { threshold: config.golden.threshold } : {}),
    },
    redact: (config.redact ?? []).map((p) => new RegExp(p, 'g')),
    ...(config.credentials?.keyFile ? { keyFile: config.credentials.keyFile } : {}),
    ...(config.audio ? { audio: config.audio } : {}),
    ...(config.judge ? { judge: config.judge } : {}),
    ...(config.simulation ? { simulation: config.simulation } : {}),
    judgeEnabled: flags.judge !== false,
    judgeCache: flags.cache !== false,
    ...(judgeStability ? { judgeStability } : {}),
    failOnSkipped: flags.failOnSkipped ?? config.failOnSkipped ?? false,
    ...historyOption(flags, config),
    recordHost: config.identity?.host ?? false,
    coverage: flags.coverage !== false && config.coverage?.enabled !== false,
    minCoverage: minimumsOf(flags.minCoverage, config.coverage?.min),
    ...(flags.replay !== undefined ? { replay: flags.replay } : {}),
    ...(flags.baseline ? { baseline: flags.baseline } : {}),
    ...(flags.failOnRegression ? { failOnRegression: true } : {}),
  };
}

function historyOption(flags: RunFlags, config: CxasConfig): Pick<EffectiveRunOptions, 'history'> {
  const history = { ...DEFAULT_HISTORY, ...config.history };
  return flags.history === false || history.keep === 0 ? {} : { history };
}

function parseShard(v: string | undefined): { index: number; total: number } | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(v);
  const index = Number(m?.[1]);
  const total = Number(m?.[2]);
  if (!m || total < 1 || index < 1 || index > total)
    throw new CliError(`--shard must look like i/n with 1 <= i <= n (e.g. 2/4), got "${v}"`);
  return { index, total };
}
