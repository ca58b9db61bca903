// `cxas-eval run` (and `rescore`, `platform run`) flags, parsed into the library's typed settings
// (src/library/run-options.ts merges them over the config and the defaults). Bad values: one line, exit 2.
import type { RunSettings } from '../library/index.js';
import { REPORTER_NAMES } from '../reporters/index.js';
import { CliError } from './exit-codes.js';
import { choiceOption, intOption } from './option-values.js';
import { parseMinCoverage, RUN_NUMBERS } from '../library/index.js';
import { websocketEndpointProblem } from '../model/endpoint.js';
import type { AppFlags } from './command-options.js';

export interface RunFlags extends AppFlags {
  /** `--ws-endpoint URL`: the WebSocket bridge audio goes to with --endpoint. */
  wsEndpoint?: string;
  apiVersion?: string;
  emulator?: string;
  concurrency?: string;
  retries?: string;
  repeat?: string;
  /** Repeatable: what any of them matches. */
  grep?: string[];
  grepInvert?: string[];
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
  /** `--versions A,B`: run against two versions and compare B with A (src/library/run-versions.ts). */
  versions?: string;
}

/** The flags as settings: only what was given, each value checked (a flag names itself in its error). */
export function settingsOf(flags: RunFlags): RunSettings {
  const reporters = flags.reporter
    ?.flatMap((r) => r.split(','))
    .map((r) => r.trim())
    .filter(Boolean)
    .map((name) => choiceOption('--reporter', name, REPORTER_NAMES));
  // The ranges are the library's (RUN_NUMBERS), which a library caller's settings are checked against too.
  const number = (flag: string, value: string | undefined, name: keyof typeof RUN_NUMBERS) => {
    const range: { min: number; max?: number } = RUN_NUMBERS[name];
    return intOption(flag, value, range.min, range.max);
  };
  const numbers = {
    concurrency: number('--concurrency', flags.concurrency, 'concurrency'),
    retries: number('--retries', flags.retries, 'retries'),
    repeat: number('--repeat', flags.repeat, 'repeat'),
    maxFailures: number('--max-failures', flags.maxFailures, 'maxFailures'),
    timeoutMs: number('--timeout', flags.timeout, 'timeoutMs'),
    judgeStability: number('--judge-stability', flags.judgeStability, 'judgeStability'),
  };
  const given = <T>(value: T | undefined) => value !== undefined;
  const settings: RunSettings = {
    app: text('--app', flags.app),
    endpoint: text('--endpoint', flags.endpoint),
    insecure: flags.insecure,
    websocketEndpoint: wsEndpointOption(flags.wsEndpoint),
    apiVersion: flags.apiVersion === undefined ? undefined : choiceOption('--api-version', flags.apiVersion, API),
    emulator: text('--emulator', flags.emulator),
    ...numbers,
    grep: flags.grep?.map((p) => text('--grep', p)),
    grepInvert: flags.grepInvert?.map((p) => text('--grep-invert', p)),
    lastFailed: typeof flags.lastFailed === 'string' ? text('--last-failed', flags.lastFailed) : flags.lastFailed,
    tags: flags.tag?.map((t) => text('--tag', t)),
    excludeTags: flags.excludeTag?.map((t) => text('--exclude-tag', t)),
    shard: parseShard(flags.shard),
    goldens: text('--goldens', flags.goldens),
    updateGoldens: flags.updateGoldens,
    force: flags.force,
    reporters: reporters?.length ? reporters : undefined,
    outputDir: text('--output-dir', flags.outputDir),
    judge: flags.judge,
    cache: flags.cache,
    failOnSkipped: flags.failOnSkipped,
    history: flags.history,
    coverage: flags.coverage,
    minCoverage: flags.minCoverage === undefined ? undefined : parseMinCoverage(flags.minCoverage),
    replay: text('--replay', flags.replay),
    baseline: text('--baseline', flags.baseline),
    failOnRegression: flags.failOnRegression,
    versions: text('--versions', flags.versions),
  };
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => given(v))) as RunSettings;
}

const API = ['v1', 'v1beta'] as const;

/** A flag's text: an empty one (`--grep ""`) is refused naming the flag, as the library refuses the option. */
function text(flag: string, v: string): string;
function text(flag: string, v: string | undefined): string | undefined;
function text(flag: string, v: string | undefined): string | undefined {
  if (v === '') throw new CliError(`${flag} must not be empty`);
  return v;
}

function wsEndpointOption(v: string | undefined): string | undefined {
  const problem = v === undefined ? undefined : websocketEndpointProblem(v, '--ws-endpoint');
  if (problem) throw new CliError(problem);
  return v;
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
