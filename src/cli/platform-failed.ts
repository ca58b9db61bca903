// `platform run --wait` that the platform never finished answering (--timeout passed, the server gone):
// the reports are still written, every conversation of the given specs an `error` with the reason (one
// with `skip:` skipped, with its own) and the run error naming what failed, so CI gets a current
// report set instead of none. One stopped by a signal while it waited is written the same way, each
// conversation `interrupted` and the run error naming the platform runs that go on server-side.
import type { CesError } from '../client/index.js';
import type { ConversationResult, ErrorInfo, RunResult, RunTarget } from '../model/result.js';
import type { SpecFile } from '../model/spec.js';
import { buildRunResult } from '../platform/index.js';
import { TOOL_VERSION } from '../package-root.js';

export interface PlatformRunContext {
  timeoutMs: number;
  startedAt: Date;
  /** Reports are written only for `--wait` (without it the command reports an operation, not results). */
  wait: boolean;
  files?: readonly SpecFile[];
}

/** The run error: TIMEOUT when --timeout's deadline passed, else the platform's own code. */
function platformFailure(err: CesError, ctx: PlatformRunContext): ErrorInfo {
  if (err.code === 'DEADLINE_EXCEEDED')
    return {
      code: 'TIMEOUT',
      message: `the platform did not answer within ${Math.round(ctx.timeoutMs / 1000)} s (--timeout): ${err.message}`,
    };
  return { code: `PLATFORM_${err.code}`, message: err.message };
}

export function failedPlatformRun(err: CesError, ctx: PlatformRunContext, target: RunTarget): RunResult {
  const error = platformFailure(err, ctx);
  const reason = { code: error.code, message: `not run on the platform: ${error.message}` };
  return notRunResult(ctx, target, error, (spec) => notRun(spec, reason));
}

/**
 * `platform run --wait` stopped by `signal` while the platform ran `operations` (which go on there:
 * nothing cancels them): each conversation of the given specs `interrupted`, and the run too.
 */
export function interruptedPlatformRun(
  signal: NodeJS.Signals,
  operations: readonly string[],
  ctx: PlatformRunContext,
  target: RunTarget,
): RunResult {
  const message = `${signal} while waiting for the platform; ${stillRunning(operations)}`;
  const error = { code: 'INTERRUPTED', message };
  return notRunResult(ctx, target, error, (spec) => notRun(spec, error, 'interrupted'), true);
}

/** A run of the given specs that the platform did not finish: each conversation as `each` says, one run error. */
function notRunResult(
  ctx: PlatformRunContext,
  target: RunTarget,
  error: ErrorInfo,
  each: (spec: SpecFile['conversations'][number]) => ConversationResult,
  interrupted = false,
): RunResult {
  const conversations = (ctx.files ?? []).flatMap((f) => f.conversations).map(each);
  return buildRunResult({
    toolVersion: TOOL_VERSION,
    startedAt: ctx.startedAt,
    target,
    conversations,
    errors: [error],
    ...(interrupted ? { interrupted: true } : {}),
  });
}

/** What a stop leaves running on the platform, in words. */
export function stillRunning(operations: readonly string[]): string {
  return operations.length
    ? `still running on the platform (not cancelled): ${operations.join(', ')}`
    : 'no platform run had started';
}

/** Each conversation an `error` with the reason; one with `skip:` is `skipped` with its own, as in any run. */
function notRun(
  spec: SpecFile['conversations'][number],
  error: ErrorInfo,
  status: 'error' | 'interrupted' = 'error',
): ConversationResult {
  const base: ConversationResult = {
    id: `${spec.id}#0`,
    specId: spec.id,
    name: spec.name,
    file: spec.file,
    ...(spec.loc ? { loc: spec.loc } : {}),
    tags: spec.tags,
    runIndex: 0,
    repeat: 1,
    modality: spec.modality,
    status,
    startedAt: new Date().toISOString(),
    durationMs: 0,
    attempts: [],
    turns: [],
    assertions: [],
  };
  return spec.skip ? { ...base, status: 'skipped', skipReason: spec.skip } : { ...base, error };
}
