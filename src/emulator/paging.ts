// Paging of every List method the emulator serves (AgentService, EvaluationService): AIP-158, as
// CES pages. A page token is opaque to clients: base64url of the offset of the next page. A negative
// pageSize or a token this emulator could not have issued is INVALID_ARGUMENT, as on CES; 0 means
// the default size and a larger size than the maximum is coerced to it.
import type { JsonObject } from '../model/json.js';
import { invalidArgument } from './errors.js';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

const tokenOf = (offset: number): string => Buffer.from(String(offset)).toString('base64url');

/** The offset a page token stands for; INVALID_ARGUMENT for anything but a token tokenOf made. */
function offsetOf(token: string): number {
  if (token === '') return 0;
  const text = Buffer.from(token, 'base64url').toString();
  // Decoding is lenient (it skips characters outside the alphabet): only the canonical encoding counts.
  if (!/^[1-9]\d{0,15}$/.test(text) || tokenOf(Number(text)) !== token)
    throw invalidArgument(`pageToken "${token}" is not a token this emulator issued`);
  return Number(text);
}

/** One page of `items` for a List request's pageSize and pageToken, with the next page's token. */
export function pageOf<T>(items: readonly T[], req: JsonObject): { page: T[]; nextPageToken?: string } {
  const requested = Number(req['pageSize'] ?? 0);
  if (requested < 0) throw invalidArgument(`pageSize must not be negative (got ${requested})`);
  const size = Math.min(requested || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const offset = offsetOf(String(req['pageToken'] ?? ''));
  const page = items.slice(offset, offset + size);
  return offset + size < items.length ? { page, nextPageToken: tokenOf(offset + size) } : { page };
}
