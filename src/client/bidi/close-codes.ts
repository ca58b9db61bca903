// WebSocket close codes and HTTP upgrade failures → CesErrors. The emulator and the CES bridge
// put "STATUS: message" in the close reason; that status wins over the code's default.
import { CesAuthError, CesError } from '../errors.js';

export interface SocketContext {
  /** The session the socket is for, named in messages. */
  resource: string;
  appName: string;
  credentialSource: string;
  redact(text: string): string;
}

const STATUS_PREFIX = /^([A-Z_]+): /;
const RETRY_AFTER = /\(retry after (\d+)ms\)/;

/** undefined for a normal close (1000); else the error the close stands for. */
export function closeError(code: number, rawReason: string, ctx: SocketContext): CesError | undefined {
  if (code === 1000) return undefined;
  const reason = ctx.redact(rawReason);
  const at = `BidiRunSession ${ctx.resource}`;
  const status = STATUS_PREFIX.exec(reason)?.[1];
  const retry = RETRY_AFTER.exec(reason);
  const opts = retry ? { retryDelayMs: Number(retry[1]) } : {};
  const detail = reason || '(no reason given)';
  switch (code) {
    case 1008:
      return new CesError(
        status ?? 'INVALID_ARGUMENT',
        `${at}: the server refused the input (close 1008): ${detail}`,
        opts,
      );
    case 1013:
      return new CesError(
        status ?? 'UNAVAILABLE',
        `${at}: the server is overloaded, try again later (close 1013): ${detail}`,
        opts,
      );
    case 1011:
      return new CesError(status ?? 'INTERNAL', `${at}: server error (close 1011): ${detail}`, opts);
    case 1006:
      return new CesError('STREAM_DROPPED', `${at}: the connection dropped without a close frame (close 1006)`);
    default:
      return new CesError(status ?? 'STREAM_DROPPED', `${at}: the socket closed with code ${code}: ${detail}`, opts);
  }
}

/** The HTTP status that refused the upgrade → a typed error naming the credential source. */
export function upgradeError(statusCode: number, ctx: SocketContext): CesError {
  const at = `BidiRunSession ${ctx.resource}`;
  if (statusCode === 401)
    return new CesAuthError(
      'UNAUTHENTICATED',
      `${at}: authentication failed (HTTP 401) with credentials from ${ctx.credentialSource}`,
    );
  if (statusCode === 403)
    return new CesAuthError(
      'PERMISSION_DENIED',
      `${at}: permission denied (HTTP 403) for credentials from ${ctx.credentialSource} on app ${ctx.appName}`,
    );
  if (statusCode === 404)
    return new CesError(
      'NOT_FOUND',
      `${at}: no BidiRunSession WebSocket endpoint there (HTTP 404): check websocketEndpoint and apiVersion`,
    );
  if (statusCode === 429) return new CesError('RESOURCE_EXHAUSTED', `${at}: rate limited on connect (HTTP 429)`);
  if (statusCode >= 500)
    return new CesError('UNAVAILABLE', `${at}: the WebSocket upgrade failed with HTTP ${statusCode}`);
  return new CesError('UNKNOWN', `${at}: the WebSocket upgrade failed with HTTP ${statusCode}`);
}
