// What both directions of the proto3 JSON mapping (to-json.ts, from-json.ts) need to know about
// a field or message type: integer widths, the wrapper types, and how an Any names its payload.
import protobuf from 'protobufjs';
import { ProtoJsonError } from './json-error.js';
import { fullNameOf } from './full-name.js';

export type Obj = Record<string, unknown>;

export interface FromProto3JsonOptions {
  /** Skip unknown keys and unknown enum names instead of failing (json_format's ignore_unknown_fields). */
  ignoreUnknown?: boolean;
}

export const INT64 = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
export const INT32 = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);
export const WRAPPERS = new Set(
  ['Double', 'Float', 'Int64', 'UInt64', 'Int32', 'UInt32', 'Bool', 'String', 'Bytes'].map(
    (w) => `.google.protobuf.${w}Value`,
  ),
);

/** The message type an Any's type URL names, if the loaded protos have it. */
export function findAnyType(anyType: protobuf.Type, url: string): protobuf.Type | undefined {
  const name = url.slice(url.lastIndexOf('/') + 1);
  const found = name ? anyType.root.lookup(name) : null;
  return found instanceof protobuf.Type ? found : undefined;
}

export function lookupAnyType(anyType: protobuf.Type, url: string, where: string): protobuf.Type {
  const found = findAnyType(anyType, url);
  if (!found) throw new ProtoJsonError(`${where}: Any of unknown type ${JSON.stringify(url)}`);
  return found;
}

export function isWellKnown(type: protobuf.Type): boolean {
  const name = fullNameOf(type);
  return name.startsWith('.google.protobuf.') && name !== '.google.protobuf.Empty';
}
