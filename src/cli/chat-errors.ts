// A chat error as one clean line: a connection problem says which endpoint could not be reached,
// without gRPC's internals ("No connection established", an empty "Resolution note").
import { CesError } from '../client/index.js';

export function describeChatError(err: Error, endpoint: string | undefined): string {
  if (!(err instanceof CesError)) return `error: ${err.message}`;
  const message = err.message.replace(/\.?\s*Resolution note:\s*$/, '');
  if (
    err.code === 'UNAVAILABLE' &&
    /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|No connection established/.test(message)
  ) {
    const where = endpoint ?? 'the endpoint';
    const why = message.includes('ENOTFOUND')
      ? 'host not found'
      : message.includes('ECONNREFUSED')
        ? 'connection refused'
        : 'no connection';
    return `error [UNAVAILABLE]: cannot reach ${where} (${why}); check --endpoint, or that the server is running`;
  }
  return `error [${err.code}]: ${message}`;
}
