// `judge:` config + flags + environment → a ready Judge, a deliberate "disabled" (skipped) or
// "not configured" (an error for every judge expectation). Nothing here sends a request.
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JudgeConfig } from '../model/config.generated.js';
import { DiskCache } from './cache.js';
import { CalibrationGate, DEFAULT_CALIBRATION_DIR } from './calibration.js';
import { loadCacheSecret } from './cache-secret.js';
import { GeminiBackend, type GeminiAuth } from './gemini.js';
import { Judge } from './judge.js';
import { OpenAiBackend } from './openai.js';
import { DEFAULT_RETRY } from './retry.js';
import { Budget, StructuredCaller } from './structured.js';
import type { LlmBackend } from './types.js';
import { UsageLedger } from './usage.js';

type JudgeBackendChoice = NonNullable<JudgeConfig['backend']>;

/** The `judge:` section of cxas-eval.config.yaml (generated from schemas/config.schema.json). */
export type { JudgeConfig };

export interface JudgeFlags {
  noJudge?: boolean;
  noCache?: boolean;
}

export interface JudgeContext {
  /** The CES app name: Vertex's default project comes from it. */
  app?: string;
  /** config.credentials.keyFile: the same service account as the CES client. */
  keyFile?: string;
  redact?: (text: string) => string;
  cwd?: string;
  /** Where cache integrity warnings go (default: a process warning). */
  warn?: (message: string) => void;
}

export type JudgeSetup =
  | { kind: 'ready'; judge: Judge; ledger: UsageLedger; calibration?: CalibrationGate }
  | { kind: 'disabled'; reason: string }
  | { kind: 'unavailable'; reason: string };

const DEFAULT_GEMINI_MODEL = 'gemini-2.5-flash';
const DEFAULT_CACHE_DIR = '.cxas-eval/cache/llm';
const NOT_CONFIGURED =
  'no judge configured: set GEMINI_API_KEY, set up Application Default Credentials (Vertex AI) ' +
  'or judge.backend in cxas-eval.config.yaml, or pass --no-judge to skip judge expectations';

export function resolveJudge(
  config: JudgeConfig = {},
  flags: JudgeFlags = {},
  env: NodeJS.ProcessEnv = process.env,
  ctx: JudgeContext = {},
): JudgeSetup {
  if (flags.noJudge) return { kind: 'disabled', reason: 'judge disabled (--no-judge)' };
  const choice = config.backend ?? 'auto';
  if (choice === 'none') return { kind: 'disabled', reason: 'judge disabled (judge.backend: none)' };
  const backend = createBackend(choice, config, env, ctx);
  if (typeof backend === 'string') return { kind: 'unavailable', reason: backend };
  const ledger = new UsageLedger(config.pricing);
  const caller = new StructuredCaller('judge', backend, callerSettings(config), {
    cache: cacheOf(config, flags, ctx, env),
    budget: new Budget(config.budget?.maxCalls),
    ledger,
    ...(ctx.redact ? { redact: ctx.redact } : {}),
  });
  const judge = new Judge(caller, config.samples ?? 1, ctx.redact);
  return { kind: 'ready', judge, ledger, calibration: calibrationGate(config, ctx) };
}

/** The stored calibrations every judge verdict is checked against (calibration.ts). */
function calibrationGate(
  config: JudgeConfig,
  ctx: Pick<JudgeContext, 'cwd' | 'warn' | 'redact'> = {},
): CalibrationGate {
  const dir = path.resolve(ctx.cwd ?? process.cwd(), config.calibration?.dir ?? DEFAULT_CALIBRATION_DIR);
  return new CalibrationGate(dir, config.calibration, ctx.warn, ctx.redact);
}

export function callerSettings(config: JudgeConfig) {
  return {
    temperature: config.temperature ?? 0,
    ...(config.seed !== undefined ? { seed: config.seed } : {}),
    concurrency: config.concurrency ?? 4,
    timeoutMs: config.timeoutMs ?? 30_000,
    retry: { ...DEFAULT_RETRY, ...config.retries },
  };
}

