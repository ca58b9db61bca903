// The judge for one `cxas-eval run`: config `judge:` + --no-judge / --no-cache, the simulated user's model.
import { resolveJudge, type JudgeSetup } from '../judge/index.js';
import type { Redactor } from '../model/redact.js';
import { resolveUserModel, type UserModelSetup } from '../runner/index.js';
import type { EffectiveRunOptions } from './run-options.js';
import type { RunIO } from './io.js';

/** A fresh judge (and usage ledger) per run, so --watch re-runs count their own tokens. */
export function judgeFor(
  opts: EffectiveRunOptions,
  app: string | undefined,
  cwd: string,
  redactor: Redactor,
  io: Pick<RunIO, 'env' | 'warn'>,
): JudgeSetup {
  return resolveJudge(opts.judge, { noJudge: !opts.judgeEnabled, noCache: !opts.judgeCache }, io.env, {
    ...(app ? { app } : {}),
    ...(opts.keyFile ? { keyFile: opts.keyFile } : {}),
    cwd,
    redact: (text) => redactor.text(text),
    warn: (message) => io.warn(`cxas-eval: warning: ${message}\n`),
  });
}

/** The simulated user of `simulation:` conversations; shares the judge's cache (--no-cache included). */
export function userModelFor(
  opts: EffectiveRunOptions,
  app: string | undefined,
  cwd: string,
  redactor: Redactor,
  io: Pick<RunIO, 'env' | 'warn'>,
): UserModelSetup {
  return resolveUserModel(opts.simulation, opts.judge, { noCache: !opts.judgeCache }, io.env, {
    ...(app ? { app } : {}),
    ...(opts.keyFile ? { keyFile: opts.keyFile } : {}),
    cwd,
    redact: (text) => redactor.text(text),
    warn: (message) => io.warn(`cxas-eval: warning: ${message}\n`),
  });
}
