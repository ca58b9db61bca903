// google.rpc.Status details carried in the `grpc-status-details-bin` trailer: how a server
// tells a client how long to wait (RetryInfo) before retrying RESOURCE_EXHAUSTED/UNAVAILABLE.
// protobufjs defines google.protobuf.Any itself with the original `type_url` field name.
// The emulator encodes with these helpers and the client decodes with them.
import type protobuf from 'protobufjs';
import { protoRegistry } from './registry.js';

export const STATUS_DETAILS_KEY = 'grpc-status-details-bin';
const RETRY_INFO_URL = 'type.googleapis.com/google.rpc.RetryInfo';

let rpcTypes: { Status: protobuf.Type; RetryInfo: protobuf.Type } | undefined;
function rpc(): { Status: protobuf.Type; RetryInfo: protobuf.Type } {
  const registry = protoRegistry();
  rpcTypes ??= {
    Status: registry.lookupType('base', 'google.rpc.Status'),
    RetryInfo: registry.lookupType('base', 'google.rpc.RetryInfo'),
  };
  return rpcTypes;
}

/** Serialised google.rpc.Status with a RetryInfo detail, for the `grpc-status-details-bin` trailer. */
export function encodeRetryStatus(code: number, message: string, retryDelayMs: number): Buffer {
  const { Status, RetryInfo } = rpc();
  const seconds = Math.floor(retryDelayMs / 1000);
  const nanos = Math.round((retryDelayMs - seconds * 1000) * 1e6);
  const retry = RetryInfo.encode(RetryInfo.create({ retryDelay: { seconds, nanos } })).finish();
  const status = Status.create({ code, message, details: [{ type_url: RETRY_INFO_URL, value: retry }] });
  return Buffer.from(Status.encode(status).finish());
}

/** The RetryInfo delay in ms from a `grpc-status-details-bin` value, or undefined when absent or unreadable. */
export function decodeRetryDelayMs(details: Buffer | string | undefined): number | undefined {
  if (details === undefined) return undefined;
  const bytes = typeof details === 'string' ? Buffer.from(details, 'base64') : details;
  try {
    const { Status, RetryInfo } = rpc();
    const status = Status.toObject(Status.decode(bytes), { longs: Number }) as {
      details?: Array<{ type_url?: string; typeUrl?: string; value: Uint8Array }>;
    };
    const any = status.details?.find((d) => (d.type_url ?? d.typeUrl) === RETRY_INFO_URL);
    if (!any) return undefined;
    const info = RetryInfo.toObject(RetryInfo.decode(any.value), { longs: Number }) as {
      retryDelay?: { seconds?: number; nanos?: number };
    };
    if (!info.retryDelay) return undefined;
    return (info.retryDelay.seconds ?? 0) * 1000 + (info.retryDelay.nanos ?? 0) / 1e6;
  } catch {
    // A malformed detail must not hide the real error: the caller still has code and message.
    return undefined;
  }
}
