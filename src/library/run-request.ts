// What every executeRun of a `run` asks for alike, whichever side it plays (the run itself, or
// `--versions`' base side): the specs, the target, the plan and the pacing options.
import type { PlanOptions, RunRequest } from '../runner/index.js';
import type { SpecFile } from '../model/spec.js';
import type { EffectiveRunOptions } from './run-options.js';
import type { Target } from './run-target.js';

export function sharedRunRequest(
  files: readonly SpecFile[],
  target: Target,
  plan: PlanOptions,
  opts: EffectiveRunOptions,
  cwd: string,
  signals: { stop?: AbortSignal; abort?: AbortSignal },
): Pick<RunRequest, 'files' | 'sessions' | 'target' | 'cwd' | 'plan' | 'concurrency' | 'retries' | 'timeoutMs'> &
  Partial<Pick<RunRequest, 'stopSignal' | 'abortSignal'>> {
  return {
    files,
    sessions: target.sessions,
    target: target.info,
    cwd,
    plan,
    concurrency: opts.concurrency,
    retries: opts.retries,
    timeoutMs: opts.timeoutMs,
    ...(signals.stop ? { stopSignal: signals.stop } : {}),
    ...(signals.abort ? { abortSignal: signals.abort } : {}),
  };
}
