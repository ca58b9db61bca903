// The judge for one `cxas-eval run`: config `judge:` + --no-judge / --no-cache, the simulated user's model.
import { resolveJudge, type JudgeSetup } from '../judge/index.js';
import type { Redactor } from '../model/redact.js';
import { resolveUserModel, type UserModelSetup } from '../runner/index.js';
import type { EffectiveRunOptions } from './run-options.js';

/** A fresh judge (and usage ledger) per run, so --watch re-runs count their own tokens. */
export function judgeFor(
  opts: EffectiveRunOptions,
  app: string | undefined,
  cwd: string,
  redactor: Redactor,
): JudgeSetup {
  return resolveJudge(opts.judge, { noJudge: !opts.judgeEnabled, noCache: !opts.judgeCache }, process.env, {
    ...(app ? { app } : {}),
    ...(opts.keyFile ? { keyFile: opts.keyFile } : {}),
    cwd,
    redact: (text) => redactor.text(text),
    warn: warnOnStderr,
  });
}

/** The simulated user of `simulation:` conversations; shares the judge's cache (--no-cache included). */
export function userModelFor(
  opts: EffectiveRunOptions,
  app: string | undefined,
  cwd: string,
  redactor: Redactor,
): UserModelSetup {
  return resolveUserModel(opts.simulation, opts.judge, { noCache: !opts.judgeCache }, process.env, {
    ...(app ? { app } : {}),
    ...(opts.keyFile ? { keyFile: opts.keyFile } : {}),
    cwd,
    redact: (text) => redactor.text(text),
    warn: warnOnStderr,
  });
}

/** Cache integrity warnings: one line on stderr, never on stdout (it may be a report). */
function warnOnStderr(message: string): void {
  process.stderr.write(`cxas-eval: warning: ${message}\n`);
}
