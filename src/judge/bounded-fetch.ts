// Every LLM reply body is read through here: a server (or a proxy) sending megabytes cannot fill the
// heap or a report. The SDKs read whole bodies, so the cap sits in the fetch they are given.
import { httpError } from './http-errors.js';
import { LlmCallError } from './types.js';

/** A structured reply is a few hundred bytes; 4 MiB leaves room for metadata and thought signatures. */
const MAX_REPLY_BODY_BYTES = 4 * 1024 * 1024;

function tooLarge(backend: string, max: number): LlmCallError {
  return new LlmCallError('JUDGE_REPLY_TOO_LARGE', `${backend} sent a reply body over ${max} bytes`);
}

/** The response with its body read into memory, or a JUDGE_REPLY_TOO_LARGE error past `max` bytes. */
async function boundedResponse(res: Response, backend: string, max = MAX_REPLY_BODY_BYTES): Promise<Response> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > max) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge(backend, max);
  }
  if (!res.body) return res;
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(backend, max);
    }
    chunks.push(value);
  }
  const headers = new Headers(res.headers);
  headers.delete('content-length');
  headers.delete('content-encoding'); // fetch already decoded the body
  return new Response(Buffer.concat(chunks), { status: res.status, statusText: res.statusText, headers });
}

/**
 * A fetch for an SDK: bodies bounded; with `throwHttpErrors`, a non-OK answer becomes our error before
 * the SDK reads (and drops) its headers, so Retry-After survives.
 */
export function boundedFetch(backend: string, options: { throwHttpErrors: boolean }): typeof fetch {
  return async (input, init) => {
    const res = await boundedResponse(await fetch(input, init), backend);
    if (res.ok || !options.throwHttpErrors) return res;
    throw httpError(res.status, await res.text(), res.headers, backend);
  };
}
