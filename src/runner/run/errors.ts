// Turning thrown errors into result data (ErrorInfo) and deciding what is worth retrying.
import type { ErrorInfo } from '../../model/result.js';

interface CodedError {
  code?: unknown;
  transient?: unknown;
  retryDelayMs?: unknown;
  message?: unknown;
}

/** Codes that mean "the server rejected this before applying it": safe to re-send in the same session. */
const REJECTED_BEFORE_APPLY = new Set(['RESOURCE_EXHAUSTED']);

function errorCode(err: unknown): string {
  const code = (err as CodedError | undefined)?.code;
  return typeof code === 'string' ? code : 'INTERNAL';
}

/** The client's CesError and the runner's RunnerError each say whether they are worth retrying. */
function isTransientError(err: unknown): boolean {
  return (err as CodedError | undefined)?.transient === true;
}

export function isQuotaRejection(err: unknown): boolean {
  return REJECTED_BEFORE_APPLY.has(errorCode(err));
}

export function retryDelayOf(err: unknown): number | undefined {
  const d = (err as CodedError | undefined)?.retryDelayMs;
  return typeof d === 'number' && Number.isFinite(d) ? d : undefined;
}

export function toErrorInfo(err: unknown, turn?: number): ErrorInfo {
  const message = err instanceof Error ? err.message : String(err);
  const info: ErrorInfo = { code: errorCode(err), message, transient: isTransientError(err) };
  if (turn !== undefined) info.turn = turn;
  return info;
}

/** A runner-side error with a stable code (timeouts, bad fixtures, interrupted runs). */
export class RunnerError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly transient = false,
  ) {
    super(message);
    this.name = 'RunnerError';
  }
}
