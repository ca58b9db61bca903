// The judge for one `cxas-eval run`: config `judge:` + --no-judge / --no-cache, and --fail-on-skipped.
import { resolveJudge, type JudgeSetup } from '../judge/index.js';
import type { RunResult } from '../model/result.js';
import { runVerdict, skippedCount } from '../model/verdict.js';
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

/**
 * --fail-on-skipped: the run is judged again with that policy by the one verdict function (and keeps
 * the policy, so merge-reports judges its shards the same way); the run error says what was skipped.
 */
export function failOnSkipped(result: RunResult): void {
  result.policy = { ...result.policy, failOnSkipped: true };
  const skipped = skippedCount(result.conversations);
  if (skipped.total === 0) return;
  result.errors.push({
    code: 'FAIL_ON_SKIPPED',
    message:
      `--fail-on-skipped: ${skipped.conversations} skipped conversation(s)` +
      ` and ${skipped.assertions} skipped expectation(s) count as failures`,
  });
  result.status = runVerdict(result.conversations, result.repeats, result.interrupted, result.policy);
}
