// Simulated users (`simulation:` conversations): the user model, the turn driver with its stop
// rules, the goals step that grades each goal with the judge, and the judge's check of the simulated
// user itself (fault-check.ts). See src/runner/README.md.
import type { JudgeSetup } from '../../../judge/index.js';
import type { ErrorInfo } from '../../../model/result.js';
import type { ConversationSpec } from '../../../model/spec.js';
import { SimulationDriver, type SimulationEnv } from './driver.js';
import { USER_MODEL_NOT_CONFIGURED, type UserModelSetup } from './user-model.js';

export { goalsStep } from './goals-step.js';
export { simulatorCheckStep } from './fault-check.js';
export { type UserModelSetup } from './user-model.js';

/** What a run gives its simulations: the user model, and the judge that grades the goals. */
export interface SimulationSetup {
  user: UserModelSetup;
  judge?: JudgeSetup | undefined;
}

/**
 * Why a simulation cannot run at all, as the result's status and reason: no user model (skipped,
 * like a judge turned off), one asked for but misconfigured (an error, fail closed: user-model.ts),
 * or a judge that cannot grade the goals (skipped when turned off, an error when it is missing).
 * Nothing is sent to the agent in those cases.
 */
export function unrunnableSimulation(
  spec: ConversationSpec,
  setup: SimulationSetup | undefined,
): { skip: string } | { error: ErrorInfo } | undefined {
  const user = setup?.user ?? { kind: 'unavailable', reason: 'no user model configured (RunRequest.simulation)' };
  if (user.kind === 'unavailable') return { skip: user.reason };
  if (user.kind === 'misconfigured') return { error: { code: USER_MODEL_NOT_CONFIGURED, message: user.reason } };
  // The backend works for the configured model: one it refuses for this conversation's is a mistake too.
  const caller = user.callerFor(spec.simulation?.userModel);
  if (typeof caller === 'string') return { error: { code: USER_MODEL_NOT_CONFIGURED, message: caller } };
  const judge = setup?.judge;
  if (judge?.kind === 'ready') return undefined;
  if (judge?.kind === 'disabled') return { skip: `simulation goals need the LLM judge: ${judge.reason}` };
  const reason = judge?.reason ?? 'no judge configured (RunRequest.judge)';
  return { error: { code: 'JUDGE_NOT_CONFIGURED', message: `simulation goals need the LLM judge: ${reason}` } };
}

/** The driver of one attempt; call only after unrunnableSimulation said it can run. */
export function simulationDriver(
  spec: ConversationSpec,
  setup: SimulationSetup | undefined,
  env: Pick<SimulationEnv, 'results' | 'ended' | 'signal'>,
): SimulationDriver {
  const user = setup?.user;
  const caller = user?.kind === 'ready' ? user.callerFor(spec.simulation?.userModel) : undefined;
  if (!spec.simulation || user?.kind !== 'ready' || caller === undefined || typeof caller === 'string') {
    throw new Error(`simulation "${spec.name}" started without a user model`);
  }
  const audio = spec.modality === 'audio';
  return new SimulationDriver(spec.simulation, { ...env, audio, caller, maxTurns: user.maxTurns, redact: user.redact });
}
