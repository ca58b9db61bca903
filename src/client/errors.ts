// Typed errors of the Sessions client. The runner decides retries from `code`/`transient`
// alone, so every failure leaving this folder is a CesError (or a subclass) with a stable code.
import { status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { decodeRetryDelayMs, STATUS_DETAILS_KEY } from './proto/status.js';

/** Codes a caller may retry (with a fresh session for anything that could have been applied). */
const TRANSIENT_CODES = new Set([
  'UNAVAILABLE',
  'RESOURCE_EXHAUSTED',
  'DEADLINE_EXCEEDED',
  'STREAM_DROPPED',
  'ABORTED',
  'TIMEOUT',
  'GO_AWAY',
]);

export interface CesErrorOptions {
  grpcCode?: number;
  retryDelayMs?: number;
  cause?: unknown;
}

export class CesError extends Error {
  readonly code: string;
  readonly grpcCode?: number;
  readonly transient: boolean;
  readonly retryDelayMs?: number;

  constructor(code: string, message: string, opts: CesErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    this.transient = TRANSIENT_CODES.has(code);
    if (opts.grpcCode !== undefined) this.grpcCode = opts.grpcCode;
    if (opts.retryDelayMs !== undefined) this.retryDelayMs = opts.retryDelayMs;
  }
}

/** Bad arguments from the caller: nothing was sent. */
export class CesInputError extends CesError {
  constructor(message: string) {
    super('INVALID_INPUT', message);
  }
}

/** UNAUTHENTICATED or PERMISSION_DENIED; the message names where the credentials came from. */
export class CesAuthError extends CesError {}

export class CesNotImplementedError extends CesError {
  constructor(message: string) {
    super('NOT_IMPLEMENTED', message);
  }
}

export function isTransient(err: unknown): boolean {
  return err instanceof CesError ? err.transient : false;
}

export function cancelledByCaller(what: string): CesError {
  return new CesError('CANCELLED_BY_CALLER', `${what} was cancelled by the caller (AbortSignal)`);
}

/** A call on a Sessions after its close(): not transient, the caller must make a new client. */
export function clientClosed(what: string): CesError {
  return new CesError('CLIENT_CLOSED', `${what}: this Sessions client was closed (close()); create a new one`);
}

/** What the failing call was about, so messages can name the app, session and credential source. */
export interface CallContext {
  method: string;
  /** Session or conversation resource the call was for. */
  resource: string;
  appName: string;
  credentialSource: string;
  /** Removes secrets (tokens) from server-provided text. */
  redact(text: string): string;
}

const CODE_NAMES = new Map<number, string>(
  Object.entries(GrpcStatus)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => [v as number, k]),
);

function grpcCodeName(code: number): string {
  return CODE_NAMES.get(code) ?? `GRPC_${code}`;
}

/** A grpc-js ServiceError → CesError with an actionable one-line message. */
export function fromGrpcError(err: ServiceError, ctx: CallContext): CesError {
  const details = ctx.redact(err.details || err.message || '');
  const grpcCode = err.code;
  const retryDelayMs = readRetryDelay(err);
  const opts: CesErrorOptions = { grpcCode, ...(retryDelayMs !== undefined ? { retryDelayMs } : {}) };
  const name = grpcCodeName(grpcCode);
  const at = `${ctx.method} ${ctx.resource}`;
  switch (name) {
    case 'UNAUTHENTICATED':
      return new CesAuthError(
        name,
        `${at}: authentication failed with credentials from ${ctx.credentialSource}: ${details}`,
        opts,
      );
    case 'PERMISSION_DENIED':
      return new CesAuthError(
        name,
        `${at}: permission denied for credentials from ${ctx.credentialSource} on app ${ctx.appName}: ${details}`,
        opts,
      );
    case 'NOT_FOUND':
      return new CesError(
        name,
        `${at}: not found (check that app ${ctx.appName} exists and the resource name is right): ${details}`,
        opts,
      );
    case 'RESOURCE_EXHAUSTED':
      // gRPC's own message size limit has the quota's code; re-sending the same message cannot help.
      if (/larger than max|message too large|exceeds the max/i.test(details)) {
        return new CesError(
          'MESSAGE_TOO_LARGE',
          `${at}: a message exceeded gRPC's size limit (not retried): ${details}`,
          opts,
        );
      }
      break;
    case 'INTERNAL':
      if (/RST_STREAM|stream (was )?(reset|closed|dropped)|Received RST/i.test(details)) {
        return new CesError('STREAM_DROPPED', `${at}: the server dropped the stream: ${details}`, opts);
      }
      break;
  }
  return new CesError(name, `${at} failed with ${name}: ${details}`, opts);
}

function readRetryDelay(err: ServiceError): number | undefined {
  const raw = err.metadata?.get(STATUS_DETAILS_KEY)[0];
  return raw === undefined ? undefined : decodeRetryDelayMs(raw);
}
