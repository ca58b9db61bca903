// The simulated user's model: config `simulation:` (falling back to `judge:` for the backend and
// its limits) → a StructuredCaller per model on the judge's layer (src/judge/README.md), sharing
// the judge's disk cache. Without a user model (`simulation.backend: none`, or no credentials found)
// every simulation is skipped with the reason; a backend chosen but incomplete (`openai` without
// `simulation.userModel`, Vertex AI without a project) is a mistake: every simulation is an error.
import {
  Budget,
  cacheOf,
  callerSettings,
  createBackend,
  missingModel,
  StructuredCaller,
  UsageLedger,
  type JudgeConfig,
  type JudgeContext,
  type JudgeFlags,
} from '../../../judge/index.js';
import type { SimulationConfig } from '../../../model/config.generated.js';

/** The `simulation:` section of cxas-eval.config.yaml (generated from schemas/config.schema.json). */
export type { SimulationConfig };

const DEFAULT_SIMULATION_MAX_TURNS = 20;
const NO_USER_MODEL = 'no user model configured';

export type UserModelSetup =
  | {
      kind: 'ready';
      /** The caller for a conversation's userModel (else the configured one), or why none can be made. */
      callerFor(model?: string): StructuredCaller | string;
      ledger: UsageLedger;
      maxTurns: number;
      redact: (text: string) => string;
    }
  /** No user model at all: simulations are skipped. */
  | { kind: 'unavailable'; reason: string }
  /** A user model asked for but not usable as configured: simulations are errors (fail closed). */
  | { kind: 'misconfigured'; reason: string };

/** The error code of a simulation whose user model is misconfigured (as JUDGE_NOT_CONFIGURED is the judge's). */
export const USER_MODEL_NOT_CONFIGURED = 'USER_MODEL_NOT_CONFIGURED';

export function resolveUserModel(
  sim: SimulationConfig = {},
  judge: JudgeConfig = {},
  flags: JudgeFlags = {},
  env: NodeJS.ProcessEnv = process.env,
  ctx: JudgeContext = {},
): UserModelSetup {
  const config = userModelConfig(sim, judge);
  const choice = config.backend ?? 'auto';
  if (choice === 'none') return { kind: 'unavailable', reason: `${NO_USER_MODEL} (simulation.backend: none)` };
  // A backend without a default model (openai) and no simulation.userModel: only the conversations
  // that name no userModel of their own are errors (README: a conversation's userModel wins).
  const noModel = missingModel(choice, config);
  const noModelReason = noModel && `${misconfiguredReason(noModel)}${inheritedNote(sim, judge)}`;
  const first = noModel === undefined ? createBackend(choice, config, env, ctx) : undefined;
  if (typeof first === 'string') {
    if (first.startsWith(NO_CREDENTIALS)) return { kind: 'unavailable', reason: unavailableReason(first) };
    return { kind: 'misconfigured', reason: `${misconfiguredReason(first)}${inheritedNote(sim, judge)}` };
  }
  const ledger = new UsageLedger(config.pricing);
  // Masked like the judge's requests: persona, goals and earlier replies never leave the machine unmasked.
  const deps = {
    cache: cacheOf(judge, flags, ctx, env),
    budget: new Budget(config.budget?.maxCalls),
    ledger,
    ...(ctx.redact ? { redact: ctx.redact } : {}),
  };
  const callers = new Map<string, StructuredCaller>(
    first ? [[first.model, new StructuredCaller('user', first, callerSettings(config), deps)]] : [],
  );
  return {
    kind: 'ready',
    ledger,
    maxTurns: sim.maxTurns ?? DEFAULT_SIMULATION_MAX_TURNS,
    redact: ctx.redact ?? ((t) => t),
    callerFor(model) {
      const name = model ?? first?.model;
      // No name only where missingModel found none: noModelReason is then set.
      if (name === undefined) return noModelReason ?? misconfiguredReason('no model named');
      const known = callers.get(name);
      if (known) return known;
      const backend = createBackend(choice, { ...config, model: name }, env, ctx);
      if (typeof backend === 'string') return misconfiguredReason(backend);
      const caller = new StructuredCaller('user', backend, callerSettings(config), deps);
      callers.set(name, caller);
      return caller;
    },
  };
}

/**
 * The mistake of the user model's settings that needs no environment to see (a backend without a
 * default model, and no model named), as resolveUserModel words it, and the config key that chose
 * that backend; undefined when there is none. For `validate`.
 */
export function userModelSettingProblem(
  sim: SimulationConfig = {},
  judge: JudgeConfig = {},
): { reason: string; backendKey: 'simulation.backend' | 'judge.backend' } | undefined {
  const config = userModelConfig(sim, judge);
  const noModel = missingModel(config.backend ?? 'auto', config);
  if (!noModel) return undefined;
  const backendKey = sim.backend === undefined ? 'judge.backend' : 'simulation.backend';
  return { reason: `${misconfiguredReason(noModel)}${inheritedNote(sim, judge)}`, backendKey };
}

/** Said of a misconfigured user model whose backend the simulation took from the judge's settings. */
const inheritedNote = (sim: SimulationConfig, judge: JudgeConfig): string =>
  sim.backend === undefined && judge.backend !== undefined ? ' (from judge.backend)' : '';

/** The judge's settings under the simulation's own; the cache is always the judge's. */
function userModelConfig(sim: SimulationConfig, judge: JudgeConfig): JudgeConfig {
  const { userModel, maxTurns: _maxTurns, checkSimulator: _check, ...own } = sim;
  const inherited: JudgeConfig = {
    ...(judge.backend ? { backend: judge.backend } : {}),
    ...(judge.baseUrl ? { baseUrl: judge.baseUrl } : {}),
    ...(judge.project ? { project: judge.project } : {}),
    ...(judge.location ? { location: judge.location } : {}),
    ...(judge.retries ? { retries: judge.retries } : {}),
    ...(judge.timeoutMs ? { timeoutMs: judge.timeoutMs } : {}),
    ...(judge.pricing ? { pricing: judge.pricing } : {}),
  };
  return { ...inherited, ...own, ...(userModel ? { model: userModel } : {}) };
}

/** What createBackend says when `auto` found no credentials at all: the one case of "no user model". */
const NO_CREDENTIALS = 'no judge configured';

/** createBackend speaks of the judge; say it of the user model. */
function unavailableReason(backendReason: string): string {
  const detail = backendReason.startsWith(NO_CREDENTIALS)
    ? 'set GEMINI_API_KEY, Application Default Credentials (Vertex AI) or simulation.backend in cxas-eval.config.yaml'
    : ofUserModel(backendReason);
  return `${NO_USER_MODEL}: ${detail}`;
}

function misconfiguredReason(backendReason: string): string {
  return `the user model is not usable as configured: ${ofUserModel(backendReason)}`;
}

const ofUserModel = (backendReason: string): string =>
  backendReason.replace(/judge\.model/g, 'simulation.userModel').replace(/judge\./g, 'simulation.');
