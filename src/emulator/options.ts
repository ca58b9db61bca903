// startEmulator's option names, checked before anything starts: a misspelt one (`websockt: false`,
// `overrides: { fault: … }`) was ignored, and the emulator ran with the default it meant to change.
// Each table is typed against its option type, so an option added without its name does not compile.
import { unknownNameText } from '../validation/index.js';
import type { FaultSpec } from './app.js';
import type { EmulatorOptions } from './index.js';
import type { EvaluationRunOptions } from './platform.js';
import type { SessionLimits } from './session.js';

type Names<T> = Record<keyof T, true>;

const TOP: Names<EmulatorOptions> = {
  app: true,
  port: true,
  wsPort: true,
  host: true,
  privateSocket: true,
  websocket: true,
  seed: true,
  overrides: true,
  auth: true,
  evaluationRuns: true,
  platform: true,
  sessions: true,
};

const FAULTS: Names<FaultSpec> = {
  unavailable: true,
  resourceExhausted: true,
  retryDelayMs: true,
  dropStream: true,
  quotaTurnsPerSecond: true,
  goAway: true,
  stallTurn: true,
};

/** The option objects inside the options, by their path, with the names each has. */
const NESTED: Record<string, readonly string[]> = {
  overrides: ['latencyMs', 'faults'] satisfies Array<keyof NonNullable<EmulatorOptions['overrides']>>,
  'overrides.faults': Object.keys(FAULTS),
  auth: ['token'] satisfies Array<keyof NonNullable<EmulatorOptions['auth']>>,
  evaluationRuns: Object.keys({
    operationPolls: true,
    queuedPolls: true,
    pollsToFinish: true,
    runState: true,
    unavailablePolls: true,
    slowPolls: true,
  } satisfies Names<EvaluationRunOptions>),
  'evaluationRuns.slowPolls': ['count', 'delayMs'] satisfies Array<
    keyof NonNullable<EvaluationRunOptions['slowPolls']>
  >,
  sessions: Object.keys({ idleTtlMs: true, maxSessions: true } satisfies Names<SessionLimits>),
};

/**
 * Throws a TypeError naming the first option no option object has, with the closest name or the
 * names there are: `unknown startEmulator option "websockt" (did you mean "websocket"?)`.
 */
export function checkOptionNames(opts: EmulatorOptions): void {
  if (typeof opts !== 'object' || opts === null) throw new TypeError('startEmulator needs an options object: { app }');
  checkNames(opts, Object.keys(TOP), '');
  for (const [where, known] of Object.entries(NESTED)) {
    const value = valueAt(opts, where);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) checkNames(value, known, `${where}.`);
  }
}

function checkNames(given: object, known: readonly string[], under: string): void {
  const unknown = Object.keys(given).find((name) => !known.includes(name));
  if (unknown !== undefined) throw new TypeError(unknownNameText(unknown, known, 'startEmulator option', true, under));
}

const valueAt = (opts: EmulatorOptions, where: string): unknown =>
  where.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], opts);
