// The judge for one `cxas-eval run`: config `judge:` + --no-judge / --no-cache, and --fail-on-skipped.
import { resolveJudge, type JudgeSetup } from '../judge/index.js';
import type { RunResult } from '../model/result.js';
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
  });
}

/** --fail-on-skipped: anything skipped (a conversation or an expectation) fails the run, counted in its errors. */
export function failOnSkipped(result: RunResult): void {
  const conversations = result.conversations.filter((c) => c.status === 'skipped').length;
  let assertions = 0;
  for (const c of result.conversations) {
    for (const t of c.turns) assertions += t.assertions.filter((a) => a.status === 'skipped').length;
    assertions += c.assertions.filter((a) => a.status === 'skipped').length;
  }
  if (conversations + assertions === 0) return;
  result.errors.push({
    code: 'FAIL_ON_SKIPPED',
    message:
      `--fail-on-skipped: ${conversations} skipped conversation(s) and ${assertions} skipped expectation(s)` +
      ' count as failures',
  });
  if (result.status === 'passed' || result.status === 'skipped') result.status = 'failed';
}