/** The run's cache; its entries are signed with the secret of `env` (cache-secret.ts). */
export function cacheOf(
  config: JudgeConfig,
  flags: JudgeFlags,
  ctx: Pick<JudgeContext, 'cwd' | 'warn'> = {},
  env: NodeJS.ProcessEnv = process.env,
): DiskCache {
  const mode = flags.noCache ? 'off' : (config.cache?.mode ?? 'readwrite');
  return new DiskCache(path.resolve(ctx.cwd ?? process.cwd(), config.cache?.dir ?? DEFAULT_CACHE_DIR), mode, {
    secret: () => loadCacheSecret(env),
    ...(ctx.warn ? { warn: ctx.warn } : {}),
  });
}

/**
 * Why `config` names no model for `choice`, which has no default one (openai), or undefined. Read
 * from the config alone, so `validate` reports it too, in these words.
 */
export function missingModel(choice: JudgeBackendChoice, config: JudgeConfig): string | undefined {
  return choice === 'openai' && !config.model ? 'judge.model is required with judge.backend: openai' : undefined;
}

/** A backend, or the one-line reason none can be made. */
export function createBackend(
  choice: Exclude<JudgeBackendChoice, 'none'>,
  config: JudgeConfig,
  env: NodeJS.ProcessEnv,
  ctx: JudgeContext,
): LlmBackend | string {
  const baseUrl = config.baseUrl;
  const common = { ...(baseUrl ? { baseUrl } : {}) };
  const geminiKey = env['GEMINI_API_KEY'] || env['GOOGLE_API_KEY'];
  const noModel = missingModel(choice, config);
  if (noModel) return noModel;
  if (choice === 'openai' && config.model) {
    const apiKey = env['OPENAI_API_KEY'] || (baseUrl || env['OPENAI_BASE_URL'] ? 'unused' : undefined);
    if (!apiKey) return 'judge.backend openai needs OPENAI_API_KEY (or judge.baseUrl for a server without keys)';
    return new OpenAiBackend({ model: config.model, apiKey, ...common });
  }
  const model = config.model ?? DEFAULT_GEMINI_MODEL;
  if (choice === 'gemini' || (choice === 'auto' && geminiKey)) {
    if (!geminiKey) return 'judge.backend gemini needs GEMINI_API_KEY (or GOOGLE_API_KEY)';
    return new GeminiBackend({ model, auth: { mode: 'apiKey', apiKey: geminiKey }, ...common });
  }
  if (choice === 'auto' && !adcResolves(env, ctx)) return NOT_CONFIGURED;
  const auth = vertexAuth(config, env, ctx);
  return typeof auth === 'string' ? auth : new GeminiBackend({ model, auth, ...common });
}

function vertexAuth(config: JudgeConfig, env: NodeJS.ProcessEnv, ctx: JudgeContext): GeminiAuth | string {
  const project = config.project ?? env['GOOGLE_CLOUD_PROJECT'] ?? /^projects\/([^/]+)\//.exec(ctx.app ?? '')?.[1];
  if (!project) return 'judge on Vertex AI needs a project: judge.project, GOOGLE_CLOUD_PROJECT or an app name';
  const location = config.location ?? env['GOOGLE_CLOUD_LOCATION'] ?? 'global';
  const token = env['CXAS_OAUTH_TOKEN'];
  return {
    mode: 'vertex',
    project,
    location,
    ...(ctx.keyFile ? { keyFile: ctx.keyFile } : token ? { token } : {}),
  };
}

/** Cheap, offline: an explicit key file or token, or gcloud's ADC file; never probes the metadata server. */
function adcResolves(env: NodeJS.ProcessEnv, ctx: JudgeContext): boolean {
  if (ctx.keyFile || env['GOOGLE_APPLICATION_CREDENTIALS'] || env['CXAS_OAUTH_TOKEN']) return true;
  const configDir =
    env['CLOUDSDK_CONFIG'] ??
    (process.platform === 'win32'
      ? path.join(env['APPDATA'] ?? '', 'gcloud')
      : path.join(os.homedir(), '.config', 'gcloud'));
  return existsSync(path.join(configDir, 'application_default_credentials.json'));
}
