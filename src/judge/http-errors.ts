// HTTP failures of either backend → LlmCallError, with the server's retry delay when it gave one.
import { abortReason } from './abort.js';
import { LlmCallError } from './types.js';

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const MAX_RAW = 2000;

/** `Retry-After` (seconds or an HTTP date) or google.rpc.RetryInfo's `retryDelay` ("1.5s") in the body. */
function retryAfterMs(headers: Headers | undefined, body: string): number | undefined {
  const header = headers?.get('retry-after-ms') ?? undefined;
  if (header && Number.isFinite(Number(header))) return Math.max(0, Number(header));
  const after = headers?.get('retry-after');
  if (after) {
    const seconds = Number(after);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(after);
    if (Number.isFinite(date)) return Math.max(0, date - Date.now());
  }
  return retryInfoDelay(body);
}

function retryInfoDelay(body: string): number | undefined {
  const m = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(body);
  return m ? Math.round(Number(m[1]) * 1000) : undefined;
}

export function httpError(status: number, body: string, headers: Headers | undefined, backend: string): LlmCallError {
  const code = status === 401 || status === 403 ? 'JUDGE_AUTH' : 'JUDGE_HTTP';
  const detail = oneLine(errorMessageOf(body) ?? body);
  return new LlmCallError(code, `${backend} answered HTTP ${status}${detail ? `: ${detail}` : ''}`, {
    status,
    retryable: RETRYABLE_STATUS.has(status),
    retryAfterMs: retryAfterMs(headers, body),
    raw: body.slice(0, MAX_RAW),
  });
}

function errorMessageOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } } | Array<{ error?: { message?: unknown } }>;
    const error = Array.isArray(parsed) ? parsed[0]?.error : parsed.error;
    return typeof error?.message === 'string' ? error.message : undefined;
  } catch {
    return undefined;
  }
}

export function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** A network failure (refused, reset, DNS): retryable. Aborts are the caller's timeout or cancellation. */
export function transportError(err: unknown, backend: string, signal: AbortSignal): LlmCallError {
  if (err instanceof LlmCallError) return err;
  // An SDK wraps what its fetch threw (our bounded-fetch errors among them) in its own error class.
  const wrapped = (err as { cause?: unknown } | undefined)?.cause;
  if (wrapped instanceof LlmCallError) return wrapped;
  if (signal.aborted) return abortReason(signal);
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const text = cause?.code ?? cause?.message ?? (err as Error).message ?? String(err);
  return new LlmCallError('JUDGE_TRANSPORT', `${backend} request failed: ${oneLine(text)}`, { retryable: true });
}
